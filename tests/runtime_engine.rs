//! Run-time behaviour against the real Docker engine, through the real binary: learning a
//! container's processes and seeing drift after a `docker exec`, a miner-like container next to
//! an honest busy one, and the engine checks read from the real `/info`.
//!
//! Each test has its own home (config, data: learned profiles, host baseline) and looks only at
//! its own containers. Without an engine these tests skip with a notice, except with CI=true.

mod common;

use common::cli::shipshape;
use common::engine::{self, Containers, docker};
use serde_json::Value;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

fn ok(out: &Output, what: &str) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: exit {}\n--- stderr:\n{}\n--- stdout:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn report(home: &Path) -> Value {
    let out = shipshape(
        &["report", "--format", "json", "--no-kube", "--no-host"],
        home,
    );
    let text = ok(&out, "report");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("report is not JSON ({e}):\n{text}"))
}

fn workload<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["workloads"]
        .as_array()
        .and_then(|ws| ws.iter().find(|w| w["name"] == name))
        .unwrap_or_else(|| panic!("{name} is not in the report"))
}

fn findings<'a>(w: &'a Value, rule: &str) -> Vec<&'a Value> {
    w["findings"]
        .as_array()
        .map(|fs| fs.iter().filter(|f| f["rule"] == rule).collect())
        .unwrap_or_default()
}

/// Waits until `docker top` shows `program` in the container (exec -d returns before it runs).
fn wait_for_process(container: &str, program: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let top = docker(&["top", container, "-o", "pid,comm"]);
        if top
            .lines()
            .any(|l| l.split_whitespace().nth(1) == Some(program))
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{program} never ran in {container}:\n{top}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn learned_container_then_exec_is_process_drift_and_the_profile_survives() {
    let test = "learned_container_then_exec_is_process_drift_and_the_profile_survives";
    if !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("drift");
    let name = containers.run("app", &[], &["sleep", "600"]);
    let home = tempfile::tempdir().expect("temp dir");

    let learned = ok(
        &shipshape(&["learn", "--duration", "3s", "--no-kube"], home.path()),
        "learn",
    );
    assert!(
        learned.contains(engine::TEST_IMAGE) && learned.contains("sleep"),
        "learn lists the image and what it runs:\n{learned}"
    );
    let before = report(home.path());
    let w = workload(&before, &name);
    assert_eq!(w["runtime"]["profile"]["state"], "watching", "{w:#}");
    assert!(
        findings(w, "process-drift").is_empty(),
        "nothing new yet: {w:#}"
    );

    docker(&["exec", "-d", &name, "nc", "-l", "-p", "4444"]);
    wait_for_process(&name, "nc");
    // A new shipshape process: the profile comes back from the data folder.
    let after = report(home.path());
    let w = workload(&after, &name);
    let drift = findings(w, "process-drift");
    assert_eq!(drift.len(), 1, "{w:#}");
    assert_eq!(drift[0]["severity"], "high");
    let evidence = drift[0]["evidence"].as_str().unwrap_or_default();
    assert!(
        evidence.contains("`nc`")
            && evidence.contains("nc -l -p 4444")
            && evidence.contains("first seen"),
        "{evidence}"
    );
    // The first sighting is remembered: a later report says the same time.
    let again = report(home.path());
    let evidence_again = findings(workload(&again, &name), "process-drift")[0]["evidence"].clone();
    assert_eq!(evidence_again, drift[0]["evidence"]);
}

#[test]
fn a_miner_like_container_is_flagged_and_a_busy_one_is_not() {
    let test = "a_miner_like_container_is_flagged_and_a_busy_one_is_not";
    if !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("miner");
    // A renamed busybox called xmrig (the kernel names the process after the file) with a
    // stratum pool URL among its arguments.
    let miner = containers.run(
        "xmrig",
        &["--cpus", "0.5", "--entrypoint", "/bin/sh"],
        &[
            "-c",
            "mkdir -p /tmp && cp /bin/busybox /tmp/xmrig && exec -a sh /tmp/xmrig -c 'sleep 600; :' stratum+tcp://pool.example.org:3333",
        ],
    );
    let busy = containers.run(
        "busy",
        &["--cpus", "0.5", "--entrypoint", "/bin/sh"],
        &["-c", "yes > /dev/null"],
    );
    wait_for_process(&miner, "xmrig");
    let home = tempfile::tempdir().expect("temp dir");
    let r = report(home.path());

    let m = workload(&r, &miner);
    let hits = findings(m, "cryptominer");
    assert_eq!(hits.len(), 1, "{m:#}");
    assert_eq!(hits[0]["severity"], "critical");
    let evidence = hits[0]["evidence"].as_str().unwrap_or_default();
    assert!(evidence.contains("known miner name `xmrig`"), "{evidence}");
    assert!(
        evidence.contains("stratum+tcp://pool.example.org:3333"),
        "{evidence}"
    );
    assert_eq!(m["risk"], "critical");

    let b = workload(&r, &busy);
    assert!(findings(b, "cryptominer").is_empty(), "{b:#}");
    // It really was busy: the CPU sample sits at its limit.
    let cpu = b["resources"]["cpu_usage_cores"]
        .as_f64()
        .unwrap_or_default();
    assert!(
        cpu > 0.3,
        "the busy container should use its half core, got {cpu}"
    );
}

#[test]
fn engine_checks_read_the_real_info() {
    let test = "engine_checks_read_the_real_info";
    if !engine::available(test) {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let r = report(home.path());
    let engines = r["engines"].as_array().expect("engines");
    assert_eq!(engines.len(), 1, "{engines:#?}");
    let e = &engines[0];
    let version = docker(&["version", "--format", "{{.Server.Version}}"]);
    assert_eq!(e["version"], version.trim());
    let options: Value =
        serde_json::from_str(&docker(&["info", "--format", "{{json .SecurityOptions}}"]))
            .expect("docker info JSON");
    assert_eq!(e["security_options"], options);
    let driver = docker(&["info", "--format", "{{.LoggingDriver}}"]);
    assert_eq!(e["logging_driver"], driver.trim());

    let daemon: Vec<&Value> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["scope"] == "daemon")
        .collect();
    let fired = |rule: &str| daemon.iter().any(|f| f["rule"] == rule);
    assert!(
        daemon.iter().all(|f| f["target"] == "docker/default"),
        "{daemon:#?}"
    );
    assert_eq!(
        fired("engine-local-logging"),
        matches!(driver.trim(), "json-file" | "local" | "none")
    );
    let live_restore = docker(&["info", "--format", "{{.LiveRestoreEnabled}}"]);
    assert_eq!(
        fired("engine-live-restore-off"),
        live_restore.trim() == "false"
    );
    let has = |name: &str| {
        options.as_array().is_some_and(|o| {
            o.iter().any(|v| {
                v.as_str()
                    .is_some_and(|v| v.starts_with(&format!("name={name}")))
            })
        })
    };
    assert_eq!(fired("engine-no-lsm"), !has("apparmor") && !has("selinux"));
    assert_eq!(
        fired("engine-userns-off"),
        !has("userns") && !has("rootless")
    );
    assert_eq!(fired("engine-seccomp-off"), !has("seccomp"));
}
