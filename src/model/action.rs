//! What the operator may do to a container, only ever after confirming it in the TUI.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContainerAction {
    /// Freezes every process (cgroup freezer): stops a miner, keeps memory for forensics.
    Pause,
    Unpause,
    /// SIGTERM, then SIGKILL after the container's stop timeout.
    Stop,
}

impl ContainerAction {
    pub const fn as_str(self) -> &'static str {
        match self {
            ContainerAction::Pause => "pause",
            ContainerAction::Unpause => "unpause",
            ContainerAction::Stop => "stop",
        }
    }

    /// What it does, for the confirmation.
    pub const fn consequence(self) -> &'static str {
        match self {
            ContainerAction::Pause => {
                "freezes every process in it (docker pause); memory and files stay for forensics"
            }
            ContainerAction::Unpause => "lets its processes run again (docker unpause)",
            ContainerAction::Stop => {
                "sends SIGTERM, then SIGKILL after its stop timeout (docker stop)"
            }
        }
    }
}

/// One line of the action log: who did what to which container, and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRecord {
    pub time: jiff::Timestamp,
    /// The operator's login (`SUDO_USER`, else `USER`).
    pub user: String,
    pub context: String,
    pub container_id: String,
    pub container: String,
    pub action: ContainerAction,
    /// `confirmed` when asked for, then `done` or `failed: why`.
    pub outcome: String,
}
