//! End to end: the real binary in a real terminal (tmux, 120x36) against the real engine, driven
//! the way an operator would: find a container, open it, look at its panes and at a finding's
//! fix, go back, quit. Then the process must have exited with 0 and left the terminal as it was.
//!
//! Skips with a notice when tmux or the engine is missing, except with CI=true, where it fails.

// clippy.toml's allow-*-in-tests covers `#[test]` functions only; in these helpers a panic is
// the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::engine::{self, Containers};
use common::tmux::{
    AFTER, Tmux, assert_terminal_restored, shell_quote, tmux_available, wait_for_file,
};
use std::path::Path;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_shipshape");
const WIDTH: u16 = 120;
const HEIGHT: u16 = 36;

#[test]
fn operator_inspects_a_container_and_quits() {
    let test = "operator_inspects_a_container_and_quits";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("tui");
    let name = containers.run(
        "web",
        &["--cap-add", "SYS_ADMIN", "-v", "/etc:/host-etc:ro"],
        &["sleep", "600"],
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let exit_file = dir.path().join("exit");
    let stty_file = dir.path().join("stty");
    let config = dir.path().join("no-config.toml");
    let path = |p: &Path| shell_quote(p.to_str().expect("UTF-8 temp path"));
    // After shipshape exits: record its status and the terminal modes, then keep the pane open
    // so what it shows can be checked.
    let script = format!(
        "SHIPSHAPE_CONFIG={config} SHIPSHAPE_DATA={data} {bin} --no-kube; echo EXIT=$? > {exit}; \
         stty -a > {stty} 2>&1; echo {AFTER}; exec sleep 600",
        config = path(&config),
        data = path(&dir.path().join("data")),
        bin = shell_quote(BIN),
        exit = path(&exit_file),
        stty = path(&stty_file),
    );
    let tmux = Tmux::start("operator", &script, WIDTH, HEIGHT);
    assert_eq!(
        tmux.display("#{window_width}x#{window_height}"),
        format!("{WIDTH}x{HEIGHT}"),
        "terminal size"
    );
    let step = Duration::from_secs(10);

    tmux.wait_for(
        &format!("the dashboard listing {name}"),
        Duration::from_secs(30),
        |s| s.contains("Containers") && s.contains(&name),
    );

    tmux.type_text("/");
    tmux.wait_for("the filter prompt", step, |s| s.contains("Enter keep"));
    tmux.type_text(&name);
    tmux.key("Enter");
    let filtered = tmux.wait_for("the filter to be applied", step, |s| {
        s.contains(&format!("filter: {name}")) && !s.contains("Enter keep")
    });
    assert!(
        filtered.contains(" Containers 1/"),
        "the filter {name} should leave exactly one row:\n{filtered}"
    );

    tmux.key("Enter");
    let detail = tmux.wait_for("the container's detail view", step, |s| {
        s.contains("1 Findings") && s.contains("EVIDENCE")
    });
    assert!(
        detail.contains(&name) && detail.contains("cap-add"),
        "the detail view should name {name} and list the cap-add finding:\n{detail}"
    );

    tmux.type_text("2");
    let mounts = tmux.wait_for("the Mounts pane", step, |s| s.contains("DESTINATION"));
    let etc_row = mounts
        .lines()
        .find(|l| l.contains("/host-etc"))
        .unwrap_or_else(|| panic!("no /host-etc row in the Mounts pane:\n{mounts}"));
    assert!(
        etc_row.contains("sensitive"),
        "the /etc mount should be marked sensitive, its row is: {etc_row}"
    );

    tmux.type_text("3");
    let caps = tmux.wait_for("the Capabilities pane", step, |s| s.contains("Effective"));
    assert!(
        caps.lines()
            .any(|l| l.contains("+ SYS_ADMIN") && l.contains("added")),
        "the Capabilities pane should show SYS_ADMIN as added:\n{caps}"
    );

    tmux.type_text("1");
    tmux.wait_for("the Findings pane again", step, |s| s.contains("EVIDENCE"));
    tmux.key("Enter");
    let finding = tmux.wait_for("the first finding's remediation", step, |s| {
        s.contains("How to fix")
    });
    assert!(
        finding.contains("docker run") && finding.contains("Compose"),
        "the remediation should give the docker run flag and the Compose key:\n{finding}"
    );

    // Escape alone: crossterm reads ESC followed quickly by a key as Alt+key.
    tmux.key("Escape");
    std::thread::sleep(Duration::from_millis(300));
    tmux.wait_for("the detail view after Escape", step, |s| {
        s.contains("EVIDENCE") && !s.contains("How to fix")
    });
    tmux.type_text("q");

    let status = wait_for_file(&exit_file, step);
    assert_eq!(status.trim(), "EXIT=0", "shipshape's exit status");
    assert_terminal_restored(&tmux, &stty_file, step);
}

#[test]
fn a_panic_restores_the_terminal_and_exits() {
    let test = "a_panic_restores_the_terminal_and_exits";
    if !tmux_available(test) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let exit_file = dir.path().join("exit");
    let stty_file = dir.path().join("stty");
    let path = |p: &Path| shell_quote(p.to_str().expect("UTF-8 temp path"));
    // Debug builds panic after the first frame when SHIPSHAPE_TEST_PANIC is set. No engine is
    // needed: the first frame is drawn before any source answers.
    let script = format!(
        "SHIPSHAPE_TEST_PANIC=1 RUST_BACKTRACE=0 SHIPSHAPE_CONFIG={config} SHIPSHAPE_DATA={data} {bin} --no-kube \
         --docker-host unix:///nonexistent.sock; echo EXIT=$? > {exit}; stty -a > {stty} 2>&1; \
         echo {AFTER}; exec sleep 600",
        config = path(&dir.path().join("no-config.toml")),
        data = path(&dir.path().join("data")),
        bin = shell_quote(BIN),
        exit = path(&exit_file),
        stty = path(&stty_file),
    );
    let tmux = Tmux::start("panic", &script, WIDTH, HEIGHT);
    let step = Duration::from_secs(10);
    let status = wait_for_file(&exit_file, step);
    assert_eq!(status.trim(), "EXIT=101", "a panic exits with 101");
    let after = assert_terminal_restored(&tmux, &stty_file, step);
    assert!(
        after.contains("panicking on purpose"),
        "the panic report should be printed on the restored terminal:\n{after}"
    );
}

#[test]
fn export_key_writes_an_html_report_of_the_live_engine() {
    let test = "export_key_writes_an_html_report_of_the_live_engine";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("export");
    let name = containers.run(
        "labelled",
        &[
            "--label",
            "note=<script>alert(1)</script>",
            "--label",
            "img=<img src=x onerror=alert(2)>",
            "--cap-add",
            "NET_ADMIN",
        ],
        &["sleep", "600"],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let exit_file = dir.path().join("exit");
    let path = |p: &Path| shell_quote(p.to_str().expect("UTF-8 temp path"));
    let script = format!(
        "SHIPSHAPE_CONFIG={config} SHIPSHAPE_DATA={data} {bin} --no-kube; echo EXIT=$? > {exit}; exec sleep 600",
        config = path(&dir.path().join("no-config.toml")),
        data = path(&data),
        bin = shell_quote(BIN),
        exit = path(&exit_file),
    );
    let tmux = Tmux::start("export", &script, WIDTH, HEIGHT);
    let step = Duration::from_secs(10);
    tmux.wait_for(
        &format!("the dashboard listing {name}"),
        Duration::from_secs(30),
        |s| s.contains(&name),
    );
    tmux.type_text("e");
    tmux.wait_for("the export picker", step, |s| s.contains("Export report"));
    tmux.key("Enter");
    let shown = tmux.wait_for("the written path", step, |s| s.contains("wrote "));
    tmux.type_text("q");
    assert_eq!(wait_for_file(&exit_file, step).trim(), "EXIT=0");

    let reports: Vec<_> = std::fs::read_dir(data.join("reports"))
        .expect("the reports folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = &reports[0];
    assert!(report.extension().is_some_and(|e| e == "html"));
    let file_name = report.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        shown.contains(&file_name),
        "the screen names the file:\n{shown}"
    );
    let html = std::fs::read_to_string(report).expect("report");
    assert!(
        html.contains(&name) && html.contains("cap-add") && html.contains("docker run"),
        "findings with remediation"
    );
    assert_eq!(html.matches("<script").count(), 1, "no markup from labels");
    assert!(!html.contains("<img"));
    assert!(
        html.contains("note=&lt;script&gt;alert(1)&lt;/script&gt;"),
        "labels are shown, escaped"
    );
}

/// The dashboard on the built-in snapshot, run as `env VARS shipshape --demo ARGS` so the pane's
/// own TERM and locale are replaced; records its exit status and the terminal modes after it.
fn demo_in_tmux(tag: &str, dir: &Path, vars: &str, args: &str) -> Tmux {
    let path = |p: &Path| shell_quote(p.to_str().expect("UTF-8 temp path"));
    let script = format!(
        "env -u LC_ALL -u LC_CTYPE -u COLORTERM -u NO_COLOR {vars} SHIPSHAPE_CONFIG={config} \
         SHIPSHAPE_DATA={data} {bin} --demo {args}; echo EXIT=$? > {exit}; \
         stty -a > {stty} 2>&1; echo {AFTER}; exec sleep 600",
        config = path(&dir.join("no-config.toml")),
        data = path(&dir.join("data")),
        bin = shell_quote(BIN),
        exit = path(&dir.join("exit")),
        stty = path(&dir.join("stty")),
    );
    Tmux::start(tag, &script, WIDTH, HEIGHT)
}

/// `y` in a finding puts exactly the rule's fix in tmux's paste buffer (OSC 52 with
/// `set-clipboard on`), and the footer says so: the YAML for a pod (the demo's first row), the
/// `docker run` flag for a plain Docker container (fx-priv).
#[test]
fn y_copies_the_fix_through_osc52_into_tmux() {
    let test = "y_copies_the_fix_through_osc52_into_tmux";
    if !tmux_available(test) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = demo_in_tmux("clip", dir.path(), "TERM=tmux-256color LANG=C.UTF-8", "");
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    let step = Duration::from_secs(10);
    tmux.wait_for("the demo dashboard", step, |s| s.contains("Containers"));
    for (filter, label) in [("", "pod spec"), ("fx-priv", "docker run")] {
        if !filter.is_empty() {
            tmux.type_text(&format!("/{filter}"));
            tmux.key("Enter");
            tmux.wait_for("the filter", step, |s| s.contains(" Containers 1/"));
        }
        let (finding, rule) = tmux.open_first_finding(step);
        assert!(
            finding.contains("y copy"),
            "the footer offers y:\n{finding}"
        );

        tmux.type_text("y");
        let copied = tmux.wait_for("the copy confirmation", step, |s| {
            s.contains("to the clipboard via OSC 52")
        });
        // From the rule catalog only, never from the container.
        let text = match label {
            "pod spec" => rule.kube.expect("a pod fix").yaml,
            _ => rule.docker.expect("a Docker fix").run,
        };
        let expected = text.replace("{subject}", "<subject>");
        assert!(
            copied.contains(&format!(
                "copied the {label} fix ({} bytes)",
                expected.len()
            )),
            "{copied}"
        );
        let buffer = tmux.run(&["save-buffer", "-"]);
        assert_eq!(
            buffer, expected,
            "tmux's paste buffer holds exactly the fix"
        );
        tmux.key("Escape");
        tmux.key("Escape");
        tmux.wait_for("the dashboard again", step, |s| s.contains("Containers"));
    }
    tmux.type_text("q");
    let status = wait_for_file(&dir.path().join("exit"), step);
    assert_eq!(status.trim(), "EXIT=0");
}

/// Where OSC 52 cannot go (TERM=linux), `y` shows the fix plain instead and copies nothing.
#[test]
fn y_shows_the_fix_plain_on_a_linux_console() {
    let test = "y_shows_the_fix_plain_on_a_linux_console";
    if !tmux_available(test) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = demo_in_tmux("plain", dir.path(), "TERM=linux LANG=C", "");
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    let step = Duration::from_secs(10);
    tmux.wait_for("the demo dashboard", step, |s| s.contains("Containers"));
    tmux.key("Enter");
    tmux.wait_for("the detail view", step, |s| s.contains("Findings"));
    tmux.key("Enter");
    tmux.wait_for("the finding's fix", step, |s| s.contains("How to fix"));
    tmux.type_text("y");
    let shown = tmux.wait_for("the fix shown plain", step, |s| s.contains("not copied"));
    assert!(shown.contains("TERM=linux cannot take OSC 52"), "{shown}");
    let buffers = tmux.run(&["list-buffers"]);
    assert!(buffers.trim().is_empty(), "nothing copied: {buffers}");
    tmux.key("Escape");
    tmux.wait_for("the finding again", step, |s| s.contains("How to fix"));
    tmux.type_text("q");
    let status = wait_for_file(&dir.path().join("exit"), step);
    assert_eq!(status.trim(), "EXIT=0");
}

/// Every common TERM, in a C and a UTF-8 locale: the dashboard draws (ASCII only under
/// LANG=C), quits with 0 and leaves the terminal as it was.
#[test]
fn runs_and_restores_under_every_term_and_locale() {
    let test = "runs_and_restores_under_every_term_and_locale";
    if !tmux_available(test) {
        return;
    }
    let terms = [
        "xterm-256color",
        "screen-256color",
        "tmux-256color",
        "xterm",
        "screen",
        "linux",
        "vt100",
    ];
    let step = Duration::from_secs(10);
    for term in terms {
        for lang in ["C", "C.UTF-8"] {
            let case = format!("TERM={term} LANG={lang}");
            let dir = tempfile::tempdir().expect("temp dir");
            let tag = format!("term-{}-{}", term, lang.replace('.', ""));
            let tmux = demo_in_tmux(&tag, dir.path(), &case, "");
            let screen = tmux.wait_for(&format!("the dashboard under {case}"), step, |s| {
                s.contains("Containers")
            });
            if lang == "C" {
                assert!(screen.is_ascii(), "{case}: only ASCII on screen:\n{screen}");
                assert!(
                    screen.contains("+---") && screen.contains('|'),
                    "{case}: ASCII borders:\n{screen}"
                );
            } else {
                assert!(
                    screen.contains('┌') && screen.contains('│'),
                    "{case}: box drawing in a UTF-8 locale:\n{screen}"
                );
            }
            tmux.type_text("q");
            let status = wait_for_file(&dir.path().join("exit"), step);
            assert_eq!(status.trim(), "EXIT=0", "{case}");
            let after = assert_terminal_restored(&tmux, &dir.path().join("stty"), step);
            assert!(
                !after.contains("+---"),
                "{case}: the frame is gone:\n{after}"
            );
        }
    }
}

/// A click as the terminal reports it (SGR encoding, 1-based column and row), typed into the
/// pane as raw bytes.
fn click(tmux: &Tmux, session_target: &str, column: u16, row: u16) {
    let report = format!("\x1b[<0;{};{}M", column + 1, row + 1);
    let hex: Vec<String> = report.bytes().map(|b| format!("{b:02x}")).collect();
    let mut args = vec!["send-keys", "-t", session_target, "-H"];
    args.extend(hex.iter().map(String::as_str));
    tmux.run(&args);
}

/// Mouse capture is on in the dashboard (clicks and the wheel only, no motion), a click selects
/// the row under it, `M` gives the mouse back to the terminal, `--no-mouse` starts without,
/// and quitting switches it off.
#[test]
fn mouse_capture_clicks_and_m() {
    let test = "mouse_capture_clicks_and_m";
    if !tmux_available(test) {
        return;
    }
    let step = Duration::from_secs(10);
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = demo_in_tmux("mouse", dir.path(), "TERM=tmux-256color LANG=C.UTF-8", "");
    let target = tmux.display("#{session_name}");
    let screen = tmux.wait_for("the demo dashboard", step, |s| s.contains("Containers"));
    assert_eq!(
        tmux.display("#{mouse_standard_flag}#{mouse_sgr_flag}#{mouse_all_flag}"),
        "110",
        "clicks and the wheel in SGR encoding, no motion reports"
    );
    let row = screen
        .lines()
        .position(|l| l.contains("fx-risky"))
        .expect("fx-risky on screen") as u16;
    click(&tmux, &target, 30, row);
    let selected = tmux.wait_for("the clicked row selected", step, |s| {
        s.lines().any(|l| l.contains("fx-risky") && l.contains('▶'))
    });
    assert_eq!(
        selected.matches('▶').count(),
        1,
        "one selected row:\n{selected}"
    );
    click(&tmux, &target, 30, row);
    tmux.wait_for("a second click opening it", step, |s| {
        s.contains("Findings") && s.contains("Capabilities")
    });

    tmux.type_text("M");
    tmux.wait_for("the mouse released", step, |s| s.contains("mouse off"));
    assert_eq!(tmux.display("#{mouse_any_flag}#{mouse_sgr_flag}"), "00");
    tmux.type_text("q");
    let status = wait_for_file(&dir.path().join("exit"), step);
    assert_eq!(status.trim(), "EXIT=0");
    assert_terminal_restored(&tmux, &dir.path().join("stty"), step);

    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = demo_in_tmux(
        "nomouse",
        dir.path(),
        "TERM=xterm-256color LANG=C.UTF-8",
        "--no-mouse",
    );
    tmux.wait_for("the demo dashboard", step, |s| s.contains("Containers"));
    assert_eq!(tmux.display("#{mouse_any_flag}#{mouse_sgr_flag}"), "00");
    tmux.type_text("M");
    tmux.wait_for("the mouse taken", step, |s| s.contains("mouse on"));
    assert_eq!(
        tmux.display("#{mouse_standard_flag}#{mouse_sgr_flag}"),
        "11"
    );
    tmux.type_text("q");
    let status = wait_for_file(&dir.path().join("exit"), step);
    assert_eq!(status.trim(), "EXIT=0");
    assert_terminal_restored(&tmux, &dir.path().join("stty"), step);
}
