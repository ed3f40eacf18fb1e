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
