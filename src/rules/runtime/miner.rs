//! `cryptominer`: a process that looks like a coin miner. A miner's name, a pool URL or miner
//! options on the command line are strong signs on their own; a connection to a miner port, a
//! kernel-thread name or a binary in /tmp are weaker and count when the CPU is pinned too.
//! A busy CPU alone is never enough: plenty of honest work keeps a core busy.

use super::miner_signs::{
    COMMAND_SIGNS, DROP_FOLDERS, KERNEL_THREAD_PREFIXES, MINER_NAMES, MINER_PORTS, POOL_SCHEMES,
};
use crate::model::runtime::{Connection, Process, program_of};
use crate::model::{Severity, Workload};
use crate::rules::{DockerFix, Hit, Rule};

/// Share of the CPU limit (or of one core, per process) that counts as pinned.
const PINNED: f64 = 0.9;

#[derive(Default)]
struct Signs {
    strong: Vec<String>,
    weak: Vec<String>,
}

fn process_signs(p: &Process) -> Signs {
    let mut signs = Signs::default();
    let command = p.command.to_ascii_lowercase();
    let first = command.split_whitespace().next().unwrap_or_default();
    let names = [p.name.to_ascii_lowercase(), program_of(&command).to_owned()];
    if let Some(name) = names.iter().find(|n| MINER_NAMES.contains(&n.as_str())) {
        signs.strong.push(format!("known miner name `{name}`"));
    }
    if let Some(url) = command
        .split_whitespace()
        .find(|word| POOL_SCHEMES.iter().any(|s| word.contains(s)))
    {
        signs.strong.push(format!("pool URL `{url}`"));
    }
    let options: Vec<&str> = COMMAND_SIGNS
        .iter()
        .copied()
        .filter(|s| command.contains(&s.to_ascii_lowercase()))
        .collect();
    if !options.is_empty() {
        signs
            .strong
            .push(format!("miner options `{}`", options.join("`, `")));
    }
    if names
        .iter()
        .any(|n| KERNEL_THREAD_PREFIXES.iter().any(|k| n.starts_with(k)))
    {
        signs.weak.push(format!(
            "kernel-thread name `{}` inside a container",
            p.name
        ));
    }
    if DROP_FOLDERS.iter().any(|d| first.starts_with(d)) {
        signs.weak.push(format!("runs from {first}"));
    }
    signs
}

fn miner_port_connections(connections: &[Connection]) -> Vec<String> {
    connections
        .iter()
        .filter(|c| MINER_PORTS.contains(&c.remote_port) && c.public)
        .map(|c| {
            format!(
                "connected to {}:{} (a miner port)",
                c.remote_ip, c.remote_port
            )
        })
        .collect()
}

/// `CPU 0.50 of 0.50 cores (at its limit)` when the container is pinned at its limit.
fn container_pinned(w: &Workload) -> Option<String> {
    let r = &w.resources;
    match (r.cpu_usage_cores, r.cpu_limit_cores) {
        (Some(used), Some(limit)) if limit > 0.0 && used >= limit * PINNED => {
            Some(format!("CPU {used:.2} of {limit:.2} cores (at its limit)"))
        }
        _ => None,
    }
}

/// The container at its CPU limit, or this process near a whole core.
fn pinned_cpu(w: &Workload, p: &Process) -> Option<String> {
    container_pinned(w).or_else(|| {
        p.cpu_percent
            .filter(|c| *c >= PINNED * 100.0)
            .map(|c| format!("process CPU {c:.0}%"))
    })
}

fn check(w: &Workload) -> Vec<Hit> {
    let Some(runtime) = &w.runtime else {
        return Vec::new();
    };
    let mut hits: Vec<Hit> = runtime
        .processes
        .iter()
        .filter_map(|p| {
            let signs = process_signs(p);
            let cpu = pinned_cpu(w, p);
            let severity = if !signs.strong.is_empty() {
                Severity::Critical
            } else if !signs.weak.is_empty() && cpu.is_some() {
                Severity::High
            } else {
                return None;
            };
            let mut evidence: Vec<String> = signs.strong;
            evidence.extend(signs.weak);
            evidence.extend(cpu);
            // The program comes first and the PID after it, so a waiver can match the start.
            Some(Hit::new(
                severity,
                format!(
                    "process `{}`: {} (pid {}) — {}",
                    p.name,
                    p.command,
                    p.pid,
                    evidence.join("; ")
                ),
            ))
        })
        .collect();
    // Connections belong to the container (one network namespace), not to one process.
    let network = miner_port_connections(&runtime.connections);
    if !network.is_empty() {
        match hits.first_mut() {
            Some(first) => first.evidence = format!("{}; {}", first.evidence, network.join("; ")),
            None => {
                let busy = container_pinned(w)
                    .or_else(|| runtime.processes.iter().find_map(|p| pinned_cpu(w, p)));
                if let Some(cpu) = busy {
                    hits.push(Hit::new(
                        Severity::High,
                        format!(
                            "the container {}, with no known miner program in sight; {cpu}",
                            network.join("; ")
                        ),
                    ));
                }
            }
        }
    }
    hits.into_iter().map(|h| h.about(w.name.clone())).collect()
}

