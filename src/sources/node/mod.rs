//! The node's own `/proc` and cgroup files, read directly when shipshape runs on the engine's
//! host: a container's usage and processes cost a few file reads and no work for the engine.
//! Every reader first checks that a PID really is the container's here (see
//! [`cgroup::Cgroup::locate`]); where it is not, callers ask the engine instead.

pub mod cgroup;
pub mod connections;
pub mod processes;
pub mod users;

use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads a `/proc` or cgroup file. These report a size of 0, so `read_to_string` would start
/// with a tiny buffer and make many reads; some (`net/tcp` walks the whole socket table each
/// time) are costly per read. One generous buffer makes it two reads.
pub fn read_text(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::with_capacity(64 * 1024);
    file.read_to_end(&mut bytes).ok()?;
    String::from_utf8(bytes).ok()
}

/// Where the node's files are: the real ones, or a test's copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub proc_root: PathBuf,
    pub cgroup_root: PathBuf,
}

impl Node {
    /// This machine.
    pub fn host() -> Self {
        Self {
            proc_root: PathBuf::from("/proc"),
            cgroup_root: PathBuf::from("/sys/fs/cgroup"),
        }
    }
}
