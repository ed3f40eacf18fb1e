//! `shipshape completions` and `shipshape man` come from the clap definition: they must name
//! every subcommand and flag, and the bash script must be valid bash.
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

#[test]
fn bash_accepts_the_bash_script() {
    let script = run(&["completions", "bash"]);
    let mut bash = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs");
    bash.stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = bash.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "bash -n rejects the script: {}",
        String::from_utf8_lossy(&out.stderr)
    );
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
