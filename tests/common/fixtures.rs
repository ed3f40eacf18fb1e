//! Snapshots built from real `docker inspect` output captured from Docker 20.10 (cgroup v1)
//! into tests/fixtures/docker/, with fixed usage and a fixed clock so views and reports are
//! deterministic.

use shipshape::model::{Snapshot, SourceInfo, SourceKind, SourceStatus, Workload};
use shipshape::sources::docker::convert::to_workload;
use std::path::PathBuf;

pub const INSPECT_FIXTURES: [&str; 5] = ["risky", "locked", "priv", "exited", "hostns"];

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/docker")
        .join(name)
}

pub fn inspect_json(name: &str) -> String {
    std::fs::read_to_string(fixture_path(&format!("inspect-{name}.json")))
        .unwrap_or_else(|e| panic!("fixture inspect-{name}.json: {e}"))
}

pub fn workload(name: &str) -> Workload {
    let inspect = serde_json::from_str(&inspect_json(name))
        .expect("inspect fixture parses as bollard's type");
    to_workload(&inspect, "default")
}

pub fn fixed_time() -> jiff::Timestamp {
    "2026-11-29T04:10:30Z".parse().expect("valid timestamp")
}

/// All five fixture containers; running ones get made-up but plausible usage.
pub fn snapshot() -> Snapshot {
    let workloads = INSPECT_FIXTURES
        .iter()
        .map(|name| {
            let mut w = workload(name);
            if w.state.is_live() {
                w.resources.cpu_usage_cores = Some(match *name {
                    "locked" => 0.37,
                    "risky" => 0.02,
                    _ => 0.0,
                });
                w.resources.memory_usage_bytes = Some(match *name {
                    "locked" => 40 << 20,
                    "hostns" => 31 << 20,
                    _ => 1_200_128,
                });
            }
            w
        })
        .collect();
    let mut info = SourceInfo::new(SourceKind::Docker, "default", "unix:///var/run/docker.sock");
    info.status = SourceStatus::Ok;
    info.version = Some("20.10.24+dfsg1".into());
    info.api_version = Some("1.41".into());
    shipshape::rules::snapshot(fixed_time(), vec![info], workloads, &[])
}

/// Markup and escape sequences an attacker could put in a container's name, image, labels,
/// mounts and environment, for the report formats to neutralise.
pub const MARKUP: [&str; 6] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "| cell | **bold** `code` ```",
    "\"><svg onload=alert(1)>",
    "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J",
];

/// The fixtures plus a copy of fx-risky whose strings carry markup and escape sequences, read
/// through the Docker converter.
pub fn markup_snapshot() -> Snapshot {
    let mut json: serde_json::Value =
        serde_json::from_str(&inspect_json("risky")).expect("fixture");
    json["Id"] = format!("{:0>64}", "cafe").into();
    json["Name"] = format!("/fx-{}", MARKUP[0]).into();
    let config = &mut json["Config"];
    config["Image"] = format!("evil{}:1", MARKUP[1]).into();
    for (i, text) in MARKUP.iter().enumerate() {
        config["Labels"][format!("hostile-{i}{}", MARKUP[4])] = (*text).into();
    }
    config["Env"]
        .as_array_mut()
        .expect("env")
        .push(format!("TOKEN{}=hunter2", MARKUP[0]).into());
    json["Mounts"][0]["Destination"] = format!("/{}", MARKUP[2]).into();
    let inspect: bollard::models::ContainerInspectResponse =
        serde_json::from_value(json).expect("inspect");
    let hostile = to_workload(&inspect, "default");
    let base = snapshot();
    let mut workloads: Vec<_> = base.workloads.into_iter().map(|w| w.workload).collect();
    workloads.push(hostile);
    shipshape::rules::snapshot(fixed_time(), base.sources, workloads, &[])
}
