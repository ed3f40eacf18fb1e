//! The event loop: one task owns the live model and the UI state. Source events, key presses
//! and resizes come in through one `select!`; the screen is redrawn only when something changed.

pub mod clipboard;
pub mod effects;
pub mod live;
mod source_tasks;
pub mod sources;
pub mod terminal;

use crate::model::SourceKind;
use crate::sources::SourceEvent;
use crate::ui::keymap;
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use crate::ui::update::{self, Effect};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use live::LiveModel;
use ratatui::DefaultTerminal;
use sources::SourceSet;
use tokio::sync::mpsc;

/// The model, the UI state and what keys and source events do to them. The loop below feeds
/// it from the terminal; tests feed it directly and draw on a TestBackend.
pub struct App {
    pub model: LiveModel,
    pub state: UiState,
    pub env: AppEnv,
    /// How `y` copies a fix: OSC 52 to the terminal, or shown plain.
    pub clipboard: clipboard::Clipboard,
    /// A real terminal is attached (the dashboard), so `M` may switch its mouse capture; tests
    /// drive the app without one.
    pub tty: bool,
}

/// Where the app writes: exported reports, the waivers file, learned profiles.
#[derive(Debug, Clone)]
pub struct AppEnv {
    pub reports_dir: std::path::PathBuf,
    pub waivers_file: std::path::PathBuf,
    pub profiles_dir: std::path::PathBuf,
    /// Every confirmed container action, one JSON line each.
    pub actions_log: std::path::PathBuf,
    /// How long `l` learns a container's image.
    pub learning_window: std::time::Duration,
}

impl App {
    pub fn new(model: LiveModel, env: AppEnv) -> Self {
        Self {
            model,
            state: UiState::default(),
            env,
            // The dashboard turns it on for a terminal that takes OSC 52; tests draw on none.
            clipboard: clipboard::Clipboard::Off("there is no terminal".to_owned()),
            tty: false,
        }
    }

    /// A saved snapshot, read-only, labelled with what it is.
    pub fn read_only(model: LiveModel, env: AppEnv, label: String) -> Self {
        let mut app = Self::new(model, env);
        app.state.read_only = Some(label);
        app
    }

    /// A key press. Returns false to quit.
    pub fn on_key(&mut self, key: crossterm::event::KeyEvent, sources: &mut SourceSet) -> bool {
        match keymap::lookup(&self.state, key) {
            Some(action) => self.on_action(action, sources),
            None => true,
        }
    }

    /// A mouse event: a click or the wheel. Returns false to quit.
    pub fn on_mouse(
        &mut self,
        event: crossterm::event::MouseEvent,
        sources: &mut SourceSet,
    ) -> bool {
        match keymap::mouse(&self.state, event) {
            Some(action) => self.on_action(action, sources),
            None => true,
        }
    }

    /// An action, as a key would give it. Returns false to quit.
    pub fn on_action(
        &mut self,
        action: crate::ui::action::Action,
        sources: &mut SourceSet,
    ) -> bool {
        let effect = update::update(&mut self.state, self.model.snapshot(), action);
        match effect {
            Effect::Export(format) => {
                self.state.message = Some(
                    match effects::export(self.model.snapshot(), format, &self.env.reports_dir) {
                        Ok(path) => format!("wrote {} (mode 0600)", path.display()),
                        Err(e) => format!("export failed: {e}"),
                    },
                );
                true
            }
            Effect::Waive(request) => {
                self.state.message = Some(match effects::waive(&request, &self.env.waivers_file) {
                    Ok((waivers, message)) => {
                        self.model.set_waivers(waivers, jiff::Timestamp::now());
                        message
                    }
                    Err(e) => format!("waiver not written: {e}"),
                });
                true
            }
            Effect::ToggleLearning { image } => {
                let now = jiff::Timestamp::now();
                self.state.message = Some(self.model.toggle_learning(
                    &image,
                    now,
                    self.env.learning_window,
                ));
                true
            }
            Effect::Copy(snippet) => {
                self.copy(snippet);
                true
            }
            Effect::Mouse(on) => {
                if self.tty
                    && let Err(e) = terminal::set_mouse(on)
                {
                    self.state.message = Some(format!("the terminal refused the mouse: {e}"));
                }
                true
            }
            Effect::Act(confirm) => {
                self.state.message = Some(self.act(&confirm, sources));
                true
            }
            _ if self.state.read_only.is_some()
                && effect != Effect::None
                && effect != Effect::Quit =>
            {
                self.state.message =
                    Some("this is a saved snapshot: nothing to refresh or switch".to_owned());
                true
            }
            effect => apply(effect, &mut self.state, sources),
        }
    }

    /// Copies with OSC 52, or shows the fix plain when the terminal cannot take it.
    fn copy(&mut self, snippet: crate::ui::update::Snippet) {
        let result = match &self.clipboard {
            clipboard::Clipboard::Osc52 => clipboard::copy(&mut std::io::stdout(), &snippet.text),
            clipboard::Clipboard::Off(why) => Err(why.clone()),
        };
        match result {
            Ok(()) => {
                let fill = if snippet.text.contains(crate::ui::snippet::PLACEHOLDER) {
                    " (<subject>: see the evidence)"
                } else {
                    ""
                };
                self.state.message = Some(format!(
                    "copied the {} fix ({} bytes) to the clipboard via OSC 52{fill} · tmux: \
                     set-clipboard on",
                    snippet.label,
                    snippet.text.len()
                ));
            }
            Err(why) => {
                self.state.shown_snippet = Some(crate::ui::state::ShownSnippet { snippet, why });
            }
        }
    }

