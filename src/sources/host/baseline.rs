//! The integrity baseline: the watched files as they were when it was recorded, one JSON file
//! per audited root in the data folder, written like every other file shipshape writes
//! (`export::write_file`: temp file + rename, mode 0600).

use super::hash::sha256_bytes;
use crate::model::host::HostFile;
use crate::model::text::clean;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const SCHEMA: &str = "shipshape.host-baseline/v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub schema: String,
    /// The audited root, absolute.
    pub root: String,
    pub recorded_at: jiff::Timestamp,
    /// The watched patterns at the time: a path watched only since is not "added".
    #[serde(default)]
    pub watched: Vec<String>,
    pub files: Vec<HostFile>,
}

/// `host-baseline.json` for the node itself; another root (`--host-root`) gets its own file,
/// named by a hash of its path, so auditing a test folder never disturbs the node's baseline.
pub fn file_for(data_dir: &Path, root: &str) -> PathBuf {
    if root == "/" {
        return data_dir.join("host-baseline.json");
    }
    let digest = sha256_bytes(root.as_bytes());
    let short = digest.get(..12).unwrap_or(&digest);
    data_dir.join(format!("host-baseline-{short}.json"))
}

/// The baseline for `root`, `Ok(None)` when none was recorded yet. Anything wrong with the
/// file is an error naming it and saying what to do; the file is left as it is.
pub fn load(path: &Path, root: &str) -> Result<Option<Baseline>, String> {
    let shown = path.display();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "cannot read the host baseline {shown}: {e}; check the data folder \
                 (SHIPSHAPE_DATA overrides it)"
            ));
        }
    };
    let remedy = "fix or remove it, or run `shipshape baseline` to record a new one";
    let mut baseline: Baseline = serde_json::from_slice(&bytes)
        .map_err(|e| format!("host baseline {shown} is not valid: {e}; {remedy}"))?;
    if baseline.schema != SCHEMA {
        return Err(format!(
            "host baseline {shown} has schema `{}`, expected `{SCHEMA}`; {remedy}",
            clean(&baseline.schema)
        ));
    }
    if baseline.root != root {
        return Err(format!(
            "host baseline {shown} was recorded for root {}, not {root}; {remedy}",
            clean(&baseline.root)
        ));
    }
    // The file is ours, but anyone who could write it could also plant escape sequences.
    for file in &mut baseline.files {
        file.path = clean(&file.path);
        file.owner = file.owner.as_deref().map(clean);
        file.group = file.group.as_deref().map(clean);
    }
    Ok(Some(baseline))
}

/// Writes the baseline; `replace` says whether an existing file may be replaced (only
/// `shipshape baseline` does that).
pub fn save(
    path: &Path,
    baseline: &Baseline,
    replace: bool,
) -> Result<(), crate::export::ExportError> {
    let mut json =
        serde_json::to_vec_pretty(baseline).map_err(|e| crate::export::ExportError::Io {
            path: path.display().to_string(),
            source: std::io::Error::other(e),
        })?;
    json.push(b'\n');
    crate::export::write_file(path, &json, replace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::host::FileKind;

    fn sample(root: &str) -> Baseline {
        Baseline {
            schema: SCHEMA.into(),
            root: root.into(),
            recorded_at: "2026-11-29T07:10:00Z".parse().unwrap(),
            watched: vec!["/etc/docker/daemon.json".into()],
            files: vec![HostFile {
                path: "/etc/docker/daemon.json".into(),
                kind: FileKind::File,
                mode: 0o644,
                uid: 0,
                gid: 0,
                owner: Some("root".into()),
                group: Some("root".into()),
                sha256: Some("ab".repeat(32)),
                size: 2,
            }],
        }
    }

    #[test]
    fn one_file_per_root() {
        let data = Path::new("/data");
        assert_eq!(file_for(data, "/"), data.join("host-baseline.json"));
        let a = file_for(data, "/mnt/host");
        assert_ne!(a, file_for(data, "/tmp/test-root"));
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("host-baseline-") && name.ends_with(".json"),
            "{name}"
        );
    }

    #[test]
    fn round_trip_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host-baseline.json");
        assert_eq!(load(&path, "/").unwrap(), None);
        save(&path, &sample("/"), false).unwrap();
        assert_eq!(load(&path, "/").unwrap(), Some(sample("/")));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // Recording on first run never replaces a file that appeared meanwhile.
        assert!(save(&path, &sample("/"), false).is_err());
        save(&path, &sample("/"), true).unwrap();
    }

    #[test]
    fn broken_files_are_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host-baseline.json");
        std::fs::write(&path, "{ not json").unwrap();
        let err = load(&path, "/").unwrap_err();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains("shipshape baseline"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");

        let mut other = sample("/mnt/host");
        std::fs::write(&path, serde_json::to_vec(&other).unwrap()).unwrap();
        assert!(
            load(&path, "/")
                .unwrap_err()
                .contains("recorded for root /mnt/host")
        );
        other.schema = "something/v9".into();
        std::fs::write(&path, serde_json::to_vec(&other).unwrap()).unwrap();
        assert!(
            load(&path, "/mnt/host")
                .unwrap_err()
                .contains("something/v9")
        );
    }
}