pub static CRYPTOMINER: Rule = Rule {
    id: "cryptominer",
    title: "Cryptominer signs",
    severity: Severity::Critical,
    risk: "Miners are what most container break-ins install first (Kinsing, TeamTNT, exposed \
           Redis and Docker APIs). They burn the CPU you pay for, and the way in that they used \
           is open to worse.",
    docker: Some(DockerFix {
        advice: "Contain first: pause the container (`p` in shipshape, or `docker pause {subject}`) \
                 so it stops mining but keeps its memory and files for forensics (`docker diff \
                 {subject}`, `docker export`). Then find the way in (an exposed Docker API, Redis \
                 or admin panel, a leaked credential, a poisoned image), remove the container and \
                 re-create it from a trusted image with a CPU limit, a read-only root filesystem \
                 and no new privileges; block outbound traffic to mining pools.",
        run: "--cpus 1.0 --read-only --cap-drop ALL --security-opt no-new-privileges",
        compose: "read_only: true\ncap_drop: [ALL]\nsecurity_opt:\n  - no-new-privileges:true\ndeploy:\n  resources:\n    limits:\n      cpus: \"1.0\"",
        references: &[
            "Falco: Detect crypto miners using the Stratum protocol",
            "Sigma: Linux Crypto Mining Indicators",
            "MITRE ATT&CK T1496 Resource Hijacking",
        ],
    }),
    kube: None,
    check,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::runtime::RuntimeFacts;
    use crate::rules::test_support::docker;

    fn running(command: &str, name: &str, cpu: f64) -> Workload {
        let mut w = docker();
        w.runtime = Some(RuntimeFacts {
            processes: vec![Process {
                cpu_percent: Some(cpu),
                ..Process::new(4242, name, command)
            }],
            ..RuntimeFacts::default()
        });
        w
    }

    #[test]
    fn miner_name_or_pool_url_is_enough() {
        let hits = check(&running(
            "xmrig -o stratum+tcp://pool.example.org:3333 -u x",
            "xmrig",
            0.0,
        ));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].severity, Severity::Critical);
        assert!(
            hits[0].evidence.contains("known miner name `xmrig`"),
            "{}",
            hits[0].evidence
        );
        assert!(
            hits[0]
                .evidence
                .contains("pool URL `stratum+tcp://pool.example.org:3333`")
        );
        // Renamed binary, pool URL still on its command line.
        assert_eq!(
            check(&running(
                "/usr/bin/helper -o stratum+ssl://p:443",
                "helper",
                1.0
            ))[0]
                .severity,
            Severity::Critical
        );
        assert_eq!(check(&running("./x --donate-level=0", "x", 1.0)).len(), 1);
    }

    #[test]
    fn busy_cpu_alone_is_not_a_miner() {
        let mut w = running("yes", "yes", 99.0);
        w.resources.cpu_limit_cores = Some(0.5);
        w.resources.cpu_usage_cores = Some(0.5);
        assert!(check(&w).is_empty());
        assert!(check(&running("httpd -f", "httpd", 1.0)).is_empty());
    }

    #[test]
    fn weak_signs_need_a_pinned_cpu() {
        assert!(check(&running("[kworker/0:2]", "kworker/0:2", 3.0)).is_empty());
        let hits = check(&running("[kworker/0:2]", "kworker/0:2", 98.0));
        assert_eq!(hits[0].severity, Severity::High);
        let mut w = running("/tmp/.x/sshd", "sshd", 5.0);
        w.resources.cpu_limit_cores = Some(1.0);
        w.resources.cpu_usage_cores = Some(0.97);
        if let Some(rt) = w.runtime.as_mut() {
            rt.connections.push(Connection {
                pid: 4242,
                remote_ip: "203.0.113.9".into(),
                remote_port: 3333,
                public: true,
            });
        }
        let hits = check(&w);
        assert_eq!(hits[0].severity, Severity::High);
        assert!(
            hits[0].evidence.contains("203.0.113.9:3333"),
            "{}",
            hits[0].evidence
        );
    }

    #[test]
    fn a_miner_port_and_a_pinned_cpu_give_one_container_hit() {
        let mut w = running("worker --threads 4", "worker", 40.0);
        w.resources.cpu_limit_cores = Some(1.0);
        w.resources.cpu_usage_cores = Some(0.99);
        if let Some(rt) = w.runtime.as_mut() {
            rt.processes.push(Process::new(4243, "sh", "sh"));
            for port in [3333, 4444] {
                rt.connections.push(Connection {
                    pid: 4242,
                    remote_ip: "203.0.113.9".into(),
                    remote_port: port,
                    public: true,
                });
            }
        }
        let hits = check(&w);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].severity, Severity::High);
        assert!(
            hits[0].evidence.contains("203.0.113.9:4444"),
            "{}",
            hits[0].evidence
        );
        // Not pinned: a port alone is not enough.
        w.resources.cpu_usage_cores = Some(0.2);
        assert!(check(&w).is_empty());
    }

    #[test]
    fn private_pool_ports_do_not_count() {
        let mut w = running("[kworker/0:2]", "kworker/0:2", 3.0);
        if let Some(rt) = w.runtime.as_mut() {
            rt.connections.push(Connection {
                pid: 4242,
                remote_ip: "10.0.0.5".into(),
                remote_port: 3333,
                public: false,
            });
        }
        assert!(check(&w).is_empty());
    }
}
