//! Watched patterns to host paths: a `*` component becomes every entry of that folder under
//! the audit root (not recursive). Literal paths are kept whether or not they exist.

use super::resolve::resolve;
use super::stat::is_absent;
use crate::model::text::clean;
use std::path::Path;

/// The host paths a pattern names, sorted. Folders that cannot be listed go to `errors`.
pub fn expand(root: &Path, pattern: &str, errors: &mut Vec<String>) -> Vec<String> {
    let mut paths = vec![String::new()];
    for component in pattern.split('/').filter(|c| !c.is_empty()) {
        let mut next = Vec::new();
        for prefix in paths {
            if component == "*" {
                next.extend(
                    list(root, &prefix, errors)
                        .into_iter()
                        .map(|name| format!("{prefix}/{name}")),
                );
            } else {
                next.push(format!("{prefix}/{component}"));
            }
        }
        paths = next;
    }
    paths.sort();
    paths
}

/// The entry names of one folder; an absent folder has none.
fn list(root: &Path, folder: &str, errors: &mut Vec<String>) -> Vec<String> {
    let shown = if folder.is_empty() { "/" } else { folder };
    let entries = resolve(root, shown, true).and_then(std::fs::read_dir);
    let entries = match entries {
        Ok(entries) => entries,
        Err(e) if is_absent(&e) => return Vec::new(),
        Err(e) => {
            errors.push(format!("cannot list {}: {e}", clean(shown)));
            return Vec::new();
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => match entry.file_name().into_string() {
                Ok(name) => names.push(name),
                Err(raw) => errors.push(format!(
                    "{}/{}: the name is not UTF-8, so it is not audited; rename it",
                    clean(shown),
                    clean(&raw.to_string_lossy())
                )),
            },
            Err(e) => errors.push(format!("cannot list {}: {e}", clean(shown))),
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_take_each_entry_of_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let certs = dir.path().join("etc/docker/certs.d");
        std::fs::create_dir_all(certs.join("reg:5000")).unwrap();
        std::fs::create_dir_all(certs.join("b.example")).unwrap();
        std::fs::write(certs.join("reg:5000/ca.crt"), "").unwrap();
        std::fs::write(certs.join("b.example/client.cert"), "").unwrap();
        let mut errors = Vec::new();
        assert_eq!(
            expand(dir.path(), "/etc/docker/certs.d/*/*", &mut errors),
            [
                "/etc/docker/certs.d/b.example/client.cert",
                "/etc/docker/certs.d/reg:5000/ca.crt"
            ]
        );
        assert_eq!(
            expand(dir.path(), "/etc/docker/certs.d/*", &mut errors),
            [
                "/etc/docker/certs.d/b.example",
                "/etc/docker/certs.d/reg:5000"
            ]
        );
        assert!(errors.is_empty());
    }

    #[test]
    fn literal_paths_stay_and_absent_folders_give_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut errors = Vec::new();
        assert_eq!(
            expand(dir.path(), "/etc/docker/daemon.json", &mut errors),
            ["/etc/docker/daemon.json"]
        );
        assert!(expand(dir.path(), "/etc/kubernetes/manifests/*", &mut errors).is_empty());
        assert!(errors.is_empty());
    }
}
