//! Risk and severity badges: a word on a colour, so risk reads on a monochrome terminal too.

use crate::model::{Risk, Severity};
use crate::ui::theme::Theme;
use ratatui::text::Span;

/// Badges are padded to one width so columns line up: `CRIT`, `HIGH`, ` MED`, ` LOW`, `  OK`.
pub const WIDTH: u16 = 4;

pub fn risk(risk: Risk, theme: &Theme) -> Span<'static> {
    Span::styled(format!("{:>4}", risk.badge()), theme.risk(risk))
}

pub fn severity(severity: Severity, theme: &Theme) -> Span<'static> {
    Span::styled(format!("{:>4}", severity.badge()), theme.severity(severity))
}
