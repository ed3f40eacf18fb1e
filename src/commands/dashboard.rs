//! The default command: the live dashboard.

use super::report::Enabled;
use crate::app::terminal::TerminalGuard;
use crate::app::{self, Sources};
use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, DEFAULT_THEME, Paths};
use crate::sources::docker::{self, DockerCommand};
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
    let mut initial = Vec::new();
    let docker = enabled.docker.map(|settings| {
        initial.push(docker::initial_info(&settings));
        docker::spawn(settings, tx.clone())
    });
    drop(tx);
    let commands = docker.as_ref().map(|d| d.commands.clone());
    let sources = Sources {
        events: rx,
        initial,
        refresh: Box::new(move || {
            if let Some(c) = &commands {
                let _ = c.send(DockerCommand::Refresh);
            }
        }),
    };

    let result = {
        let mut guard = TerminalGuard::enter()?;
        app::run(&mut guard.terminal, sources, &theme).await
    };
    if let Some(d) = docker {
        let _ = d.commands.send(DockerCommand::Shutdown);
        d.task.abort();
    }
    result.map(|()| super::exit::OK)
}
