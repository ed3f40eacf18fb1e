//! The host audit: reads the watched configuration files under a root (`/` or `--host-root`),
//! and compares them with the integrity baseline kept in the data folder.
//!
//! `watchlist` (what is watched), `expand` (`*` components), `resolve` (symlinks kept inside
//! the root), `stat` and `hash` (one path), `accounts` (owner names from the root's own
//! `/etc/passwd`), `baseline` (the file in the data folder), `compare` (what changed).

mod accounts;
mod baseline;
mod compare;
mod expand;
mod hash;
mod resolve;
mod stat;
mod watchlist;

pub use watchlist::default_files;

use crate::config::HostSection;
use crate::export::ExportError;
use crate::model::host::{BaselineInfo, HostFacts, HostFile};
use crate::model::text::clean;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

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

/// Settings from `--host-root` (default `/`), the config's `[host]` section (`files` replaces
/// the built-in list, `extra_files` adds to it) and the data folder (`Paths::data_dir`).
pub fn settings(root: Option<PathBuf>, section: &HostSection, data_dir: PathBuf) -> HostSettings {
    HostSettings {
        root: root.unwrap_or_else(|| PathBuf::from("/")),
        files: watchlist::merge(section.files.as_deref(), &section.extra_files),
        data_dir,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// The root is missing or not a folder.
    #[error("{0}")]
    Root(String),
    #[error("cannot record the host baseline: {0}")]
    Write(#[from] ExportError),
}

/// What `shipshape baseline` recorded.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub info: BaselineInfo,
    pub files: Vec<HostFile>,
    /// Watched paths (patterns) that matched nothing, so are not in the baseline.
    pub absent: Vec<String>,
    /// Paths that could not be read, and unusable watched paths.
    pub errors: Vec<String>,
    /// An earlier baseline of this root was replaced.
    pub replaced: bool,
}

/// Reads every watched file and compares with the baseline, recording one if there is none.
/// Never fails: whatever went wrong is in `errors`, naming the path.
pub fn audit(settings: &HostSettings) -> HostFacts {
    audit_at(settings, jiff::Timestamp::now())
}

/// Records the baseline of the watched files now, replacing an earlier one of this root.
pub fn record_baseline(settings: &HostSettings) -> Result<Recorded, HostError> {
    let root = checked_root(&settings.root).map_err(HostError::Root)?;
    let scan = scan(settings);
    let path = baseline::file_for(&settings.data_dir, &root);
    let replaced = path.exists();
    let info = record(settings, &root, &scan.files, jiff::Timestamp::now(), true)?;
    Ok(Recorded {
        info,
        files: scan.files,
        absent: scan.absent,
        errors: scan.errors,
        replaced,
    })
}

fn audit_at(settings: &HostSettings, now: jiff::Timestamp) -> HostFacts {
    let root = match checked_root(&settings.root) {
        Ok(root) => root,
        Err(message) => {
            return HostFacts {
                root: clean(&settings.root.display().to_string()),
                errors: vec![message],
                ..HostFacts::default()
            };
        }
    };
    let scan = scan(settings);
    let mut facts = HostFacts {
        root: root.clone(),
        files: scan.files,
        errors: scan.errors,
        ..HostFacts::default()
    };
    let path = baseline::file_for(&settings.data_dir, &root);
    let loaded = match baseline::load(&path, &root) {
        // First run on this root: what is there now is the baseline.
        Ok(None) => match record(settings, &root, &facts.files, now, false) {
            Ok(info) => {
                facts.baseline = Some(info);
                return facts;
            }
            // Another shipshape recorded it a moment ago: compare with that one.
            Err(ExportError::Exists { .. }) => baseline::load(&path, &root),
            Err(e) => Err(format!(
                "cannot record the host baseline: {e}; changes cannot be reported until \
                 `shipshape baseline` succeeds"
            )),
        },
        other => other,
    };
    match loaded {
        Ok(Some(before)) => {
            facts.changes = compare::changes(
                &before.files,
                &before.watched,
                &facts.files,
                &settings.files,
            );
            facts.baseline = Some(BaselineInfo {
                recorded_at: before.recorded_at,
                path: clean(&path.display().to_string()),
                recorded_now: false,
            });
        }
        Ok(None) => {}
        // A broken baseline is reported and left alone for the operator to look at.
        Err(message) => facts.errors.push(message),
    }
    facts
}

fn record(
    settings: &HostSettings,
    root: &str,
    files: &[HostFile],
    now: jiff::Timestamp,
    replace: bool,
) -> Result<BaselineInfo, ExportError> {
    let path = baseline::file_for(&settings.data_dir, root);
    let recorded = baseline::Baseline {
        schema: baseline::SCHEMA.to_owned(),
        root: root.to_owned(),
        recorded_at: now,
        watched: settings.files.clone(),
        files: files.to_vec(),
    };
    baseline::save(&path, &recorded, replace)?;
    Ok(BaselineInfo {
        recorded_at: now,
        path: clean(&path.display().to_string()),
        recorded_now: true,
    })
}

/// The root as an absolute, symlink-free path (one baseline per folder however it is
/// named), or why it cannot be audited.
fn checked_root(root: &Path) -> Result<String, String> {
    let shown = clean(&root.display().to_string());
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(format!("host root {shown} is not a folder")),
        Err(e) => {
            return Err(format!(
                "host root {shown}: {e}; give --host-root an existing folder (a mounted host \
                 filesystem) or leave it out to audit /"
            ));
        }
    }
    let real = std::fs::canonicalize(root).map_err(|e| format!("host root {shown}: {e}"))?;
    Ok(clean(&real.display().to_string()))
}