    /// A confirmed action: logged first (no log, no action), then sent; the outcome comes
    /// back as a source event and is logged again.
    fn act(&self, confirm: &crate::ui::state::Confirm, sources: &SourceSet) -> String {
        let record = effects::action_record(confirm);
        if let Err(e) = effects::log_action(&self.env.actions_log, &record) {
            return format!("not done: the action log cannot be written: {e}");
        }
        match sources.act(record.clone()) {
            Ok(()) => format!(
                "{} {}… (logged to {})",
                confirm.action.as_str(),
                confirm.name,
                self.env.actions_log.display()
            ),
            Err(e) => {
                let failed = crate::model::action::ActionRecord {
                    time: jiff::Timestamp::now(),
                    outcome: format!("failed: {e}"),
                    ..record
                };
                let _ = effects::log_action(&self.env.actions_log, &failed);
                format!("not done: {e}")
            }
        }
    }

    /// A source event. Returns whether anything visible changed.
    pub fn on_source(&mut self, event: SourceEvent) -> bool {
        if let SourceEvent::ActionDone(record) = &event {
            let logged = effects::log_action(&self.env.actions_log, record);
            self.state.message = Some(match logged {
                Ok(()) => format!(
                    "{} {}: {}",
                    record.action.as_str(),
                    crate::model::text::clean(&record.container),
                    record.outcome
                ),
                Err(e) => format!("{}; the action log cannot be written: {e}", record.outcome),
            });
            return true;
        }
        let changed = self.model.apply(event, jiff::Timestamp::now());
        if let Some(problem) = self.model.problem.take() {
            self.state.message = Some(problem);
            return true;
        }
        changed
    }

    pub fn draw(&mut self, frame: &mut ratatui::Frame, theme: &Theme) {
        crate::ui::render(frame, self.model.snapshot(), &mut self.state, theme);
    }
}

/// Runs until `q`, the end of input, or a signal; returns the signal's number if one ended it.
pub async fn run(
    terminal: &mut DefaultTerminal,
    sources: &mut SourceSet,
    mut events: mpsc::Receiver<SourceEvent>,
    mut app: App,
    theme: &Theme,
) -> color_eyre::Result<Option<i32>> {
    let mut input = EventStream::new();
    let mut signals = terminal::Signals::new()?;
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| app.draw(frame, theme))?;
            dirty = false;
            panic_for_tests();
        }
        tokio::select! {
            event = input.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => {
                    if !app.on_key(key, sources) {
                        return Ok(None);
                    }
                    dirty = true;
                }
                Some(Ok(Event::Mouse(mouse))) => {
                    // Only clicks and the wheel come (no motion reports), so each may redraw.
                    if !app.on_mouse(mouse, sources) {
                        return Ok(None);
                    }
                    dirty = true;
                }
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(None),
            },
            // SIGTERM, SIGHUP (the SSH session dropped), SIGINT from `kill`: leave like `q`,
            // so the guard restores the terminal.
            signal = signals.recv() => return Ok(Some(signal)),
            Some(event) = events.recv() => {
                dirty |= app.on_source(event);
                // Apply whatever else is already queued before drawing once.
                while let Ok(event) = events.try_recv() {
                    dirty |= app.on_source(event);
                }
            }
        }
    }
}

/// Carries out what the UI asked for. Returns false to quit.
fn apply(effect: Effect, state: &mut UiState, sources: &mut SourceSet) -> bool {
    match effect {
        Effect::Quit => return false,
        Effect::None => {}
        Effect::Refresh => sources.refresh(),
        Effect::PickContext => {
            update::open_picker(state, sources.contexts(), &sources.active());
        }
        Effect::Switch { kind, name, change } => {
            let kind = kind.or_else(|| {
                // A bare name: one being shown first (for `-NAME`), then a kube context of that
                // name, then a Docker one.
                let active = sources.active();
                let known = sources.contexts();
                [SourceKind::Kubernetes, SourceKind::Docker]
                    .into_iter()
                    .find(|k| active.iter().any(|(a, n)| a == k && *n == name))
                    .or_else(|| {
                        [SourceKind::Kubernetes, SourceKind::Docker]
                            .into_iter()
                            .find(|k| known.iter().any(|c| c.kind == *k && c.name == name))
                    })
            });
            state.message = Some(match kind {
                Some(kind) => sources
                    .change(kind, &name, change)
                    .unwrap_or_else(|message| message),
                None => format!("no Docker or kube context is called `{name}`; :ctx lists them"),
            });
        }
        Effect::Namespace(ns) => {
            if let Err(message) = sources.set_namespace(ns) {
                state.message = Some(message);
            }
        }
        // Handled by `App::on_action`, which owns the model they change.
        Effect::Export(_)
        | Effect::Waive(_)
        | Effect::ToggleLearning { .. }
        | Effect::Act(_)
        | Effect::Copy(_)
        | Effect::Mouse(_) => {}
    }
    true
}

/// Debug builds only: `SHIPSHAPE_TEST_PANIC=1` panics after the first frame, so the tests can
/// check that a panic restores the terminal and exits.
fn panic_for_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("SHIPSHAPE_TEST_PANIC").is_some() {
        panic!("SHIPSHAPE_TEST_PANIC is set: panicking on purpose after the first frame");
    }
}
