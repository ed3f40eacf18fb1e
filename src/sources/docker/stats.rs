//! Usage from engine stats samples, for cgroup v1 and v2 alike.

use super::sampling::CpuReading;
use bollard::models::{ContainerMemoryStats, ContainerStatsResponse};

/// A one-shot sample (no `precpu_stats`): the CPU counter against the host's CPU clock, to be
/// compared with the next sample, and memory.
pub fn reading(sample: &ContainerStatsResponse) -> (Option<CpuReading>, Option<u64>) {
    let cpu = sample.cpu_stats.as_ref().and_then(|now| {
        let used_ns = now.cpu_usage.as_ref()?.total_usage?;
        let clock_ns = now.system_cpu_usage.filter(|s| *s > 0)?;
        Some(CpuReading {
            used_ns,
            clock_ns,
            scale: cpus(now),
        })
    });
    (cpu, sample.memory_stats.as_ref().and_then(memory_bytes))
}

/// CPUs the host clock counts: `online_cpus`, else the per-CPU list's length, else one.
fn cpus(now: &bollard::models::ContainerCpuStats) -> f64 {
    now.online_cpus
        .filter(|n| *n > 0)
        .map(f64::from)
        .or_else(|| {
            let per_cpu = now.cpu_usage.as_ref()?.percpu_usage.as_ref()?;
            (!per_cpu.is_empty()).then_some(per_cpu.len() as f64)
        })
        .unwrap_or(1.0)
}

/// Usage minus inactive page cache: `total_inactive_file` on cgroup v1, `inactive_file` on v2.
fn memory_bytes(mem: &ContainerMemoryStats) -> Option<u64> {
    let usage = mem.usage?;
    let stats = mem.stats.as_ref();
    let cache = stats
        .and_then(|s| s.get("total_inactive_file"))
        .filter(|v| **v < usage)
        .or_else(|| {
            stats
                .and_then(|s| s.get("inactive_file"))
                .filter(|v| **v < usage)
        })
        .copied()
        .unwrap_or(0);
    Some(usage - cache)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(json: &str) -> ContainerStatsResponse {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn cgroup_v2_sample() {
        // Shape of a cgroup v2 engine's sample: no total_* keys, inactive_file present.
        let before = sample(
            r#"{"cpu_stats":{"cpu_usage":{"total_usage":2000000000},"system_cpu_usage":12000000000,"online_cpus":4}}"#,
        );
        let now = sample(
            r#"{"cpu_stats":{"cpu_usage":{"total_usage":3000000000},"system_cpu_usage":20000000000,"online_cpus":4},
                "memory_stats":{"usage":10485760,"limit":67108864,"stats":{"inactive_file":2097152,"anon":8388608}}}"#,
        );
        let (Some(a), _) = reading(&before) else {
            panic!("no CPU reading")
        };
        let (Some(b), memory) = reading(&now) else {
            panic!("no CPU reading")
        };
        assert_eq!(memory, Some(8_388_608));
        let cpu = b.cores_since(&a).unwrap();
        assert!((cpu - 0.5).abs() < 1e-9, "{cpu}");
    }

    #[test]
    fn a_sample_without_the_host_clock_has_no_cpu_reading() {
        let s = sample(
            r#"{"cpu_stats":{"cpu_usage":{"total_usage":5},"online_cpus":2},"memory_stats":{"usage":4096}}"#,
        );
        assert_eq!(reading(&s), (None, Some(4096)));
    }

    #[test]
    fn one_shot_samples_compare_with_the_next() {
        let first = sample(
            r#"{"cpu_stats":{"cpu_usage":{"total_usage":2000000000},"system_cpu_usage":12000000000,"online_cpus":2},
                "memory_stats":{"usage":4096,"stats":{"total_inactive_file":1024}}}"#,
        );
        let second = sample(
            r#"{"cpu_stats":{"cpu_usage":{"total_usage":3000000000},"system_cpu_usage":16000000000,"online_cpus":2},
                "memory_stats":{"usage":4096}}"#,
        );
        let (Some(a), memory) = reading(&first) else {
            panic!("no CPU reading")
        };
        assert_eq!(memory, Some(3072));
        let (Some(b), _) = reading(&second) else {
            panic!("no CPU reading")
        };
        // 1 s of CPU over 4 s of both CPUs' clock: half a core.
        let cores = b.cores_since(&a).unwrap();
        assert!((cores - 0.5).abs() < 1e-9, "{cores}");
    }

    #[test]
    fn stopped_container_sample_is_empty() {
        let s = sample(r#"{"cpu_stats":{},"precpu_stats":{},"memory_stats":{}}"#);
        assert_eq!(reading(&s), (None, None));
    }
}