struct Scan {
    files: Vec<HostFile>,
    absent: Vec<String>,
    errors: Vec<String>,
}

/// Every watched path that exists, sorted, each file once.
fn scan(settings: &HostSettings) -> Scan {
    let root = settings.root.as_path();
    let mut errors = Vec::new();
    let accounts = accounts::Accounts::load(root, &mut errors);
    let mut found = Vec::new();
    let mut absent = Vec::new();
    for pattern in &settings.files {
        if let Some(problem) = watchlist::problem(pattern) {
            errors.push(problem);
            continue;
        }
        let before = found.len();
        for path in expand::expand(root, pattern, &mut errors) {
            match stat::read(root, &path, &accounts) {
                Ok(Some(one)) => found.push(one),
                Ok(None) => {}
                Err(message) => errors.push(message),
            }
        }
        if found.len() == before {
            absent.push(clean(pattern));
        }
    }
    errors.extend(found.iter().filter_map(|f| f.note.clone()));
    found.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    // `/run/docker.sock` and `/var/run/docker.sock` are usually one socket: keep the first
    // name, so it is judged and baselined once.
    let mut seen = HashSet::new();
    found.retain(|f| seen.insert(f.inode));
    errors.sort();
    errors.dedup();
    Scan {
        files: found.into_iter().map(|f| f.file).collect(),
        absent,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::host::ChangeKind;
    use std::os::unix::fs::PermissionsExt;

    struct Lab {
        _dir: tempfile::TempDir,
        root: PathBuf,
        settings: HostSettings,
    }

    fn lab() -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("etc/docker")).unwrap();
        std::fs::create_dir_all(root.join("run")).unwrap();
        std::fs::create_dir_all(root.join("var")).unwrap();
        std::os::unix::fs::symlink("/run", root.join("var/run")).unwrap();
        std::fs::write(root.join("run/docker.sock"), "").unwrap();
        write(&root, "etc/docker/daemon.json", "{}\n", 0o644);
        let section = HostSection::default();
        let settings = settings(Some(root.clone()), &section, dir.path().join("data"));
        Lab {
            _dir: dir,
            root,
            settings,
        }
    }

    fn write(root: &Path, path: &str, text: &str, mode: u32) {
        let path = root.join(path);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    fn now() -> jiff::Timestamp {
        "2026-11-29T07:10:00Z".parse().unwrap()
    }

    #[test]
    fn settings_default_to_the_node_and_the_built_in_list() {
        let s = settings(None, &HostSection::default(), PathBuf::from("/data"));
        assert_eq!(s.root, PathBuf::from("/"));
        assert_eq!(s.files, default_files());
        let section = HostSection {
            audit: None,
            files: Some(vec!["/etc/a".into()]),
            extra_files: vec!["/etc/b".into()],
        };
        assert_eq!(
            settings(None, &section, "/d".into()).files,
            ["/etc/a", "/etc/b"]
        );
    }

    #[test]
    fn first_run_records_then_later_runs_compare() {
        let lab = lab();
        let first = audit_at(&lab.settings, now());
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        let paths: Vec<_> = first.files.iter().map(|f| f.path.as_str()).collect();
        // One socket reached by two watched paths is listed once.
        assert_eq!(
            paths,
            ["/etc/docker", "/etc/docker/daemon.json", "/run/docker.sock"]
        );
        let info = first.baseline.unwrap();
        assert!(info.recorded_now);
        assert!(first.changes.is_empty());

        write(
            &lab.root,
            "etc/docker/daemon.json",
            "{\"debug\":true}\n",
            0o666,
        );
        let second = audit_at(&lab.settings, now());
        let info = second.baseline.unwrap();
        assert!(!info.recorded_now);
        assert_eq!(info.recorded_at, now());
        assert_eq!(second.changes.len(), 1);
        let change = &second.changes[0];
        assert_eq!(change.path, "/etc/docker/daemon.json");
        assert_eq!(change.kind, ChangeKind::Modified);
        assert!(change.details.contains(&"mode 0644 → 0666".to_owned()));

        // `shipshape baseline` accepts the change.
        let recorded = record_baseline(&lab.settings).unwrap();
        assert!(recorded.replaced);
        assert_eq!(recorded.files.len(), 3);
        assert!(recorded.absent.contains(&"/etc/default/docker".to_owned()));
        assert!(audit_at(&lab.settings, now()).changes.is_empty());
    }

    #[test]
    fn a_broken_baseline_is_reported_and_kept() {
        let lab = lab();
        let path = baseline::file_for(&lab.settings.data_dir, &checked_root(&lab.root).unwrap());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "garbage").unwrap();
        let facts = audit_at(&lab.settings, now());
        assert_eq!(facts.baseline, None);
        assert!(facts.changes.is_empty());
        assert_eq!(facts.errors.len(), 1);
        assert!(facts.errors[0].contains(&path.display().to_string()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "garbage");
    }

    #[test]
    fn a_missing_root_is_an_error_not_an_empty_baseline() {
        let lab = lab();
        let mut settings = lab.settings.clone();
        settings.root = lab.root.join("nope");
        let facts = audit_at(&settings, now());
        assert!(
            facts.errors[0].contains("--host-root"),
            "{:?}",
            facts.errors
        );
        assert_eq!(facts.baseline, None);
        assert!(matches!(
            record_baseline(&settings),
            Err(HostError::Root(_))
        ));
        assert!(!settings.data_dir.exists());
    }

    #[test]
    fn a_data_folder_that_cannot_be_used_is_an_error() {
        let lab = lab();
        let mut settings = lab.settings.clone();
        // A file where the folder should be: fails even for root.
        settings.data_dir = lab.root.join("etc/docker/daemon.json/data");
        let facts = audit_at(&settings, now());
        assert_eq!(facts.baseline, None);
        assert!(
            facts.errors[0].starts_with("cannot read the host baseline"),
            "{:?}",
            facts.errors
        );
        assert!(matches!(
            record_baseline(&settings),
            Err(HostError::Write(_))
        ));
    }

    #[test]
    fn unusable_watched_paths_are_errors() {
        let lab = lab();
        let mut settings = lab.settings.clone();
        settings.files.push("etc/relative".into());
        let facts = audit_at(&settings, now());
        assert!(facts.errors.iter().any(|e| e.contains("etc/relative")));
    }
}
