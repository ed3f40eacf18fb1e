//! Against the real Docker engine: the `shipshape` binary's JSON report of containers started
//! here, `--output`, the live event-driven source, and what happens when the engine is not there.
//!
//! Each test starts its own uniquely named containers (see common::engine) and looks only at
//! those, so whatever else runs on the engine does not matter. Without an engine these tests skip
//! with a notice, except with CI=true, where they fail.

mod common;

use common::engine::{self, Containers, docker};
use serde_json::Value;
use shipshape::model::{SourceStatus, Workload, WorkloadState};
use shipshape::sources::SourceEvent;
use shipshape::sources::docker::{DockerCommand, DockerSettings};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const BIN: &str = env!("CARGO_BIN_EXE_shipshape");
const NOWHERE: &str = "unix:///nonexistent/docker.sock";
/// A configuration file that does not exist: the operator's own configuration (a theme, a
/// docker host) must not change what the tests see.
const NO_CONFIG: &str = "/nonexistent/shipshape-test/config.toml";

// ---------------------------------------------------------------------------------------------
// Running the binary and reading its report

/// Runs the binary and waits for it. Its data folder (host baseline, learned profiles) is a
/// fresh one per test process, never the operator's.
fn shipshape(args: &[&str]) -> Output {
    let data = std::env::temp_dir().join(format!("shipshape-docker-engine-{}", std::process::id()));
    Command::new(BIN)
        .args(args)
        .env("SHIPSHAPE_CONFIG", NO_CONFIG)
        .env("SHIPSHAPE_DATA", data)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

fn assert_status(out: &Output, expected: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(expected),
        "{what}: expected exit status {expected}, got {}\n--- stderr:\n{}\n--- stdout (first 2000 characters):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
            .chars()
            .take(2000)
            .collect::<String>()
    );
}

fn parse_json(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON ({e}):\n{text}"))
}

/// `value[key]` as an array; panics naming `key` when it is not one.
fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("expected `{key}` to be an array, got {}", value[key]))
}

/// The report's entry for the container called `name`.
fn workload<'a>(report: &'a Value, name: &str) -> &'a Value {
    let all = array(report, "workloads");
    all.iter().find(|w| w["name"] == name).unwrap_or_else(|| {
        let names: Vec<&str> = all.iter().filter_map(|w| w["name"].as_str()).collect();
        panic!("container {name} is not in the report; it lists {names:?}")
    })
}

