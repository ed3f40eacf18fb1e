//! User names for UIDs from the node's `/etc/passwd`, as `ps` shows them: a UID with no entry
//! is shown as its number.

use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Users {
    names: HashMap<u32, String>,
}

impl Users {
    /// The node's users; none when the file is unreadable (every UID then shows as a number).
    pub fn read(passwd: &Path) -> Self {
        std::fs::read_to_string(passwd)
            .map(|text| Self::parse(&text))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> Self {
        let names = text
            .lines()
            .filter_map(|line| {
                let mut fields = line.split(':');
                let name = fields.next()?;
                let uid = fields.nth(1)?.parse().ok()?;
                (!name.is_empty()).then(|| (uid, crate::model::text::clean(name)))
            })
            .collect();
        Self { names }
    }

    pub fn name(&self, uid: u32) -> String {
        self.names
            .get(&uid)
            .cloned()
            .unwrap_or_else(|| uid.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        let users = Users::parse(
            "root:x:0:0:root:/root:/bin/bash\nbad line\nwww-data:x:33:33::/:/usr/sbin/nologin\n",
        );
        assert_eq!(users.name(0), "root");
        assert_eq!(users.name(33), "www-data");
        assert_eq!(users.name(10001), "10001");
    }
}
