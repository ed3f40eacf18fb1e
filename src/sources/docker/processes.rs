//! What runs inside each running container: `docker top` with the columns the runtime rules
//! need, plus the container's established TCP connections when the host's `/proc` is ours.

use crate::model::runtime::{Process, RuntimeFacts};
use crate::model::text::clean;
use bollard::Docker;
use bollard::query_parameters::TopOptions;
use futures_util::{StreamExt, stream};
use std::collections::HashMap;

/// `ps` columns, in this order; the last one (the command line) takes the rest of the row.
const PS_ARGS: &str = "-o pid,ppid,user,pcpu,comm,args";
/// `docker top` runs `ps` on the host for each call: keep few in flight.
const TOP_CONCURRENCY: usize = 4;

/// One sample of every container in `ids`. Containers that stopped in between, or whose
/// listing failed, are left out. `read_proc`: the engine is on this host, so its PIDs are ours.
pub async fn sample_all(
    docker: &Docker,
    ids: &[String],
    read_proc: bool,
) -> HashMap<String, RuntimeFacts> {
    stream::iter(ids.to_vec())
        .map(|id| {
            let docker = docker.clone();
            async move {
                let facts = sample(&docker, &id, read_proc).await;
                facts.map(|f| (id, f))
            }
        })
        .buffer_unordered(TOP_CONCURRENCY)
        .filter_map(std::future::ready)
        .collect()
        .await
}

pub async fn sample(docker: &Docker, id: &str, read_proc: bool) -> Option<RuntimeFacts> {
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
    // Every process of a container shares its network namespace: one read is enough, once
    // the PID is known to be this container's in this /proc.
    let proc_root = std::path::Path::new("/proc");
    let connections = processes
        .first()
        .filter(|p| read_proc && crate::sources::procfs::belongs_to(proc_root, p.pid, id))
        .map(|p| crate::sources::procfs::established(proc_root, p.pid))
        .unwrap_or_default();
    Some(RuntimeFacts {
        sampled_at: Some(jiff::Timestamp::now()),
        processes,
        connections,
        profile: None,
    })
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
