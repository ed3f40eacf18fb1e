//! The only writes shipshape ever sends to an engine: pause, unpause or stop one container,
//! after the operator confirmed it in the TUI.

use super::{DockerSettings, client};
use crate::model::action::ContainerAction;
use bollard::query_parameters::StopContainerOptions;

/// Seconds `docker stop` gives the container after SIGTERM before SIGKILL (Docker's default).
const STOP_GRACE_SECS: i32 = 10;
/// Requests may take the grace period and then some.
const ACTION_TIMEOUT_SECS: u64 = 30;

/// Connects afresh (the watcher may be reconnecting) and carries out one action.
pub async fn act(
    settings: &DockerSettings,
    id: &str,
    action: ContainerAction,
) -> Result<(), String> {
    let endpoint = super::resolve_endpoint(settings).map_err(|e| e.to_string())?;
    let docker = client::connect_with_timeout(&endpoint, ACTION_TIMEOUT_SECS)
        .await?
        .docker;
    let result = match action {
        ContainerAction::Pause => docker.pause_container(id).await,
        ContainerAction::Unpause => docker.unpause_container(id).await,
        ContainerAction::Stop => {
            let options = StopContainerOptions {
                t: Some(STOP_GRACE_SECS),
                ..Default::default()
            };
            docker.stop_container(id, Some(options)).await
        }
    };
    result.map_err(|e| client::describe_error(&endpoint, &crate::sources::error_chain(&e)))
}
