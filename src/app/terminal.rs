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
