//! Where a popup goes: centred over the view, no larger than the screen.

use ratatui::layout::{Constraint, Flex, Layout, Rect};

/// A `width`×`height` box centred in `area`, clipped to it on small terminals.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    popup
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centres_and_clips_to_the_area() {
        let area = Rect::new(0, 0, 100, 30);
        assert_eq!(centred(area, 40, 10), Rect::new(30, 10, 40, 10));
        assert_eq!(
            centred(Rect::new(0, 0, 20, 5), 40, 10),
            Rect::new(0, 0, 20, 5)
        );
    }
}
