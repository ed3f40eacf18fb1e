//! Terminal set-up and the guarantee that it is restored on every exit path.
//!
//! `ratatui::try_init` installs a panic hook that restores the terminal and then runs the hook
//! before it (color-eyre's, installed first in `main`, which prints the report). On top of that
//! we exit the process: a panic in a source task would otherwise leave the UI running on a
//! restored terminal. The guard restores on normal return and on error; restoring twice is
//! harmless.

use ratatui::DefaultTerminal;

pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    pub fn enter() -> std::io::Result<Self> {
        let terminal = ratatui::try_init()?;
        let restore_and_report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_and_report(info);
            show_cursor();
            std::process::exit(101);
        }));
        Ok(Self { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
        show_cursor();
    }
}

/// `ratatui::restore` leaves cursor visibility to `Terminal`'s drop, which a panic that exits
/// the process never reaches.
fn show_cursor() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
}

/// The signals that end shipshape the normal way: the loop returns and the guard restores the
/// terminal. (In raw mode Ctrl-C is a key, not SIGINT; this is for `kill` and hang-ups.)
pub struct Signals {
    term: tokio::signal::unix::Signal,
    hangup: tokio::signal::unix::Signal,
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            term: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// Waits for any of them; returns its number (15, 1 or 2).
    pub async fn recv(&mut self) -> i32 {
        tokio::select! {
            _ = self.term.recv() => 15,
            _ = self.hangup.recv() => 1,
            _ = self.interrupt.recv() => 2,
        }
    }
}
