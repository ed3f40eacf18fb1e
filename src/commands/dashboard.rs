//! The default command: the live dashboard; also `view FILE` and `--demo`, which show a saved
//! snapshot read-only in the same views.

use super::report::Enabled;
use crate::app::clipboard::Clipboard;
use crate::app::live::LiveModel;
use crate::app::sources::SourceSet;
use crate::app::terminal::TerminalGuard;
use crate::app::{App, AppEnv};
use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, DEFAULT_THEME, Paths};
use crate::model::Snapshot;
use crate::model::waiver::Waiver;
use crate::ui::glyphs;
use crate::ui::palette::ColorDepth;
use crate::ui::theme;
use tokio::sync::mpsc;

/// Events queued between the sources and the UI before sources wait.
const QUEUE: usize = 256;

pub enum Mode {
    Live {
        enabled: Enabled,
        waivers: Vec<Waiver>,
    },
    /// A saved snapshot and what to call it in the header.
    Saved {
        snapshot: Box<Snapshot>,
        label: String,
    },
}

pub async fn run(
    global: &GlobalArgs,
    file: &ConfigFile,
    paths: &Paths,
    env: AppEnv,
    mode: Mode,
) -> color_eyre::Result<u8> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        color_eyre::eyre::bail!(
            "the dashboard needs a terminal; for output to a pipe or file use `shipshape report` (--format json|markdown|html)"
        );
    }
    let name = global
        .theme
        .as_deref()
        .or(file.theme.as_deref())
        .unwrap_or(DEFAULT_THEME);
    let var = |k: &str| std::env::var(k).ok();
    let depth = ColorDepth::detect(var);
    let ascii = global.ascii
        || file.terminal.ascii
        || !glyphs::locale_is_utf8(glyphs::effective_locale(var).as_deref());
    let theme = theme::load(name, depth == ColorDepth::None, &paths.themes_dir())?
        .fit_to(depth)
        .with_ascii(ascii);
    let osc52_off = global.no_osc52 || file.terminal.osc52 == Some(false);
    let clipboard = Clipboard::detect(var("TERM").as_deref(), osc52_off);
    let mouse = !global.no_mouse && file.terminal.mouse != Some(false);

    let (tx, rx) = mpsc::channel(QUEUE);
    let (mut sources, mut app) = match mode {
        Mode::Live { enabled, waivers } => {
            let (sources, initial) = SourceSet::start(enabled, &tx);
            let now = jiff::Timestamp::now();
            let profiles = crate::learning::ProfileStore::load(&env.profiles_dir);
            let model = LiveModel::new(now, initial)
                .with_waivers(waivers, now)
                .with_profiles(profiles, now);
            (sources, App::new(model, env))
        }
        Mode::Saved { snapshot, label } => (
            SourceSet::none(),
            App::read_only(LiveModel::frozen(*snapshot), env, label),
        ),
    };
    drop(tx);
    if let Some(patterns) = &file.contexts.production {
        app.state.production = crate::ui::production::Production::new(patterns.clone());
    }
    app.clipboard = clipboard;
    app.tty = true;
    app.state.mouse = mouse;
    let result = {
        let mut guard = TerminalGuard::enter(mouse)?;
        crate::app::run(&mut guard.terminal, &mut sources, rx, app, &theme).await
    };
    sources.shutdown();
    // Ended by a signal: the shell convention, 128 + its number (143 for SIGTERM).
    result.map(|signal| signal.map_or(super::exit::OK, |n| (128 + n) as u8))
}

/// The built-in example: real data from the test fixtures (Docker 20.10 containers and the
/// demo cluster), saved as a report.
pub fn demo_snapshot() -> Result<Snapshot, crate::report::load::LoadError> {
    crate::report::load::parse(include_str!("../demo.json"), "built-in demo")
}

/// Reads a saved snapshot for `view`.
pub fn saved(path: &std::path::Path) -> color_eyre::Result<(Snapshot, String)> {
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| color_eyre::eyre::eyre!("cannot read {shown}: {e}"))?;
    let snapshot = crate::report::load::parse(&String::from_utf8_lossy(&bytes), &shown)?;
    let label = format!(
        "{} · taken {}",
        crate::model::text::clean(&shown),
        snapshot.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    );
    Ok((snapshot, label))
}
