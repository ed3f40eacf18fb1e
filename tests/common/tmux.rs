//! A real terminal for the end-to-end tests: a detached tmux session on a private server,
//! driven with send-keys and read with capture-pane.

use super::engine::{in_ci, skip_notice};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Printed by the wrapper shell once shipshape has exited.
pub const AFTER: &str = "shell-after-shipshape";
/// Characters of the dashboard's frames; none may remain once the terminal is restored.
const BOX_DRAWING: [char; 6] = ['┌', '┐', '└', '┘', '│', '─'];

/// Whether tmux can be run. Outside CI a missing tmux prints a skip notice; with CI=true it
/// panics (tests/run.sh installs tmux).
pub fn tmux_available(test: &str) -> bool {
    match Command::new("tmux").arg("-V").output() {
        Ok(out) if out.status.success() => true,
        other => {
            let why = match other {
                Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_owned(),
                Err(e) => e.to_string(),
            };
            assert!(
                !in_ci(),
                "{test}: tmux must be installed when CI=true (no test may skip in CI): {why}"
            );
            skip_notice(
                test,
                &format!("tmux cannot be run ({why}); tests/run.sh installs it"),
            );
            false
        }
    }
}

/// A detached tmux session on a private server (`tmux -L`), killed on drop.
pub struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    /// `tag` keeps tests of one process, which run in parallel, on separate servers.
    pub fn start(tag: &str, command: &str, width: u16, height: u16) -> Self {
        let id = std::process::id();
        let tmux = Self {
            socket: format!("shipshape-test-{id}-{tag}"),
            session: format!("shipshape-{id}-{tag}"),
        };
        let (w, h) = (width.to_string(), height.to_string());
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            &tmux.session,
            "-x",
            &w,
            "-y",
            &h,
            command,
        ]);
        tmux
    }

    /// Runs a tmux command against this server; panics with its stderr when it fails.
    pub fn run(&self, args: &[&str]) -> String {
        // -u: UTF-8 even when the locale does not say so (CI may have no LANG). Without TMUX,
        // the test also works when run from inside a tmux session.
        let out = Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .output()
            .unwrap_or_else(|e| panic!("cannot run tmux: {e}"));
        assert!(
            out.status.success(),
            "`tmux {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A tmux format evaluated for the pane, e.g. `#{alternate_on}`.
    pub fn display(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", &self.session, format])
            .trim()
            .to_owned()
    }

    /// What the pane shows now.
    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.session])
    }

    /// Resizes the window, as an operator dragging the terminal would.
    pub fn resize(&self, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        self.run(&["resize-window", "-t", &self.session, "-x", &w, "-y", &h]);
    }

    /// Types `key` and polls the screen as fast as tmux answers until `shown` holds: how long
    /// the program took to answer the key (plus a capture, a few ms). Panics after 2 s.
    pub fn time_key(&self, key: &str, shown: impl Fn(&str) -> bool) -> Duration {
        let start = Instant::now();
        self.type_text(key);
        while !shown(&self.screen()) {
            assert!(
                start.elapsed() < Duration::from_secs(2),
                "no answer to {key} within 2 s"
            );
        }
        start.elapsed()
    }

    /// Named keys such as `Enter` or `Escape`.
    pub fn key(&self, key: &str) {
        self.run(&["send-keys", "-t", &self.session, key]);
    }

    /// From a selected container: Enter opens it, Enter opens its first finding. Returns the
    /// screen and the rule named in the finding's title (` id · `, or ` id - ` under ASCII).
    #[allow(dead_code)] // Each test binary uses only part of this module.
    pub fn open_first_finding(&self, step: Duration) -> (String, &'static shipshape::rules::Rule) {
        self.key("Enter");
        self.wait_for("the detail view", step, |s| s.contains("Findings"));
        self.key("Enter");
        let finding = self.wait_for("the finding's fix", step, |s| s.contains("How to fix"));
        let rule = shipshape::rules::CATALOG
            .iter()
            .copied()
            .find(|r| {
                finding.contains(&format!(" {} · ", r.id))
                    || finding.contains(&format!(" {} - ", r.id))
            })
            .unwrap_or_else(|| panic!("no rule id in the finding's title:\n{finding}"));
        (finding, rule)
    }

    /// Text typed character by character.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.session, "-l", text]);
    }

    /// Polls the pane until `ready` holds on a settled screen (the same on two captures 50 ms
    /// apart: a capture can land in the middle of a redraw); panics after `timeout` with the
    /// last screen.
    pub fn wait_for(&self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                std::thread::sleep(Duration::from_millis(50));
                if self.screen() == screen {
                    return screen;
                }
                continue;
            }
            assert!(
                Instant::now() < deadline,
                "waited {timeout:?} for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Ends the session and anything still running in it; never panics while unwinding.
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// `text` as one shell word.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Waits for a file the wrapper shell writes, and returns its content.
pub fn wait_for_file(path: &Path, timeout: Duration) -> String {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && !text.is_empty()
        {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{} did not appear within {timeout:?}: shipshape did not exit",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// After shipshape exits: the alternate screen is left, the cursor is back, mouse reporting is
/// off, no frame remains, and the terminal is out of raw mode.
pub fn assert_terminal_restored(tmux: &Tmux, stty_file: &Path, step: Duration) -> String {
    let after = tmux.wait_for("the shell after shipshape", step, |s| s.contains(AFTER));
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "the alternate screen should have been left"
    );
    assert_eq!(
        tmux.display("#{cursor_flag}"),
        "1",
        "the cursor should be visible again"
    );
    assert_eq!(
        tmux.display("#{mouse_any_flag}#{mouse_sgr_flag}"),
        "00",
        "mouse reporting should be off again"
    );
    assert!(
        !after.contains(BOX_DRAWING),
        "the dashboard's frame should be gone after exit:\n{after}"
    );
    let modes = std::fs::read_to_string(stty_file).expect("stty output");
    let modes: Vec<&str> = modes.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig"] {
        assert!(
            modes.contains(&mode),
            "raw mode should be off after exit: expected `{mode}` in stty -a, got {modes:?}"
        );
    }
    after
}

/// The dashboard in a fresh tmux session, its config and data folder inside `dir` (never the
/// operator's), with `args` after the binary (already shell-quoted where needed). The pane
/// stays open after it exits.
pub fn dashboard(tag: &str, dir: &Path, args: &str, width: u16, height: u16) -> Tmux {
    let path = |p: &Path| shell_quote(p.to_str().expect("UTF-8 temp path"));
    let script = format!(
        "SHIPSHAPE_CONFIG={config} SHIPSHAPE_DATA={data} {bin} {args}; exec sleep 600",
        config = path(&dir.join("no-config.toml")),
        data = path(&dir.join("data")),
        bin = shell_quote(env!("CARGO_BIN_EXE_shipshape")),
    );
    Tmux::start(tag, &script, width, height)
}
