//! The default command: the live dashboard.

use super::report::Enabled;
use crate::app::live::LiveModel;
use crate::app::sources::SourceSet;
use crate::app::terminal::TerminalGuard;
use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, DEFAULT_THEME, Paths};
use crate::ui::theme;
use tokio::sync::mpsc;

/// Events queued between the sources and the UI before sources wait.
const QUEUE: usize = 256;

pub async fn run(
    global: &GlobalArgs,
    file: &ConfigFile,
    paths: &Paths,
    enabled: Enabled,
) -> color_eyre::Result<u8> {
    let name = global
        .theme
        .as_deref()
        .or(file.theme.as_deref())
        .unwrap_or(DEFAULT_THEME);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = theme::load(name, no_color, &paths.themes_dir())?;

    let (tx, rx) = mpsc::channel(QUEUE);
    let (sources, initial) = SourceSet::start(enabled, &tx);
    drop(tx);
    let model = LiveModel::new(jiff::Timestamp::now(), initial);
    let result = {
        let mut guard = TerminalGuard::enter()?;
        crate::app::run(&mut guard.terminal, &sources, rx, model, &theme).await
    };
    sources.shutdown();
    result.map(|()| super::exit::OK)
}
