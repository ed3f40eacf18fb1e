//! End to end in a real terminal (tmux) against the real engine: a container learned with
//! `shipshape learn`, then a `docker exec` of a program it never ran. The dashboard marks it
//! DRIFT, its Processes pane names the program, the Engine view shows the daemon's settings,
//! and pausing it asks first, happens only after `y`, and is logged.

mod common;

use common::engine::{self, Containers, docker};
use common::tmux::{Tmux, shell_quote, tmux_available, wait_for_file};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_shipshape");

#[test]
fn drift_shows_in_the_dashboard_and_pause_asks_first() {
    let test = "drift_shows_in_the_dashboard_and_pause_asks_first";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("tdrift");
    let name = containers.run("app", &[], &["sleep", "600"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let config = dir.path().join("no-config.toml");
    let learned = Command::new(BIN)
        .args(["learn", "--duration", "3s", "--no-kube"])
        .env("SHIPSHAPE_DATA", &data)
        .env("SHIPSHAPE_CONFIG", &config)
        .output()
        .expect("run shipshape learn");
    assert!(
        learned.status.success(),
        "learn: {}",
        String::from_utf8_lossy(&learned.stderr)
    );
    docker(&["exec", "-d", &name, "nc", "-l", "-p", "4444"]);

    let exit_file = dir.path().join("exit");
    let path = |p: &Path| shell_quote(p.to_str().expect("UTF-8 temp path"));
    let script = format!(
        "SHIPSHAPE_CONFIG={config} SHIPSHAPE_DATA={data} {bin} --no-kube --no-host; \
         echo EXIT=$? > {exit}; exec sleep 600",
        config = path(&config),
        data = path(&data),
        bin = shell_quote(BIN),
        exit = path(&exit_file),
    );
    let tmux = Tmux::start("drift", &script, 120, 36);
    let step = Duration::from_secs(10);
    tmux.type_text("/");
    tmux.wait_for("the filter prompt", step, |s| s.contains("Enter keep"));
    tmux.type_text(&name);
    tmux.key("Enter");
    // Processes are sampled every few seconds: wait for the first sample after the exec.
    let row = tmux.wait_for("the DRIFT mark on the row", Duration::from_secs(30), |s| {
        s.lines().any(|l| l.contains(&name) && l.contains("DRIFT"))
    });
    assert!(
        row.contains("PROCS"),
        "the learning column is shown:\n{row}"
    );

    tmux.key("Enter");
    tmux.wait_for("the detail view", step, |s| s.contains("1 Findings"));
    let findings = tmux.screen();
    assert!(
        findings
            .lines()
            .any(|l| l.contains("process-drift") && l.contains("`nc`")),
        "the findings list process-drift naming nc:\n{findings}"
    );
    tmux.type_text("6");
    let processes = tmux.wait_for("the Processes pane", step, |s| s.contains("PROGRAM"));
    assert!(
        processes.contains("DRIFT")
            && processes
                .lines()
                .any(|l| l.contains("nc -l -p 4444") && l.contains("not in the profile")),
        "the Processes pane marks nc:\n{processes}"
    );

    // Pause: asked first; any other key cancels and the container keeps running.
    tmux.type_text("p");
    tmux.wait_for("the confirmation", step, |s| {
        s.contains(&format!("pause {name}?"))
    });
    tmux.type_text("n");
    tmux.wait_for("the cancel note", step, |s| s.contains("pause cancelled"));
    assert_eq!(state(&name), "running");
    tmux.type_text("p");
    tmux.wait_for("the confirmation again", step, |s| {
        s.contains(&format!("pause {name}?"))
    });
    tmux.type_text("y");
    tmux.wait_for("the outcome", step, |s| {
        s.contains(&format!("pause {name}: done"))
    });
    assert_eq!(state(&name), "paused");
    let log = std::fs::read_to_string(data.join("actions.log")).expect("the action log");
    let lines: Vec<&str> = log.lines().filter(|l| l.contains(&name)).collect();
    assert_eq!(lines.len(), 2, "confirmed, then done:\n{log}");
    assert!(
        lines[0].contains("\"confirmed\"") && lines[1].contains("\"done\""),
        "{log}"
    );
    docker(&["unpause", &name]);

    tmux.key("Escape");
    std::thread::sleep(Duration::from_millis(300));
    tmux.type_text("E");
    let engine = tmux.wait_for("the engine view", step, |s| s.contains("Engine and host"));
    let version = docker(&["version", "--format", "{{.Server.Version}}"]);
    assert!(
        engine.contains(&format!("Docker {}", version.trim())) && engine.contains("confinement"),
        "the engine view shows the daemon's settings:\n{engine}"
    );
    tmux.type_text("q");
    assert_eq!(wait_for_file(&exit_file, step).trim(), "EXIT=0");
}

fn state(name: &str) -> String {
    docker(&["inspect", "--format", "{{.State.Status}}", name])
        .trim()
        .to_owned()
}
