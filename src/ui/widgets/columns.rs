//! Column widths the way ratatui's `Table` lays them out, so cell text can be cut with a visible
//! `…` instead of silently (a cut `1000:1000` must not read as a different user `1000:1`).

use crate::ui::theme::Theme;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

/// A table's header row: the column titles, muted so the data stands out.
pub fn header<'a>(titles: &[&'a str], theme: &Theme) -> Row<'a> {
    Row::new(
        titles
            .iter()
            .map(|t| Cell::from(Span::styled(*t, theme.muted))),
    )
}

/// Widths of `constraints` in a table `total` cells wide (inside its borders), with
/// `spacing` between columns and `symbol` cells reserved for the highlight symbol.
pub fn widths(total: u16, constraints: &[Constraint], spacing: u16, symbol: u16) -> Vec<u16> {
    let area = Rect::new(0, 0, total.saturating_sub(symbol), 1);
    Layout::horizontal(constraints.iter().copied())
        .flex(Flex::Start)
        .spacing(spacing)
        .split(area)
        .iter()
        .map(|r| r.width)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_columns_keep_their_width_and_fill_takes_the_rest() {
        let w = widths(
            40,
            &[
                Constraint::Length(4),
                Constraint::Fill(1),
                Constraint::Length(9),
            ],
            1,
            1,
        );
        assert_eq!(w, vec![4, 24, 9]);
    }
}
