//! Source errors in full, under the header: an operator must read the whole message (which
//! endpoint, what failed, what to do), not a truncated one.

use crate::model::{Snapshot, SourceStatus};
use crate::ui::format;
use crate::ui::theme::Theme;
use ratatui::text::Line;

/// At most this many lines, so a long error cannot push the table off the screen.
const MAX_LINES: usize = 4;

pub fn lines(
    snapshot: &Snapshot,
    read_only: Option<&str>,
    width: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let width = usize::from(width).saturating_sub(2).max(20);
    let mut out = Vec::new();
    if let Some(label) = read_only {
        out.push(Line::styled(
            format!(" {}", crate::ui::format::truncate(label, width)),
            theme.warn,
        ));
    }
    for source in &snapshot.sources {
        let Some(error) = &source.error else { continue };
        let style = if source.status == SourceStatus::Error {
            theme.error
        } else {
            theme.warn
        };
        let text = format!("{} {}: {error}", source.kind.as_str(), source.context);
        for l in format::wrap(&text, width) {
            out.push(Line::styled(format!(" {l}"), style));
        }
    }
    if out.len() > MAX_LINES {
        out.truncate(MAX_LINES);
        if let Some(last) = out.last_mut() {
            *last = Line::styled(
                " … (`shipshape report` prints the full message)",
                theme.muted,
            );
        }
    }
    out
}
