//! What differs between the baseline and the files now, in words: `mode 0644 → 0666`.

use crate::model::host::{ChangeKind, FileChange, FileKind, HostFile, path_matches};
use std::collections::BTreeMap;

/// Added, removed and modified files, sorted by path. A path counts as added or removed only
/// when both the baseline's watched list and today's cover it: widening the list in the
/// config is not a change on the host.
pub fn changes(
    before: &[HostFile],
    before_watched: &[String],
    now: &[HostFile],
    now_watched: &[String],
) -> Vec<FileChange> {
    let covered = |list: &[String], path: &str| list.iter().any(|p| path_matches(p, path));
    let old: BTreeMap<&str, &HostFile> = before.iter().map(|f| (f.path.as_str(), f)).collect();
    let new: BTreeMap<&str, &HostFile> = now.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut out = Vec::new();
    for (path, was) in &old {
        match new.get(path) {
            Some(is) => {
                let details = differences(was, is);
                if !details.is_empty() {
                    out.push(change(path, ChangeKind::Modified, details));
                }
            }
            None if covered(now_watched, path) => out.push(change(
                path,
                ChangeKind::Removed,
                vec![format!("was {}", was.summary())],
            )),
            None => {}
        }
    }
    for (path, is) in &new {
        if !old.contains_key(path) && covered(before_watched, path) {
            out.push(change(path, ChangeKind::Added, vec![is.summary()]));
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn change(path: &str, kind: ChangeKind, details: Vec<String>) -> FileChange {
    FileChange {
        path: path.to_owned(),
        kind,
        details,
    }
}

/// One item per attribute that differs, in a fixed order.
fn differences(was: &HostFile, is: &HostFile) -> Vec<String> {
    let mut out = Vec::new();
    if was.kind != is.kind {
        out.push(format!("kind {} → {}", was.kind.as_str(), is.kind.as_str()));
    } else if was.sha256.is_some() && is.sha256.is_some() && was.sha256 != is.sha256 {
        // A side without a hash (unreadable now, or too large) says nothing about content.
        let what = if is.kind == FileKind::Symlink {
            "symlink target sha256"
        } else {
            "content sha256"
        };
        out.push(format!(
            "{what} {} → {}",
            short(was.sha256.as_deref()),
            short(is.sha256.as_deref())
        ));
    }
    if was.mode != is.mode {
        out.push(format!("mode {} → {}", was.mode_label(), is.mode_label()));
    }
    // Ids, not names: renaming a user in /etc/passwd does not change who owns the file.
    if (was.uid, was.gid) != (is.uid, is.gid) {
        out.push(format!("owner {} → {}", was.ownership(), is.ownership()));
    }
    if was.kind == FileKind::File && is.kind == FileKind::File && was.size != is.size {
        out.push(format!("size {} → {} bytes", was.size, is.size));
    }
    out
}

/// The first 8 hex digits: enough to tell two versions apart at a glance.
fn short(hash: Option<&str>) -> String {
    match hash {
        Some(h) => format!("{}…", h.get(..8).unwrap_or(h)),
        None => "not hashed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, mode: u32, content: char, size: u64) -> HostFile {
        HostFile {
            path: path.into(),
            kind: FileKind::File,
            mode,
            uid: 0,
            gid: 0,
            owner: Some("root".into()),
            group: Some("root".into()),
            sha256: Some(content.to_string().repeat(64)),
            size,
        }
    }

    fn watched() -> Vec<String> {
        vec![
            "/etc/docker/daemon.json".into(),
            "/etc/kubernetes/manifests/*".into(),
        ]
    }

    #[test]
    fn modified_says_exactly_what_changed() {
        let was = [file("/etc/docker/daemon.json", 0o644, 'a', 120)];
        let mut is = file("/etc/docker/daemon.json", 0o666, 'b', 164);
        is.uid = 1000;
        is.owner = None;
        let changes = changes(&was, &watched(), &[is], &watched());
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, ChangeKind::Modified);
        assert_eq!(
            changes[0].details,
            [
                "content sha256 aaaaaaaa… → bbbbbbbb…",
                "mode 0644 → 0666",
                "owner root:root → 1000:root",
                "size 120 → 164 bytes",
            ]
        );
    }

    #[test]
    fn kind_changes_and_unchanged_files() {
        let was = [file("/etc/docker/daemon.json", 0o644, 'a', 1)];
        let mut link = file("/etc/docker/daemon.json", 0o777, 'c', 11);
        link.kind = FileKind::Symlink;
        let changed = changes(&was, &watched(), &[link], &watched());
        assert_eq!(
            changed[0].details,
            ["kind file → symlink", "mode 0644 → 0777"]
        );
        assert!(changes(&was, &watched(), &was, &watched()).is_empty());
    }

    #[test]
    fn added_and_removed_within_the_watched_list() {
        let was = [file("/etc/kubernetes/manifests/etcd.yaml", 0o600, 'a', 10)];
        let is = [file("/etc/kubernetes/manifests/evil.yaml", 0o644, 'b', 20)];
        let changes = changes(&was, &watched(), &is, &watched());
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].path, "/etc/kubernetes/manifests/etcd.yaml");
        assert_eq!(changes[0].kind, ChangeKind::Removed);
        assert_eq!(changes[0].details, ["was file root:root 0600, 10 bytes"]);
        assert_eq!(changes[1].kind, ChangeKind::Added);
        assert_eq!(changes[1].details, ["file root:root 0644, 20 bytes"]);
    }

    #[test]
    fn a_newly_watched_path_is_not_added() {
        let is = [file("/etc/containerd/config.toml", 0o644, 'a', 10)];
        let mut now_watched = watched();
        now_watched.push("/etc/containerd/config.toml".into());
        assert!(changes(&[], &watched(), &is, &now_watched).is_empty());
        // And a path no longer watched is not removed.
        assert!(changes(&is, &now_watched, &[], &watched()).is_empty());
    }
}
