//! The only writes shipshape ever sends to an engine: pause, unpause or stop one container,
//! after the operator confirmed it in the TUI.

use super::{DockerSettings, client};
use crate::model::action::ContainerAction;

/// Connects afresh (the watcher may be reconnecting) and carries out one action.
pub async fn act(
    settings: &DockerSettings,
    id: &str,
    action: ContainerAction,
) -> Result<(), String> {
    let endpoint = super::resolve_endpoint(settings).map_err(|e| e.to_string())?;
    let docker = client::connect(&endpoint).await?.docker;
    let result = match action {
        ContainerAction::Pause => docker.pause_container(id).await,
        ContainerAction::Unpause => docker.unpause_container(id).await,
        ContainerAction::Stop => docker.stop_container(id, None).await,
    };
    result.map_err(|e| client::describe_error(&endpoint, &crate::sources::error_chain(&e)))
}
