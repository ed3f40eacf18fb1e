//! The operator's usual road: tmux, then `ssh` to a node whose locale is C and whose TERM is
//! `screen`. shipshape must draw with ASCII borders there, and `y` on a finding's fix must
//! reach the operator's own tmux paste buffer through OSC 52, across the SSH connection.
//!
//! Real pieces only: a private sshd on 127.0.0.1 (tests/common/sshd.rs), the real `ssh`
//! client with a pty (`-t`), tmux with `set-clipboard on`. The built-in demo snapshot keeps the
//! screen the same on every machine. Skips without tmux or sshd, except with CI=true.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::engine::{in_ci, skip_notice};
use common::sshd::{SSHD, Sshd};
use common::tmux::{Tmux, shell_quote, tmux_available, wait_for_file};
use std::time::Duration;

#[test]
fn over_ssh_in_tmux_with_lang_c_and_term_screen_ascii_borders_and_y_copies_via_osc52() {
    let test = "over_ssh_in_tmux_with_lang_c_and_term_screen_ascii_borders_and_y_copies_via_osc52";
    if !tmux_available(test) {
        return;
    }
    if !std::path::Path::new(SSHD).exists() {
        assert!(!in_ci(), "{test}: sshd must be installed when CI=true");
        skip_notice(test, "no sshd; tests/run.sh installs openssh-server");
        return;
    }
    let sshd = Sshd::start();
    let dir = tempfile::tempdir().unwrap();
    let path = |p: &std::path::Path| shell_quote(p.to_str().unwrap());
    let exit = dir.path().join("exit");
    // What runs on the node, as its login shell gets it.
    let remote = format!(
        "env -u LC_ALL -u LC_CTYPE -u COLORTERM LANG=C SHIPSHAPE_CONFIG={config} \
         SHIPSHAPE_DATA={data} {bin} --demo; echo EXIT=$? > {exit}",
        config = path(&dir.path().join("no-config.toml")),
        data = path(&dir.path().join("data")),
        bin = shell_quote(env!("CARGO_BIN_EXE_shipshape")),
        exit = path(&exit),
    );
    // The operator's side: TERM=screen, as tmux's default; ssh sends it to the node.
    let script = format!(
        "env TERM=screen LANG=C PATH={path_env} ssh -t {alias} {remote}; exec sleep 600",
        path_env = shell_quote(&sshd.path_env()),
        alias = sshd.alias,
        remote = shell_quote(&remote),
    );
    let tmux = Tmux::start("ssh", &script, 120, 36);
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    let step = Duration::from_secs(15);
    let screen = tmux.wait_for("the dashboard over ssh", step, |s| s.contains("Containers"));
    assert!(screen.is_ascii(), "only ASCII under LANG=C:\n{screen}");
    assert!(
        screen.contains("+---") && screen.contains('|'),
        "ASCII borders:\n{screen}"
    );
    assert!(
        screen.contains("PROD"),
        "the demo's prod-eu context is marked:\n{screen}"
    );

    let (_, rule) = tmux.open_first_finding(step);
    tmux.type_text("y");
    let copied = tmux.wait_for("the copy confirmation", step, |s| {
        s.contains("to the clipboard via OSC 52")
    });
    // The demo's first row is a pod: the fix is the rule's Kubernetes YAML.
    let expected = rule
        .kube
        .expect("a pod fix")
        .yaml
        .replace("{subject}", "<subject>");
    let buffer = tmux.run(&["save-buffer", "-"]);
    assert_eq!(
        buffer, expected,
        "tmux's paste buffer holds exactly the fix, sent across ssh:\n{copied}"
    );

    tmux.type_text("q");
    let status = wait_for_file(&exit, step);
    assert_eq!(status.trim(), "EXIT=0");
    // The alternate screen is gone: the pane shows the shell's screen again, not the dashboard.
    tmux.wait_for("the dashboard gone", step, |s| {
        !s.contains("How to fix") && !s.contains("Containers")
    });
}
