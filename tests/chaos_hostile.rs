//! Chaos: a container an attacker controls. Its label and its command line carry OSC 0 (window
//! title), OSC 52 (clipboard write) and CSI 2J (clear screen), and its environment a secret.
//! In the dashboard (real tmux) the pane title and the clipboard stay untouched and the escapes
//! show as text; in the JSON, Markdown and HTML reports nothing raw or executable remains; the
//! secret value appears nowhere.

// In these helpers a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::cli::shipshape;
use common::engine::{self, Containers};
use common::tmux::{dashboard, tmux_available};
use std::time::Duration;

const OSC_TITLE: &str = "\u{1b}]0;PWNED-TITLE\u{7}";
const OSC_CLIPBOARD: &str = "\u{1b}]52;c;ZXZpbC1jbGlwYm9hcmQ=\u{7}";
const CLEAR: &str = "\u{1b}[2J";
const SECRET: &str = "hunter2-chaos-secret";
const LABEL_SECRET: &str = "label-secret-4711";

fn hostile() -> String {
    format!("{OSC_TITLE}{OSC_CLIPBOARD}{CLEAR}<script>alert(1)</script>")
}

#[test]
fn hostile_container_data_never_reaches_the_terminal_or_a_report_raw() {
    let test = "hostile_container_data_never_reaches_the_terminal_or_a_report_raw";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("hostile");
    let label = format!("note={}", hostile());
    let env = format!("DB_PASSWORD={SECRET}");
    let secret_label = format!("com.example.db-password={LABEL_SECRET}");
    // A very long value must not push the layout apart.
    let long_label = format!("long={}", "\u{202e}x".repeat(3000));
    let name = containers.run(
        "evil",
        &[
            "--label",
            &label,
            "--label",
            &secret_label,
            "--label",
            &long_label,
            "-e",
            &env,
            "--entrypoint",
            "/bin/sh",
        ],
        &["-c", "sleep 600; :", &hostile()],
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = dashboard("hostile", dir.path(), "--no-kube --no-host", 140, 40);
    // tmux would take an OSC 52 into its paste buffers: that is what must not happen.
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    let title = tmux.display("#{pane_title}");
    let step = Duration::from_secs(15);
    tmux.wait_for("the dashboard", step, |s| s.contains(&name));
    tmux.type_text("/");
    tmux.type_text(&name);
    tmux.key("Enter");
    tmux.key("Enter");
    tmux.type_text("5");
    let labels = tmux.wait_for("the Labels/Env pane", step, |s| s.contains("note"));
    tmux.type_text("6");
    let processes = tmux.wait_for(
        "the Processes pane with the command",
        Duration::from_secs(20),
        |s| s.contains("sleep 600"),
    );
    // The label shows the escape as text (`\x1b`); `ps` already prints it as `?`.
    assert!(
        labels.contains(r"\x1b]0;PWNED-TITLE"),
        "escapes show as text:\n{labels}"
    );
    assert!(
        processes.contains("]0;PWNED-TITLE"),
        "the command is shown:\n{processes}"
    );
    for screen in [&labels, &processes] {
        assert!(
            !screen.contains(SECRET),
            "the secret stays out of the screen:\n{screen}"
        );
        assert!(
            screen.contains(&name),
            "the screen was not cleared:\n{screen}"
        );
    }
    assert!(
        labels.contains("DB_PASSWORD"),
        "env names are shown:\n{labels}"
    );
    assert_eq!(
        tmux.display("#{pane_title}"),
        title,
        "the pane title is untouched"
    );
    let buffers = tmux.run(&["list-buffers"]);
    assert!(
        buffers.trim().is_empty(),
        "no clipboard write reached tmux: {buffers}"
    );
    tmux.type_text("q");

    let home = tempfile::tempdir().expect("temp dir");
    for format in ["json", "markdown", "html"] {
        let out = shipshape(
            &["report", "--format", format, "--no-kube", "--no-host"],
            home.path(),
        );
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        // Markdown escapes its punctuation, `-` included.
        let shown = if format == "markdown" {
            name.replace('-', r"\-")
        } else {
            name.clone()
        };
        assert!(text.contains(&shown), "{format} lists the container");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: a raw control character"
        );
        assert!(!text.contains(SECRET), "{format}: the secret value leaked");
        assert!(
            !text.contains(LABEL_SECRET),
            "{format}: a secret label value leaked"
        );
        if format == "html" {
            assert!(
                !text.contains("<script>alert(1)"),
                "html: the markup is escaped"
            );
        }
    }
}
