//! Host paths inside the audit root, resolved as if the root were `/`.
//!
//! Under `--host-root /mnt/host`, `/var/run` is usually a symlink to `/run`: followed by the
//! kernel it would lead out of the root to the auditing machine's own `/run`. Here every
//! symlink on the way is resolved against the root instead, and `..` never climbs above it.

use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Linux gives up after 40 links; so do we.
const MAX_LINKS: usize = 40;

/// Where `host_path` is inside `root`. Symlinks in the folders on the way are followed within
/// the root; the last component is followed only when `follow_last` (the audit reports a
/// watched symlink as a symlink). Absent folders on the way are `NotFound`.
pub fn resolve(root: &Path, host_path: &str, follow_last: bool) -> io::Result<PathBuf> {
    let mut done: Vec<OsString> = Vec::new();
    let mut todo: Vec<OsString> = components(Path::new(host_path));
    todo.reverse(); // a stack: the next component is last
    let mut links = 0;
    while let Some(name) = todo.pop() {
        if name == ".." {
            done.pop();
            continue;
        }
        let here = join(root, &done).join(&name);
        if todo.is_empty() && !follow_last {
            done.push(name);
            break;
        }
        let meta = std::fs::symlink_metadata(&here)?;
        if !meta.file_type().is_symlink() {
            done.push(name);
            continue;
        }
        links += 1;
        if links > MAX_LINKS {
            return Err(io::Error::other(format!(
                "more than {MAX_LINKS} symlinks while resolving {host_path}"
            )));
        }
        let target = std::fs::read_link(&here)?;
        if target.is_absolute() {
            done.clear();
        }
        let mut next = components(&target);
        next.reverse();
        todo.extend(next);
    }
    Ok(join(root, &done))
}

/// Normal components and `..`; the root and `.` drop out.
fn components(path: &Path) -> Vec<OsString> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            Component::ParentDir => Some(OsString::from("..")),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => None,
        })
        .collect()
}

fn join(root: &Path, parts: &[OsString]) -> PathBuf {
    let mut path = root.to_path_buf();
    path.extend(parts);
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn absolute_and_relative_links_stay_in_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("run")).unwrap();
        std::fs::create_dir_all(root.join("var")).unwrap();
        std::fs::create_dir_all(root.join("etc")).unwrap();
        std::fs::write(root.join("run/docker.sock"), "").unwrap();
        // /var/run -> /run, absolute, as on Debian: must not mean the test machine's /run.
        symlink("/run", root.join("var/run")).unwrap();
        assert_eq!(
            resolve(root, "/var/run/docker.sock", false).unwrap(),
            root.join("run/docker.sock")
        );
        symlink("../../../../../etc", root.join("escape")).unwrap();
        assert_eq!(resolve(root, "/escape", true).unwrap(), root.join("etc"));
    }

    #[test]
    fn last_component_is_followed_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("etc")).unwrap();
        std::fs::write(root.join("etc/real"), "x").unwrap();
        symlink("/etc/real", root.join("etc/link")).unwrap();
        assert_eq!(
            resolve(root, "/etc/link", false).unwrap(),
            root.join("etc/link")
        );
        assert_eq!(
            resolve(root, "/etc/link", true).unwrap(),
            root.join("etc/real")
        );
    }

    #[test]
    fn loops_and_absent_folders_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        symlink("/b", root.join("a")).unwrap();
        symlink("/a", root.join("b")).unwrap();
        assert!(
            resolve(root, "/a/x", false)
                .unwrap_err()
                .to_string()
                .contains("symlinks")
        );
        let absent = resolve(root, "/nope/x", false);
        assert_eq!(absent.unwrap_err().kind(), io::ErrorKind::NotFound);
    }
}
