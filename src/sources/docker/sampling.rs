//! Usage of every live container, one round at a time: read from the container's cgroup files
//! when its processes are on this node (no work for the engine at all), else one one-shot
//! stats request per container with a few in flight. CPU comes from comparing a round with the
//! previous one, so the first round has memory only.

use super::stats;
use crate::sources::Usage;
use crate::sources::node::Node;
use crate::sources::node::cgroup::Cgroup;
use bollard::Docker;
use bollard::query_parameters::StatsOptions;
use futures_util::{StreamExt, stream};
use std::collections::HashMap;
use std::time::Duration;

/// Stats requests in flight at once when the engine has to be asked.
const STATS_CONCURRENCY: usize = 4;
/// One stats request may not hold a round up for longer than this.
const STATS_TIMEOUT: Duration = Duration::from_secs(5);

/// A running or paused container: its id and its init PID on the engine's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub pid: Option<u32>,
}

/// A CPU counter against a clock: `scale` CPUs' worth of `clock_ns` passed per `clock_ns`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CpuReading {
    pub used_ns: u64,
    pub clock_ns: u64,
    pub scale: f64,
}

impl CpuReading {
    /// Cores used between `before` and this reading; `None` when the clock did not move or a
    /// counter went backwards (the container restarted).
    pub fn cores_since(&self, before: &CpuReading) -> Option<f64> {
        if self.clock_ns <= before.clock_ns || self.used_ns < before.used_ns {
            return None;
        }
        let used = (self.used_ns - before.used_ns) as f64;
        Some(used / (self.clock_ns - before.clock_ns) as f64 * self.scale)
    }
}

/// Keeps what a round needs from the one before: each container's last CPU reading and where
/// its cgroup is.
pub struct UsageSampler {
    docker: Docker,
    /// The node's files, when the engine is on this machine.
    node: Option<Node>,
    started: std::time::Instant,
    cgroups: HashMap<String, (Option<u32>, Option<Cgroup>)>,
    previous: HashMap<String, CpuReading>,
    /// [`super::Endpoint::max_in_flight`].
    max_in_flight: usize,
}

impl UsageSampler {
    pub fn new(docker: Docker, node: Option<Node>, max_in_flight: usize) -> Self {
        Self {
            docker,
            node,
            max_in_flight,
            started: std::time::Instant::now(),
            cgroups: HashMap::new(),
            previous: HashMap::new(),
        }
    }

    /// One round over `targets`. Containers the engine no longer knows are left out.
    pub async fn sample(&mut self, targets: &[Target]) -> HashMap<String, Usage> {
        self.cgroups
            .retain(|id, _| targets.iter().any(|t| t.id == *id));
        self.previous
            .retain(|id, _| targets.iter().any(|t| t.id == *id));
        let mut readings: HashMap<String, (Option<CpuReading>, Option<u64>)> = HashMap::new();
        let mut ask_engine = Vec::new();
        for target in targets {
            match self.cgroup(target) {
                Some(cgroup) => {
                    let counters = cgroup.read();
                    let cpu = counters.cpu_ns.map(|used_ns| CpuReading {
                        used_ns,
                        clock_ns: u64::try_from(self.started.elapsed().as_nanos())
                            .unwrap_or(u64::MAX),
                        scale: 1.0,
                    });
                    readings.insert(target.id.clone(), (cpu, counters.memory_bytes));
                }
                None => ask_engine.push(target.id.clone()),
            }
        }
        readings.extend(one_shot_all(&self.docker, ask_engine, self.max_in_flight).await);
        readings
            .into_iter()
            .map(|(id, (cpu, memory_bytes))| {
                let cpu_cores = match (cpu, self.previous.get(&id)) {
                    (Some(now), Some(before)) => now.cores_since(before),
                    _ => None,
                };
                if let Some(now) = cpu {
                    self.previous.insert(id.clone(), now);
                }
                let usage = Usage {
                    cpu_cores,
                    memory_bytes,
                };
                (id, usage)
            })
            .collect()
    }

    /// The container's cgroup on this node, looked up again only when its PID changed.
    fn cgroup(&mut self, target: &Target) -> Option<Cgroup> {
        let node = self.node.as_ref()?;
        let pid = target.pid?;
        let entry = self
            .cgroups
            .entry(target.id.clone())
            .or_insert((None, None));
        if entry.0 != Some(pid) {
            *entry = (Some(pid), Cgroup::locate(node, pid, &target.id));
        }
        entry.1.clone()
    }
}

/// One one-shot stats request per id, a few at a time; ids whose request failed are left out.
async fn one_shot_all(
    docker: &Docker,
    ids: Vec<String>,
    max_in_flight: usize,
) -> Vec<(String, (Option<CpuReading>, Option<u64>))> {
    stream::iter(ids)
        .map(|id| {
            let docker = docker.clone();
            async move {
                let options = StatsOptions {
                    stream: false,
                    one_shot: true,
                };
                let request = async { docker.stats(&id, Some(options)).next().await };
                let sample = tokio::time::timeout(STATS_TIMEOUT, request).await;
                match sample {
                    Ok(Some(Ok(sample))) => Some((id, stats::reading(&sample))),
                    _ => None,
                }
            }
        })
        .buffer_unordered(STATS_CONCURRENCY.min(max_in_flight))
        .filter_map(std::future::ready)
        .collect()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cores_between_two_readings() {
        let a = CpuReading {
            used_ns: 1_000_000_000,
            clock_ns: 10_000_000_000,
            scale: 1.0,
        };
        let b = CpuReading {
            used_ns: 2_000_000_000,
            clock_ns: 12_000_000_000,
            scale: 1.0,
        };
        assert_eq!(b.cores_since(&a), Some(0.5));
        assert_eq!(a.cores_since(&b), None, "clock went backwards");
        let restarted = CpuReading {
            used_ns: 5,
            clock_ns: 13_000_000_000,
            scale: 1.0,
        };
        assert_eq!(restarted.cores_since(&b), None);
    }
}
