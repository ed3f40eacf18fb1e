//! User and group names from the audited root's own `/etc/passwd` and `/etc/group`: a mounted
//! host filesystem has its own ids, which need not match the machine shipshape runs on.

use super::resolve::resolve;
use crate::model::text::clean;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Default)]
pub struct Accounts {
    users: HashMap<u32, String>,
    groups: HashMap<u32, String>,
}

impl Accounts {
    /// Reads both files; a missing file leaves ids numeric, an unreadable one is an error
    /// message (the audit carries on with numeric ids).
    pub fn load(root: &Path, errors: &mut Vec<String>) -> Self {
        Self {
            users: read_table(root, "/etc/passwd", errors),
            groups: read_table(root, "/etc/group", errors),
        }
    }

    pub fn user(&self, uid: u32) -> Option<String> {
        self.users.get(&uid).cloned()
    }

    pub fn group(&self, gid: u32) -> Option<String> {
        self.groups.get(&gid).cloned()
    }
}

fn read_table(root: &Path, host_path: &str, errors: &mut Vec<String>) -> HashMap<u32, String> {
    let text = resolve(root, host_path, true).and_then(std::fs::read);
    match text {
        Ok(bytes) => parse(&String::from_utf8_lossy(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
        Err(e) => {
            errors.push(format!(
                "cannot read {} under {}: {e}; owners are shown as numeric ids",
                host_path,
                root.display()
            ));
            HashMap::new()
        }
    }
}

/// `name:password:id:...` lines, as in both files. The first name for an id wins, as with
/// getpwuid; comments and broken lines are skipped.
fn parse(text: &str) -> HashMap<u32, String> {
    let mut table = HashMap::new();
    for line in text.lines() {
        let mut fields = line.split(':');
        let (Some(name), Some(_), Some(id)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        if let Ok(id) = id.trim().parse::<u32>() {
            table.entry(id).or_insert_with(|| clean(name));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_passwd_and_group_lines() {
        let users = parse(
            "root:x:0:0:root:/root:/bin/bash\n# note\nbroken\nalice:x:1000:1000::/:\nroot2:x:0:0::/:\n",
        );
        assert_eq!(users.get(&0).map(String::as_str), Some("root"));
        assert_eq!(users.get(&1000).map(String::as_str), Some("alice"));
        assert_eq!(users.len(), 2);
        let groups = parse("root:x:0:\ndocker:x:999:alice\n");
        assert_eq!(groups.get(&999).map(String::as_str), Some("docker"));
    }

    #[test]
    fn names_come_from_the_root_not_the_machine() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("etc")).unwrap();
        std::fs::write(dir.path().join("etc/passwd"), "boss:x:0:0::/:\n").unwrap();
        let mut errors = Vec::new();
        let accounts = Accounts::load(dir.path(), &mut errors);
        assert_eq!(accounts.user(0).as_deref(), Some("boss"));
        // No etc/group under this root: numeric ids, and no error.
        assert_eq!(accounts.group(0), None);
        assert!(errors.is_empty(), "{errors:?}");
    }
}
