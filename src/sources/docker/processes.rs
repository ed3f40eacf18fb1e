//! What runs inside each running container, and its established TCP connections. On the
//! engine's own node the container's cgroup and `/proc` say it directly; elsewhere the engine
//! runs `ps` for us (`docker top`), with the columns the runtime rules need.

use super::sampling::Target;
use crate::model::runtime::{Process, RuntimeFacts};
use crate::model::text::clean;
use crate::sources::node::cgroup::Cgroup;
use crate::sources::node::users::Users;
use crate::sources::node::{Node, connections, processes as node_processes};
use bollard::Docker;
use bollard::query_parameters::TopOptions;
use futures_util::{StreamExt, stream};
use std::collections::HashMap;

/// `ps` columns, in this order; the last one (the command line) takes the rest of the row.
const PS_ARGS: &str = "-o pid,ppid,user,pcpu,comm,args";
/// `docker top` runs `ps` on the host for each call: keep few in flight.
const TOP_CONCURRENCY: usize = 4;
/// Connections are read only for a container with a process averaging this much of a core:
/// they serve the miner rule, which weighs them only for a container burning CPU, and each
/// read of `net/tcp` walks the kernel's whole socket table (about a millisecond here).
const BUSY_PERCENT: f64 = 10.0;

/// One sample of every container in `targets`. Containers that stopped in between, or whose
/// listing failed, are left out. `node`: the engine runs on this machine, so a container
/// whose PID proves to be its own here is read from files, and its TCP connections too when
/// `connections` (reading them walks the kernel's whole socket table: not every round).
pub async fn sample_all(
    docker: &Docker,
    targets: &[Target],
    node: Option<&Node>,
    connections: bool,
    max_in_flight: usize,
) -> HashMap<String, RuntimeFacts> {
    let (mut sampled, ask_engine) = match node {
        Some(node) => {
            let (node, targets) = (node.clone(), targets.to_vec());
            tokio::task::spawn_blocking(move || from_node(&node, &targets, connections))
                .await
                .unwrap_or_else(|_| (HashMap::new(), Vec::new()))
        }
        None => (
            HashMap::new(),
            targets.iter().map(|t| t.id.clone()).collect(),
        ),
    };
    let from_engine: Vec<(String, RuntimeFacts)> = stream::iter(ask_engine)
        .map(|id| {
            let docker = docker.clone();
            async move { sample(&docker, &id).await.map(|f| (id, f)) }
        })
        .buffer_unordered(TOP_CONCURRENCY.min(max_in_flight))
        .filter_map(std::future::ready)
        .collect()
        .await;
    sampled.extend(from_engine);
    sampled
}

/// The containers whose processes are on this node, read from files; and the ids of those
/// that are not (their PID is unknown or someone else's here).
fn from_node(
    node: &Node,
    targets: &[Target],
    with_connections: bool,
) -> (HashMap<String, RuntimeFacts>, Vec<String>) {
    let users = Users::read(std::path::Path::new("/etc/passwd"));
    let uptime = node_processes::uptime(node);
    let mut sampled = HashMap::new();
    let mut elsewhere = Vec::new();
    for target in targets {
        let cgroup = target
            .pid
            .and_then(|pid| Cgroup::locate(node, pid, &target.id));
        let Some(cgroup) = cgroup else {
            elsewhere.push(target.id.clone());
            continue;
        };
        let processes = node_processes::list(node, &cgroup, &users, uptime);
        // Every process of a container shares its network namespace: one read is enough.
        let busy = processes
            .iter()
            .any(|p| p.cpu_percent.is_some_and(|c| c >= BUSY_PERCENT));
        let connections = processes
            .first()
            .filter(|_| with_connections && busy)
            .map(|p| connections::established(&node.proc_root, p.pid))
            .unwrap_or_default();
        sampled.insert(target.id.clone(), facts(processes, connections));
    }
    (sampled, elsewhere)
}

fn facts(
    processes: Vec<Process>,
    connections: Vec<crate::model::runtime::Connection>,
) -> RuntimeFacts {
    RuntimeFacts {
        sampled_at: Some(jiff::Timestamp::now()),
        processes,
        connections,
        profile: None,
    }
}

/// One container's processes as the engine lists them (`docker top`). No connections: the
/// PIDs are the engine host's, not ours.
pub async fn sample(docker: &Docker, id: &str) -> Option<RuntimeFacts> {
    let options = TopOptions {
        ps_args: PS_ARGS.to_owned(),
    };
    // A host `ps` that does not take our columns (busybox) still gives the default listing.
    let top = match docker.top_processes(id, Some(options)).await {
        Ok(top) => top,
        Err(_) => docker
            .top_processes(id, Some(TopOptions::default()))
            .await
            .ok()?,
    };
    let processes = parse(
        top.titles.as_deref().unwrap_or_default(),
        top.processes.as_deref().unwrap_or_default(),
    );
    Some(facts(processes, Vec::new()))
}

/// Rows of `ps` output into processes, by the column titles (the engine may add or reorder).
pub fn parse(titles: &[String], rows: &[Vec<String>]) -> Vec<Process> {
    let col = |name: &str| titles.iter().position(|t| t == name);
    let pid = col("PID");
    let ppid = col("PPID");
    let user = col("USER").or_else(|| col("UID"));
    let cpu = col("%CPU").or_else(|| col("C"));
    // With our PS_ARGS both comm and args are titled COMMAND; the last is the command line.
    let command = titles.iter().rposition(|t| t == "COMMAND" || t == "CMD");
    let name = titles
        .iter()
        .position(|t| t == "COMMAND")
        .filter(|i| Some(*i) != command);
    rows.iter()
        .filter_map(|row| {
            let get = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|s| clean(s));
            let pid: u32 = get(pid)?.trim().parse().ok()?;
            // Arguments can carry secrets (`--password=…`): masked before the model sees them.
            let command = crate::model::command_line::redact(&get(command).unwrap_or_default());
            let name =
                get(name).unwrap_or_else(|| crate::model::runtime::program_of(&command).to_owned());
            Some(Process {
                pid,
                ppid: get(ppid).and_then(|p| p.trim().parse().ok()),
                user: get(user).unwrap_or_default(),
                name,
                command,
                cpu_percent: get(cpu).and_then(|c| c.trim().parse().ok()),
                first_seen: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_our_columns() {
        let titles = strings(&["PID", "PPID", "USER", "%CPU", "COMMAND", "COMMAND"]);
        let rows = vec![
            strings(&[
                "4242",
                "4200",
                "root",
                "99.5",
                "xmrig",
                "/tmp/xmrig -o stratum+tcp://pool:3333",
            ]),
            strings(&["x", "1", "root", "0", "bad", "bad"]),
        ];
        let p = parse(&titles, &rows);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].pid, 4242);
        assert_eq!(p[0].ppid, Some(4200));
        assert_eq!(p[0].name, "xmrig");
        assert_eq!(p[0].command, "/tmp/xmrig -o stratum+tcp://pool:3333");
        assert_eq!(p[0].cpu_percent, Some(99.5));
    }

    #[test]
    fn parses_the_default_ps_ef_columns() {
        let titles = strings(&["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]);
        let rows = vec![strings(&[
            "root",
            "7",
            "1",
            "0",
            "10:00",
            "?",
            "00:00:00",
            "/bin/sh -c \u{1b}]0;x\u{7}sleep 9",
        ])];
        let p = parse(&titles, &rows);
        assert_eq!(p[0].name, "sh");
        assert!(!p[0].command.contains('\u{1b}'), "{:?}", p[0].command);
    }
}
