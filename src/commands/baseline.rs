//! `shipshape baseline`: record the host files' integrity baseline, replacing the earlier one
//! of the same root. Later audits report changes since it (`config-changed`).

use crate::sources::host::{self, HostSettings, Recorded};
use std::fmt::Write;

pub fn run(settings: &HostSettings) -> color_eyre::Result<u8> {
    let recorded = host::record_baseline(settings)?;
    let (out, warnings) = render(&recorded);
    print!("{out}");
    eprint!("{warnings}");
    Ok(super::exit::OK)
}

/// What was recorded (standard output) and what could not be (standard error).
fn render(recorded: &Recorded) -> (String, String) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Recorded the host baseline: {} {} in {}",
        recorded.files.len(),
        if recorded.files.len() == 1 {
            "file"
        } else {
            "files"
        },
        recorded.info.path
    );
    if recorded.replaced {
        let _ = writeln!(out, "It replaces the earlier baseline of this root.");
    }
    for file in &recorded.files {
        let _ = writeln!(
            out,
            "  {:<9} {:<13} {}  {}",
            file.kind.as_str(),
            file.ownership(),
            file.mode_label(),
            file.path
        );
    }
    if !recorded.absent.is_empty() {
        let _ = writeln!(
            out,
            "Not present, so not in the baseline (one that appears later is reported as added):"
        );
        for path in &recorded.absent {
            let _ = writeln!(out, "  {path}");
        }
    }
    let mut warnings = String::new();
    for error in &recorded.errors {
        let _ = writeln!(warnings, "shipshape: warning: {error}");
    }
    (out, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::host::{BaselineInfo, FileKind, HostFile};

    #[test]
    fn says_how_many_files_where_and_what_is_absent() {
        let recorded = Recorded {
            info: BaselineInfo {
                recorded_at: jiff::Timestamp::UNIX_EPOCH,
                path: "/data/host-baseline.json".into(),
                recorded_now: true,
            },
            files: vec![HostFile {
                path: "/etc/docker/daemon.json".into(),
                kind: FileKind::File,
                mode: 0o644,
                uid: 0,
                gid: 0,
                owner: Some("root".into()),
                group: Some("root".into()),
                sha256: None,
                size: 3,
            }],
            absent: vec!["/etc/default/docker".into()],
            errors: vec!["cannot read /etc/kubernetes/admin.conf: permission denied".into()],
            replaced: true,
        };
        let (out, warnings) = render(&recorded);
        assert!(
            out.starts_with("Recorded the host baseline: 1 file in /data/host-baseline.json\n")
        );
        assert!(out.contains("replaces the earlier baseline"));
        assert!(
            out.contains("root:root     0644  /etc/docker/daemon.json"),
            "{out}"
        );
        assert!(out.contains("  /etc/default/docker\n"));
        assert!(warnings.contains("warning: cannot read /etc/kubernetes/admin.conf"));
    }
}
