//! `shipshape completions` and `shipshape man` come from the clap definition: they must name
//! every subcommand and flag, and each shell must accept its script (`bash -n`, `zsh -n`,
//! `fish --no-execute`; tests/run.sh installs zsh and fish).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

const SUBCOMMANDS: [&str; 10] = [
    "report",
    "rules",
    "diff",
    "view",
    "baseline",
    "learn",
    "config",
    "completions",
    "man",
    "help",
];

fn run(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = common::cli::shipshape(args, home.path());
    assert!(
        out.status.success(),
        "shipshape {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_completion_names_subcommands_and_flags() {
    let script = run(&["completions", "bash"]);
    for sub in SUBCOMMANDS {
        assert!(script.contains(sub), "bash completion lacks `{sub}`");
    }
    for flag in ["--kube-context", "--docker-host", "--no-kube", "--format"] {
        assert!(script.contains(flag), "bash completion lacks `{flag}`");
    }
    assert!(script.contains("complete -F _shipshape"), "{script}");
}

/// Feeds `script` to `shell check_flag` on standard input; panics when the shell rejects it.
fn check_syntax(shell: &str, check_flag: &str, script: &str) {
    let mut child = Command::new(shell)
        .arg(check_flag)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{shell} cannot be run: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{shell} {check_flag} rejects the script: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether `shell` is installed; outside CI a missing one skips, in CI it fails.
fn shell_available(shell: &str, test: &str) -> bool {
    if Command::new(shell).arg("-c").arg("exit 0").output().is_ok() {
        return true;
    }
    assert!(
        !common::engine::in_ci(),
        "{test}: {shell} is missing (tests/run.sh installs it)"
    );
    common::engine::skip_notice(
        test,
        &format!("{shell} is missing; apt-get install {shell}"),
    );
    false
}

#[test]
fn bash_accepts_the_bash_script() {
    check_syntax("bash", "-n", &run(&["completions", "bash"]));
}

#[test]
fn zsh_and_fish_accept_their_scripts() {
    let test = "zsh_and_fish_accept_their_scripts";
    if shell_available("zsh", test) {
        check_syntax("zsh", "-n", &run(&["completions", "zsh"]));
    }
    if shell_available("fish", test) {
        check_syntax("fish", "--no-execute", &run(&["completions", "fish"]));
    }
}

#[test]
fn zsh_and_fish_scripts_are_made() {
    let zsh = run(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef shipshape"), "{zsh}");
    assert!(zsh.contains("--kube-context") && zsh.contains("completions"));
    let fish = run(&["completions", "fish"]);
    assert!(fish.contains("complete -c shipshape") && fish.contains("kube-context"));
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = common::cli::shipshape(&["completions", "tcsh"], home.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bash"));
}

#[test]
fn man_page_is_roff_with_every_subcommand() {
    let page = run(&["man"]);
    assert!(page.contains(".TH shipshape 1"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("shipshape\\-{sub}(1)")),
            "the man page lacks `{sub}`:\n{page}"
        );
    }
    assert!(page.contains("\\-\\-kube\\-context"), "{page}");
    assert!(
        page.contains("Exit status"),
        "the after-help text is in the page"
    );
}
