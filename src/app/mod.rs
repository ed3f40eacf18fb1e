//! The event loop: one task owns the live model and the UI state. Source events, key presses
//! and resizes come in through one `select!`; the screen is redrawn only when something changed.

pub mod live;
pub mod terminal;

use crate::model::SourceInfo;
use crate::sources::SourceEvent;
use crate::ui::keymap;
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use crate::ui::update::{Effect, update};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use live::LiveModel;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

/// What the loop needs from the sources: their events, and a way to ask for a refresh.
pub struct Sources {
    pub events: mpsc::Receiver<SourceEvent>,
    pub initial: Vec<SourceInfo>,
    pub refresh: Box<dyn Fn() + Send>,
}

pub async fn run(
    terminal: &mut DefaultTerminal,
    mut sources: Sources,
    theme: &Theme,
) -> color_eyre::Result<()> {
    let mut model = LiveModel::new(jiff::Timestamp::now(), std::mem::take(&mut sources.initial));
    let mut state = UiState::default();
    let mut input = EventStream::new();
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| crate::ui::render(frame, model.snapshot(), &mut state, theme))?;
            dirty = false;
            panic_for_tests();
        }
        tokio::select! {
            event = input.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => {
                    let view = state.view;
                    if let Some(action) = keymap::lookup(view, state.editing_filter, state.help, key) {
                        match update(&mut state, model.snapshot(), action) {
                            Effect::Quit => return Ok(()),
                            Effect::Refresh => (sources.refresh)(),
                            Effect::None => {}
                        }
                        dirty = true;
                    }
                }
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            Some(event) = sources.events.recv() => {
                dirty |= model.apply(event, jiff::Timestamp::now());
                // Apply whatever else is already queued before drawing once.
                while let Ok(event) = sources.events.try_recv() {
                    dirty |= model.apply(event, jiff::Timestamp::now());
                }
            }
        }
    }
}

/// Debug builds only: `SHIPSHAPE_TEST_PANIC=1` panics after the first frame, so the tests can
/// check that a panic restores the terminal and exits.
fn panic_for_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("SHIPSHAPE_TEST_PANIC").is_some() {
        panic!("SHIPSHAPE_TEST_PANIC is set: panicking on purpose after the first frame");
    }
}
