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

/// The fixtures at run time: fx-risky's image was learned (sleep) and then ran `nc`, fx-locked
/// is still learning, a miner runs in fx-hostns; one engine and a host audit with a change.
pub fn runtime_snapshot() -> Snapshot {
    use shipshape::model::engine::EngineFacts;
    use shipshape::model::host::{
        BaselineInfo, ChangeKind, FileChange, FileKind, HostFacts, HostFile,
    };
    use shipshape::model::runtime::{Process, ProfileFacts, ProfileState, RuntimeFacts};
    let process = |pid: u32, name: &str, command: &str, cpu: f64| Process {
        pid,
        ppid: Some(1),
        user: "root".into(),
        name: name.into(),
        command: command.into(),
        cpu_percent: Some(cpu),
        first_seen: None,
    };
    let base = snapshot();
    let mut workloads: Vec<_> = base.workloads.into_iter().map(|w| w.workload).collect();
    for w in &mut workloads {
        let profile = |state| ProfileFacts {
            image: w.image.clone(),
            state,
            until: fixed_time(),
            known: vec!["sleep".into()],
            drift: Vec::new(),
        };
        w.runtime = match w.name.as_str() {
            "fx-risky" => Some(RuntimeFacts {
                sampled_at: Some(fixed_time()),
                processes: vec![
                    process(4100, "sleep", "sleep 600", 0.0),
                    Process {
                        first_seen: Some(fixed_time()),
                        ..process(4242, "nc", "nc -l -p 4444", 0.0)
                    },
                ],
                connections: Vec::new(),
                profile: Some(profile(ProfileState::Watching)),
            }),
            "fx-locked" => Some(RuntimeFacts {
                sampled_at: Some(fixed_time()),
                processes: vec![process(5100, "sleep", "sleep 600", 0.0)],
                connections: Vec::new(),
                profile: Some(profile(ProfileState::Learning)),
            }),
            "fx-hostns" => Some(RuntimeFacts {
                sampled_at: Some(fixed_time()),
                processes: vec![process(
                    6100,
                    "xmrig",
                    "sh -c sleep 600; : stratum+tcp://pool.example.org:3333",
                    0.0,
                )],
                connections: Vec::new(),
                profile: None,
            }),
            _ => None,
        };
    }
    let engine = EngineFacts {
        context: "default".into(),
        endpoint: "unix:///var/run/docker.sock".into(),
        version: Some("20.10.24+dfsg1".into()),
        api_version: Some("1.41".into()),
        os: Some("Debian GNU/Linux 12 (bookworm)".into()),
        security_options: vec!["name=seccomp,profile=default".into()],
        logging_driver: Some("json-file".into()),
        insecure_registry_cidrs: vec!["127.0.0.0/8".into()],
        storage_driver: Some("overlay2".into()),
        cgroup_version: Some("1".into()),
        ..EngineFacts::default()
    };
    let host = HostFacts {
        root: "/".into(),
        files: vec![HostFile {
            path: "/etc/docker/daemon.json".into(),
            kind: FileKind::File,
            mode: 0o666,
            uid: 0,
            gid: 0,
            owner: Some("root".into()),
            group: Some("root".into()),
            sha256: Some("5e6f".repeat(16)),
            size: 164,
        }],
        baseline: Some(BaselineInfo {
            recorded_at: fixed_time(),
            path: "/root/.local/share/shipshape/host-baseline.json".into(),
            recorded_now: false,
        }),
        changes: vec![FileChange {
            path: "/etc/docker/daemon.json".into(),
            kind: ChangeKind::Modified,
            details: vec!["mode 0644 → 0666".into(), "size 120 → 164 bytes".into()],
        }],
        errors: Vec::new(),
    };
    let facts = shipshape::rules::ScopedFacts {
        clusters: Vec::new(),
        engines: vec![engine],
        host: Some(host),
    };
    let today = fixed_time();
    shipshape::rules::snapshot_with_waivers(today, base.sources, workloads, &facts, &[])
}
