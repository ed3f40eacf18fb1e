//! The two effects that write files: exporting a report and recording a waiver.

use crate::config::waivers;
use crate::model::Snapshot;
use crate::model::waiver::Waiver;
use crate::report::{self, Format};
use crate::ui::update::WaiveRequest;
use std::path::{Path, PathBuf};

/// How long a waiver from the dashboard lasts: accepted risks get looked at again.
const WAIVER_DAYS: i64 = 90;

/// Writes the report under `dir` with a timestamped name that never replaces a file.
pub fn export(snapshot: &Snapshot, format: Format, dir: &Path) -> Result<PathBuf, String> {
    let text = report::render(snapshot, format).map_err(|e| e.to_string())?;
    let stamp = snapshot.generated_at.strftime("%Y%m%d-%H%M%S").to_string();
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let path = dir.join(format!("shipshape-{stamp}{suffix}.{}", format.extension()));
        match crate::export::write_file(&path, text.as_bytes(), false) {
            Ok(()) => return Ok(path),
            Err(crate::export::ExportError::Exists { .. }) => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    Err(format!(
        "{}: too many reports with the same timestamp",
        dir.display()
    ))
}

/// Appends the waiver and returns the file's waivers, re-read, with what to tell the operator.
pub fn waive(request: &WaiveRequest, file: &Path) -> Result<(Vec<Waiver>, String), String> {
    let today = jiff::Zoned::now().date();
    let expires = today
        .checked_add(jiff::Span::new().days(WAIVER_DAYS))
        .map_err(|e| e.to_string())?;
    let waiver = Waiver {
        rule: request.rule.clone(),
        context: Some(request.context.clone()).filter(|c| !c.is_empty()),
        namespace: request.namespace.clone(),
        name: Some(request.name.clone()).filter(|n| !n.is_empty()),
        evidence: Some(request.evidence.clone()).filter(|e| !e.is_empty()),
        reason: request.reason.clone(),
        expires: Some(expires),
        author: std::env::var("USER").ok().filter(|u| !u.is_empty()),
    };
    waivers::append(file, &waiver)?;
    let all = waivers::load(file).map_err(|e| e.to_string())?;
    let message = format!(
        "waived {} on {} until {expires}; written to {}",
        request.rule,
        request.name,
        file.display()
    );
    Ok((all, message))
}

/// The log line for a confirmed action, before it is carried out.
pub fn action_record(confirm: &crate::ui::state::Confirm) -> crate::model::action::ActionRecord {
    let user = ["SUDO_USER", "USER", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(own_uid);
    crate::model::action::ActionRecord {
        time: jiff::Timestamp::now(),
        user: crate::model::text::clean(&user),
        context: confirm.key.source.context.clone(),
        container_id: confirm.key.id.clone(),
        container: confirm.name.clone(),
        action: confirm.action,
        outcome: "confirmed".to_owned(),
    }
}

/// Appends one JSON line to the action log (mode 0600, created with its folder).
pub fn log_action(
    path: &std::path::Path,
    record: &crate::model::action::ActionRecord,
) -> Result<(), String> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let line = serde_json::to_string(record).map_err(|e| e.to_string())?;
    writeln!(file, "{line}").map_err(|e| format!("{}: {e}", path.display()))
}

/// `uid 0`, from /proc when no login name is in the environment (cron, systemd, tmux).
fn own_uid() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|ids| {
                    ids.split_whitespace()
                        .next()
                        .map(|uid| format!("uid {uid}"))
                })
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
