//! Terminal set-up and the guarantee that it is restored on every exit path.
//!
//! `ratatui::try_init` installs a panic hook that restores the terminal and then runs the hook
//! before it (color-eyre's, installed first in `main`, which prints the report). On top of that
//! we exit the process: a panic in a source task would otherwise leave the UI running on a
//! restored terminal. The guard restores on normal return and on error; restoring twice is
//! harmless. Mouse capture, when on, is switched off on every one of those paths too: a shell
//! left with mouse reporting prints escape codes at every click.

use ratatui::DefaultTerminal;

pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    pub fn enter(mouse: bool) -> std::io::Result<Self> {
        let terminal = ratatui::try_init()?;
        let restore_and_report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = set_mouse(false);
            restore_and_report(info);
            show_cursor();
            std::process::exit(101);
        }));
        let guard = Self { terminal };
        if mouse {
            set_mouse(true)?;
        }
        Ok(guard)
    }
}

/// Clicks and the wheel only (xterm's normal tracking, 1000, in SGR encoding, 1006): no motion
/// reports, which would stream over SSH at every move. Off switches every mode off.
pub fn set_mouse(on: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout();
    if on {
        out.write_all(b"\x1b[?1000h\x1b[?1006h")?;
        out.flush()
    } else {
        crossterm::execute!(out, crossterm::event::DisableMouseCapture)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = set_mouse(false);
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
