//! The two ways the Docker source reads usage and processes give the same answers on the real
//! engine: from the node's own cgroup files and `/proc` (what shipshape does when the engine is
//! on this machine), and by asking the engine (one-shot stats and `docker top`, what it does for
//! a remote engine). Without an engine these tests skip with a notice, except with CI=true.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::engine::{self, Containers, docker};
use shipshape::sources::Usage;
use shipshape::sources::docker::sampling::{Target, UsageSampler};
use shipshape::sources::docker::{DockerSettings, client, processes, resolve_endpoint};
use shipshape::sources::node::Node;
use std::collections::HashMap;
use std::time::Duration;

fn target(name: &str) -> Target {
    let id = docker(&["inspect", "-f", "{{.Id}}", name]);
    let pid = docker(&["inspect", "-f", "{{.State.Pid}}", name]);
    Target {
        id: id.trim().to_owned(),
        pid: pid.trim().parse().ok(),
    }
}

async fn connect() -> client::Connected {
    let endpoint = resolve_endpoint(&DockerSettings::default()).unwrap();
    assert!(endpoint.is_local(), "these tests read this machine's files");
    client::connect(&endpoint).await.unwrap()
}

/// Two rounds, 1.5 s apart, as the live source takes them.
async fn two_rounds(mut sampler: UsageSampler, targets: &[Target]) -> HashMap<String, Usage> {
    sampler.sample(targets).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sampler.sample(targets).await
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_from_cgroup_files_matches_the_engines_stats() {
    if !engine::available("usage_from_cgroup_files_matches_the_engines_stats") {
        return;
    }
    let mut containers = Containers::new("usage");
    let busy = containers.run("busy", &["--cpus", "0.5"], &["sh", "-c", "yes > /dev/null"]);
    let idle = containers.run("idle", &["--memory", "64m"], &["sleep", "600"]);
    let targets = vec![target(&busy), target(&idle)];
    let docker = connect().await.docker;
    let (node, engine) = tokio::join!(
        two_rounds(
            UsageSampler::new(docker.clone(), Some(Node::host()), usize::MAX),
            &targets
        ),
        two_rounds(
            UsageSampler::new(docker.clone(), None, usize::MAX),
            &targets
        ),
    );
    for (how, usage) in [("cgroup files", &node), ("engine stats", &engine)] {
        let busy_cpu = usage[&targets[0].id].cpu_cores.unwrap();
        assert!(
            (0.35..0.65).contains(&busy_cpu),
            "{how}: the busy container should use its half core, got {busy_cpu}"
        );
        let idle_cpu = usage[&targets[1].id].cpu_cores.unwrap();
        assert!(idle_cpu < 0.05, "{how}: idle container at {idle_cpu}");
        let memory = usage[&targets[1].id].memory_bytes.unwrap();
        assert!(
            memory > 0 && memory < 64 << 20,
            "{how}: idle memory {memory}"
        );
    }
    let (a, b) = (
        node[&targets[1].id].memory_bytes.unwrap() as f64,
        engine[&targets[1].id].memory_bytes.unwrap() as f64,
    );
    assert!(
        (a - b).abs() <= 256.0 * 1024.0,
        "memory: files {a}, engine {b}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn processes_from_proc_match_docker_top() {
    if !engine::available("processes_from_proc_match_docker_top") {
        return;
    }
    let mut containers = Containers::new("procs");
    let root = containers.run("root", &[], &["sh", "-c", "sleep 600 & sleep 601; true"]);
    let user = containers.run("user", &["--user", "10001"], &["sleep", "602"]);
    let targets = vec![target(&root), target(&user)];
    let docker = connect().await.docker;
    let node = Node::host();
    let from_files = processes::sample_all(&docker, &targets, Some(&node), true, usize::MAX).await;
    let from_engine = processes::sample_all(&docker, &targets, None, true, usize::MAX).await;
    for t in &targets {
        let summary = |facts: &HashMap<String, shipshape::model::runtime::RuntimeFacts>| {
            let mut rows: Vec<(u32, String, String, String)> = facts[&t.id]
                .processes
                .iter()
                .map(|p| (p.pid, p.name.clone(), p.user.clone(), p.command.clone()))
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(
            summary(&from_files),
            summary(&from_engine),
            "container {}",
            t.id
        );
    }
    let names: Vec<&str> = from_files[&targets[0].id]
        .processes
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["sh", "sleep", "sleep"]);
    assert_eq!(from_files[&targets[1].id].processes[0].user, "10001");
}
