//! What the host audit read: the engine's and kubelet's configuration files, their owner, mode
//! and content hash, and how they differ from the recorded integrity baseline.
//!
//! Facts only. Which owner and mode CIS expects for each path is a rule's business
//! (`rules::host`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
/// Fields missing from an older or hand-written file take their defaults.
#[serde(default)]
pub struct HostFacts {
    /// The root the audit read: `/`, or the folder given with `--host-root`.
    pub root: String,
    /// Every watched path that exists, sorted by path. Absent paths are left out.
    pub files: Vec<HostFile>,
    /// The baseline the files were compared with. `None` when there is none yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineInfo>,
    /// Files added, removed or changed since the baseline, sorted by path.
    #[serde(default)]
    pub changes: Vec<FileChange>,
    /// Paths that could not be read, with why (`permission denied`).
    #[serde(default)]
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    File,
    Directory,
    Socket,
    Symlink,
    Other,
}

impl FileKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            FileKind::File => "file",
            FileKind::Directory => "directory",
            FileKind::Socket => "socket",
            FileKind::Symlink => "symlink",
            FileKind::Other => "other",
        }
    }
}

/// One watched path as found on the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostFile {
    /// The path as the host sees it (`/etc/docker/daemon.json`), without the audit root.
    pub path: String,
    pub kind: FileKind,
    /// Permission bits, e.g. `0o644` (no file-type bits).
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    /// Names from the audited root's `/etc/passwd` and `/etc/group`, when listed there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// SHA-256 of the content, for regular files; of the link's target path, for symlinks (so
    /// a symlink pointed elsewhere shows as a change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    pub size: u64,
}

impl HostFile {
    /// `root:docker`, with numeric ids where no name is known.
    pub fn ownership(&self) -> String {
        let owner = self.owner.clone().unwrap_or_else(|| self.uid.to_string());
        let group = self.group.clone().unwrap_or_else(|| self.gid.to_string());
        format!("{owner}:{group}")
    }

    /// `0644`.
    pub fn mode_label(&self) -> String {
        format!("{:04o}", self.mode)
    }

    /// `file root:root 0644, 120 bytes`: what an added or removed file was.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} {} {}",
            self.kind.as_str(),
            self.ownership(),
            self.mode_label()
        );
        if self.kind == FileKind::File {
            text.push_str(&format!(", {} bytes", self.size));
        }
        text
    }
}

/// Whether a watched-path pattern covers a host path. A `*` component matches any one
/// component (`/etc/kubernetes/manifests/*`); every other component matches literally.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let mut p = pattern.split('/');
    let mut t = path.split('/');
    loop {
        match (p.next(), t.next()) {
            (None, None) => return true,
            (Some("*"), Some(c)) if !c.is_empty() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// When the baseline was recorded and where it is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub recorded_at: jiff::Timestamp,
    /// The baseline file in the data folder.
    pub path: String,
    /// Recorded by this very run (there was none before), so nothing can differ yet.
    #[serde(default)]
    pub recorded_now: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

impl ChangeKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
        }
    }
}

/// One difference between the baseline and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    pub path: String,
    pub kind: ChangeKind,
    /// What changed, one item each: `content sha256 1a2b3c4d… → 5e6f7a8b…`,
    /// `mode 0644 → 0666`, `owner root:root → 1000:root`, `size 120 → 164 bytes`.
    pub details: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_matches_one_whole_component() {
        assert!(path_matches(
            "/etc/docker/daemon.json",
            "/etc/docker/daemon.json"
        ));
        assert!(path_matches(
            "/etc/kubernetes/manifests/*",
            "/etc/kubernetes/manifests/etcd.yaml"
        ));
        assert!(path_matches(
            "/etc/docker/certs.d/*/*",
            "/etc/docker/certs.d/reg:5000/ca.crt"
        ));
        assert!(!path_matches(
            "/etc/kubernetes/manifests/*",
            "/etc/kubernetes/manifests"
        ));
        assert!(!path_matches(
            "/etc/kubernetes/manifests/*",
            "/etc/kubernetes/manifests/a/b"
        ));
        assert!(!path_matches("/etc/docker", "/etc/docker/daemon.json"));
    }

    #[test]
    fn summary_names_kind_owner_mode_and_size() {
        let file = HostFile {
            path: "/etc/docker/daemon.json".into(),
            kind: FileKind::File,
            mode: 0o644,
            uid: 0,
            gid: 1000,
            owner: Some("root".into()),
            group: None,
            sha256: None,
            size: 120,
        };
        assert_eq!(file.summary(), "file root:1000 0644, 120 bytes");
    }
}