fn rule_ids(w: &Value) -> Vec<&str> {
    array(w, "findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect()
}

fn assert_rules(report: &Value, name: &str, expected: &[&str]) {
    let got = rule_ids(workload(report, name));
    let missing: Vec<&&str> = expected.iter().filter(|id| !got.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "{name}: expected rules {missing:?} to fire; the report has {got:?}"
    );
}

fn assert_state(report: &Value, name: &str, expected: &str) {
    assert_eq!(
        workload(report, name)["state"],
        expected,
        "{name}: state in the report"
    );
}

/// A TCP port nobody listens on right now, for `-p 0.0.0.0:<port>:80`.
fn free_port() -> u16 {
    std::net::TcpListener::bind("0.0.0.0:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|e| panic!("cannot find a free TCP port: {e}"))
}

// ---------------------------------------------------------------------------------------------
// shipshape report

#[test]
fn report_describes_real_containers() {
    if !engine::available("report_describes_real_containers") {
        return;
    }
    let mut c = Containers::new("rep");
    // Started first so it has been spinning for a while when the report samples it.
    let busy = c.run(
        "busy",
        &["--cpus", "0.5", "--memory", "64m"],
        &["sh", "-c", "while :; do :; done"],
    );
    let port = format!("0.0.0.0:{}:80", free_port());
    let risky = c.run(
        "risky",
        &[
            "--cap-add",
            "SYS_ADMIN",
            "--cap-add",
            "NET_ADMIN",
            "--pid",
            "host",
            "-v",
            "/etc:/host-etc:ro",
            "-v",
            "/var/run/docker.sock:/var/run/docker.sock",
            "-p",
            &port,
            "--user",
            "0",
            "-e",
            "SOME_TOKEN=supersecretvalue",
            "--restart",
            "always",
        ],
        &["sleep", "600"],
    );
    let locked = c.run(
        "locked",
        &[
            "--user",
            "1000:1000",
            "--read-only",
            "--cap-drop",
            "ALL",
            "--security-opt",
            "no-new-privileges",
            "--memory",
            "64m",
            "--cpus",
            "0.5",
            "--pids-limit",
            "64",
            "--health-cmd",
            "true",
            "--restart",
            "on-failure:3",
        ],
        &["sleep", "600"],
    );
    let privileged = c.create("priv", &["--privileged"], &["sleep", "600"]);
    let hostns = c.run(
        "hostns",
        &["--network", "host", "--ipc", "host", "--uts", "host"],
        &["sleep", "600"],
    );
    let exited = c.run("exited", &[], &["true"]);
    assert_eq!(docker(&["wait", &exited]), "0", "{exited} exit code");

    let out = shipshape(&["report", "--format", "json", "--no-kube"]);
    assert_status(&out, 0, "shipshape report");
    let text = String::from_utf8(out.stdout.clone()).expect("report is UTF-8");
    let report = parse_json(&text, "the report");

    assert_eq!(report["schema"], "shipshape.report/v1");
    let sources = array(&report, "sources");
    let docker_source = sources
        .iter()
        .find(|s| s["kind"] == "docker")
        .unwrap_or_else(|| panic!("no docker source in {sources:?}"));
    assert_eq!(
        docker_source["status"], "ok",
        "docker source: {docker_source}"
    );

    // Names as the operator typed them: Docker's leading "/" is stripped everywhere.
    let ours = [&busy, &risky, &locked, &privileged, &hostns, &exited];
    for name in ours {
        workload(&report, name);
    }
    let slashed: Vec<&Value> = array(&report, "workloads")
        .iter()
        .filter(|w| w["name"].as_str().is_some_and(|n| n.starts_with('/')))
        .map(|w| &w["name"])
        .collect();
    assert!(slashed.is_empty(), "names with a leading '/': {slashed:?}");

    assert_rules(
        &report,
        &risky,
        &[
            "cap-add",
            "host-pid",
            "sensitive-mount",
            "docker-socket-mount",
            "port-all-interfaces",
            "root-user",
            "env-secret",
            "restart-policy",
        ],
    );
    assert_rules(&report, &privileged, &["privileged"]);
    assert_rules(&report, &hostns, &["host-network", "host-ipc", "host-uts"]);
    assert_locked_down(workload(&report, &locked));
    assert_busy(workload(&report, &busy));

    for name in [&busy, &risky, &locked, &hostns] {
        assert_state(&report, name, "running");
        let memory = &workload(&report, name)["resources"]["memory_usage_bytes"];
        assert!(
            memory.as_u64().is_some_and(|m| m > 0),
            "{name} is running: expected memory_usage_bytes > 0, got {memory}"
        );
    }
    assert_state(&report, &privileged, "created");
    assert_state(&report, &exited, "exited");
    for name in [&privileged, &exited] {
        let resources = &workload(&report, name)["resources"];
        assert!(
            resources["memory_usage_bytes"].is_null() && resources["cpu_usage_cores"].is_null(),
            "{name} is not running: expected null usage, got {resources}"
        );
    }

    // Environment values never leave the engine; names do.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !text.contains("supersecretvalue") && !stderr.contains("supersecretvalue"),
        "the value of SOME_TOKEN leaked into the output"
    );
    let env_names = &workload(&report, &risky)["env_names"];
    assert!(
        env_names
            .as_array()
            .is_some_and(|a| a.iter().any(|n| n == "SOME_TOKEN")),
        "{risky}: expected SOME_TOKEN among env_names, got {env_names}"
    );

    assert_summary_counts_findings(&report);
}

/// --user 1000:1000 --read-only --cap-drop ALL, no-new-privileges, limits, healthcheck, bounded
/// restart policy: nothing worse than low may fire.
fn assert_locked_down(w: &Value) {
    let serious: Vec<String> = array(w, "findings")
        .iter()
        .filter(|f| ["medium", "high", "critical"].contains(&f["severity"].as_str().unwrap_or("")))
        .map(|f| format!("{} ({}): {}", f["rule"], f["severity"], f["evidence"]))
        .collect();
    assert!(
        serious.is_empty(),
        "{}: expected no medium, high or critical finding, got {serious:?}",
        w["name"]
    );
    assert!(
        w["risk"] == "none" || w["risk"] == "low",
        "{}: expected risk none or low, got {}",
        w["name"],
        w["risk"]
    );
}

/// A busy loop under --cpus 0.5 --memory 64m: usage is measured against the limits.
fn assert_busy(w: &Value) {
    let r = &w["resources"];
    let cpu = r["cpu_usage_cores"].as_f64();
    assert!(
        cpu.is_some_and(|c| (0.25..=0.6).contains(&c)),
        "{}: a busy loop limited to 0.5 CPUs: expected cpu_usage_cores in 0.25..=0.6, got {}",
        w["name"],
        r["cpu_usage_cores"]
    );
    assert_eq!(r["cpu_limit_cores"].as_f64(), Some(0.5), "{}", w["name"]);
    assert_eq!(
        r["memory_limit_bytes"].as_u64(),
        Some(67_108_864),
        "{}",
        w["name"]
    );
    assert!(
        r["memory_usage_bytes"].as_u64().is_some_and(|m| m > 0),
        "{}: expected memory_usage_bytes > 0, got {}",
        w["name"],
        r["memory_usage_bytes"]
    );
}

/// The summary counts every finding (per workload and top level) by severity.
fn assert_summary_counts_findings(report: &Value) {
    let mut counted: BTreeMap<String, u64> = ["critical", "high", "medium", "low"]
        .iter()
        .map(|s| ((*s).to_owned(), 0))
        .collect();
    let per_workload = array(report, "workloads")
        .iter()
        .flat_map(|w| array(w, "findings"));
    let top_level = array(report, "findings");
    for finding in per_workload.chain(top_level) {
        let severity = finding["severity"]
            .as_str()
            .unwrap_or_else(|| panic!("finding without a severity: {finding}"));
        *counted.entry(severity.to_owned()).or_default() += 1;
    }
    let summary: BTreeMap<String, u64> = ["critical", "high", "medium", "low"]
        .iter()
        .map(|s| {
            (
                (*s).to_owned(),
                report["summary"][s].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect();
    assert_eq!(
        summary, counted,
        "summary (left) must equal the findings counted by severity (right)"
    );
}

#[test]
fn report_output_file_is_private_and_kept_without_force() {
    if !engine::available("report_output_file_is_private_and_kept_without_force") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let data = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.json");
    let path_arg = path.to_str().expect("UTF-8 temp path");
    // umask 000: the mode must come from shipshape, not from the caller's umask.
    let write = |extra: &[&str]| {
        let mut args = vec!["-c", "umask 000; exec \"$0\" \"$@\"", BIN];
        args.extend(["report", "--no-kube", "--output", path_arg]);
        args.extend(extra);
        Command::new("sh")
            .args(&args)
            .env("SHIPSHAPE_CONFIG", NO_CONFIG)
            .env("SHIPSHAPE_DATA", data.path())
            .output()
            .expect("run sh")
    };

    let first = write(&[]);
    assert_status(&first, 0, "report --output FILE");
    assert!(
        first.stdout.is_empty(),
        "with --output nothing goes to stdout, got {} bytes",
        first.stdout.len()
    );
    assert_eq!(file_mode(&path), 0o600, "mode of {}", path.display());
    let written = std::fs::read_to_string(&path).expect("report file");
    assert_eq!(
        parse_json(&written, "the report file")["schema"],
        "shipshape.report/v1"
    );

    let again = write(&[]);
    assert_status(
        &again,
        1,
        "report --output to an existing FILE without --force",
    );
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "expected stderr to say the file exists and to mention --force, got: {stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("report file"),
        written,
        "the existing file must be left as it was"
    );

    let forced = write(&["--force"]);
    assert_status(&forced, 0, "report --output FILE --force");
    let replaced = std::fs::read_to_string(&path).expect("report file");
    assert_ne!(
        replaced, written,
        "--force replaces the file (new generated_at)"
    );
    assert_eq!(file_mode(&path), 0o600, "mode after --force");
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read temp dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "report.json")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn file_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn report_on_unreachable_engine_exits_2_and_names_it() {
    let started = Instant::now();
    let out = shipshape(&["report", "--no-kube", "--docker-host", NOWHERE]);
    let took = started.elapsed();
    assert_status(&out, 2, "report against an engine that is not there");
    assert!(
        took < Duration::from_secs(15),
        "expected a quick failure (< 15 s), took {took:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(NOWHERE),
        "expected stderr to name {NOWHERE}, got: {stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// The live source (what the dashboard runs on)

/// Receives events until `pick` returns something, or panics after `timeout` saying what it
/// waited for and what came instead.
async fn wait_for<T>(
    events: &mut mpsc::Receiver<SourceEvent>,
    timeout: Duration,
    what: &str,
    mut pick: impl FnMut(&SourceEvent) -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut seen = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Some(event)) => {
                if let Some(found) = pick(&event) {
                    return found;
                }
                seen.push(describe(&event));
            }
            Ok(None) => {
                panic!("the source closed its channel while waiting for {what}; seen: {seen:?}")
            }
            Err(_) => panic!(
                "no {what} within {timeout:?}; the last events were: {:?}",
                &seen[seen.len().saturating_sub(8)..]
            ),
        }
    }
}

fn describe(event: &SourceEvent) -> String {
    match event {
        SourceEvent::Status(info) => format!("Status({:?}, {:?})", info.status, info.error),
        SourceEvent::Inventory { workloads, .. } => {
            format!("Inventory({} workloads)", workloads.len())
        }
        SourceEvent::Usage { usage, .. } => format!("Usage({} entries)", usage.len()),
        SourceEvent::Cluster { source, .. } => format!("Cluster({source:?})"),
        SourceEvent::Engine { facts, .. } => format!("Engine({:?})", facts.version),
        SourceEvent::Runtime { runtime, .. } => format!("Runtime({} containers)", runtime.len()),
        SourceEvent::Host(facts) => format!("Host({} files)", facts.files.len()),
        SourceEvent::ActionDone(record) => format!("ActionDone({})", record.outcome),
        SourceEvent::Removed(source) => format!("Removed({source:?})"),
    }
}

fn inventory(event: &SourceEvent) -> Option<&[std::sync::Arc<Workload>]> {
    match event {
        SourceEvent::Inventory { workloads, .. } => Some(workloads),
        _ => None,
    }
}

/// Asks the source to stop and checks that its task ends without panicking.
async fn shut_down(handle: shipshape::sources::docker::DockerHandle) {
    if handle.commands.send(DockerCommand::Shutdown).is_err() {
        panic!("the source stopped taking commands before Shutdown");
    }
    match tokio::time::timeout(Duration::from_secs(5), handle.task).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("the source task failed: {e}"),
        Err(_) => panic!("the source did not stop within 5 s of Shutdown"),
    }
}

#[test]
fn live_source_follows_engine_events() {
    if !engine::available("live_source_follows_engine_events") {
        return;
    }
    let mut c = Containers::new("live");
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let (tx, mut events) = mpsc::channel(256);
    let handle = {
        let _entered = runtime.enter();
        shipshape::sources::docker::spawn(DockerSettings::default(), tx)
    };

    runtime.block_on(async {
        wait_for(
            &mut events,
            Duration::from_secs(20),
            "Status ok",
            |e| match e {
                SourceEvent::Status(info) if info.status == SourceStatus::Ok => Some(()),
                _ => None,
            },
        )
        .await;
        wait_for(
            &mut events,
            Duration::from_secs(20),
            "the engine's settings",
            |e| match e {
                SourceEvent::Engine { facts, .. } => facts.version.clone(),
                _ => None,
            },
        )
        .await;
        wait_for(
            &mut events,
            Duration::from_secs(20),
            "first Inventory",
            |e| inventory(e).map(|_| ()),
        )
        .await;
    });

    // The docker CLI blocks; the source keeps running on the runtime's worker threads.
    let started = Instant::now();
    let name = c.run("new", &["--memory", "64m"], &["sleep", "600"]);
    let id = docker(&["inspect", "--format", "{{.Id}}", &name]);
    runtime.block_on(async {
        // Relisting is only a 60 s safety net, so arriving within seconds means events work.
        let what = format!("Inventory with {name} running (from engine events)");
        let shown = wait_for(&mut events, Duration::from_secs(5), &what, |e| {
            inventory(e)?
                .iter()
                .find(|w| w.id == id && w.state == WorkloadState::Running)
                .map(|w| w.name.clone())
        })
        .await;
        assert_eq!(shown, name, "the live source's name for {id}");
        eprintln!(
            "{name} appeared {:?} after docker run began",
            started.elapsed()
        );

        let what = format!("Usage with memory for {name}");
        let memory = wait_for(&mut events, Duration::from_secs(10), &what, |e| match e {
            SourceEvent::Usage { usage, .. } => usage.get(&id)?.memory_bytes,
            _ => None,
        })
        .await;
        assert!(memory > 0, "{name}: memory usage {memory}");

        // Its processes, from the process sampler (every few seconds).
        let what = format!("Runtime with the processes of {name}");
        let programs = wait_for(&mut events, Duration::from_secs(15), &what, |e| match e {
            SourceEvent::Runtime { runtime, .. } => {
                let names: Vec<String> = runtime
                    .get(&id)?
                    .processes
                    .iter()
                    .map(|p| p.name.clone())
                    .collect();
                (!names.is_empty()).then_some(names)
            }
            _ => None,
        })
        .await;
        assert!(
            programs.iter().any(|p| p == "sleep"),
            "{name} runs sleep: {programs:?}"
        );
    });

    c.remove(&name);
    let removed = Instant::now();
    runtime.block_on(async {
        let what = format!("Inventory without {name} after docker rm -f");
        wait_for(&mut events, Duration::from_secs(5), &what, |e| {
            inventory(e)?.iter().all(|w| w.id != id).then_some(())
        })
        .await;
        eprintln!("{name} disappeared after {:?}", removed.elapsed());
        shut_down(handle).await;
    });
}

#[test]
fn live_source_reports_unreachable_engine() {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let (tx, mut events) = mpsc::channel(64);
        let settings = DockerSettings {
            host: Some(NOWHERE.to_owned()),
            context: None,
            name: None,
        };
        let handle = shipshape::sources::docker::spawn(settings, tx);
        let error = wait_for(
            &mut events,
            Duration::from_secs(15),
            "Status error",
            |e| match e {
                SourceEvent::Status(info) if info.status == SourceStatus::Error => {
                    Some(info.error.clone().unwrap_or_default())
                }
                _ => None,
            },
        )
        .await;
        assert!(
            error.contains(NOWHERE),
            "expected the error to name {NOWHERE}, got: {error}"
        );
        shut_down(handle).await;
    });
}
