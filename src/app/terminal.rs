//! Terminal set-up and the guarantee that it is restored on every exit path.
//!
//! `ratatui::try_init` installs a panic hook that restores the terminal before the panic report
//! (color-eyre's hook, installed first in `main`, then prints it). The guard restores on normal
//! return and on error; restoring twice is harmless.

use ratatui::DefaultTerminal;

pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    pub fn enter() -> std::io::Result<Self> {
        Ok(Self {
            terminal: ratatui::try_init()?,
        })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
