//! Resource rules: memory, CPU and PID limits.

use super::{DockerFix, Hit, KubeFix, Rule, field, hit_if};
use crate::model::kube::ContainerType;
use crate::model::{Severity, Workload};

/// Ephemeral (debug) containers cannot have resources; limits do not apply to them.
fn ephemeral(w: &Workload) -> bool {
    w.kubernetes
        .as_ref()
        .is_some_and(|k| k.container_type == ContainerType::Ephemeral)
}

pub static NO_MEMORY_LIMIT: Rule = Rule {
    id: "no-memory-limit",
    title: "No memory limit",
    severity: Severity::Medium,
    risk: "One container can use all host memory and get other workloads, or the host's own \
           daemons, OOM-killed.",
    docker: Some(DockerFix {
        advice: "Set a memory limit a little above the container's observed peak.",
        run: "--memory 512m",
        compose: "deploy:\n  resources:\n    limits:\n      memory: 512M",
        references: &["CIS Docker 1.6.0 5.11"],
    }),
    kube: Some(KubeFix {
        advice: "Set a memory limit a little above the container's observed peak.",
        yaml: "resources:\n  limits:\n    memory: 512Mi",
        pss: None,
        references: &[
            "kube-score container-resources",
            "Polaris memoryLimitsMissing",
        ],
    }),
    check: |w| {
        hit_if(
            w.resources.memory_limit_bytes.is_none() && !ephemeral(w),
            Severity::Medium,
            field(
                w,
                "HostConfig.Memory is 0 (unlimited)",
                "resources.limits.memory is not set",
            ),
        )
    },
};

pub static NO_CPU_LIMIT: Rule = Rule {
    id: "no-cpu-limit",
    title: "No CPU limit",
    severity: Severity::Low,
    risk: "Without a hard limit a busy or compromised container (a cryptominer, say) can starve \
           its neighbours of CPU.",
    docker: Some(DockerFix {
        advice: "Set a hard CPU limit in cores. CPU shares only set a relative weight.",
        run: "--cpus 1.0",
        compose: "deploy:\n  resources:\n    limits:\n      cpus: \"1.0\"",
        references: &["CIS Docker 1.6.0 5.12"],
    }),
    kube: Some(KubeFix {
        advice: "Set a CPU limit.",
        yaml: "resources:\n  limits:\n    cpu: 500m",
        pss: None,
        references: &["kube-score container-resources", "Polaris cpuLimitsMissing"],
    }),
    check: |w| {
        let r = &w.resources;
        if r.cpu_limit_cores.is_some() || r.cpuset_cpus.is_some() || ephemeral(w) {
            return Vec::new();
        }
        let evidence = match r.cpu_shares {
            Some(shares) => {
                format!("no --cpus or CPU quota; only CpuShares={shares} (a relative weight)")
            }
            None => field(
                w,
                "HostConfig.NanoCpus, CpuQuota and CpusetCpus are unset",
                "resources.limits.cpu is not set",
            )
            .to_owned(),
        };
        vec![Hit::new(Severity::Low, evidence)]
    },
};

pub static NO_PIDS_LIMIT: Rule = Rule {
    id: "no-pids-limit",
    title: "No PIDs limit",
    severity: Severity::Medium,
    risk: "A fork bomb in the container can exhaust the host's process table.",
    docker: Some(DockerFix {
        advice: "Cap the number of processes the container may create.",
        run: "--pids-limit 256",
        compose: "pids_limit: 256",
        references: &["CIS Docker 1.6.0 5.29"],
    }),
    kube: None,
    check: |w| match w.resources.pids_limit {
        Some(n) if n > 0 => Vec::new(),
        _ => vec![Hit::new(
            Severity::Medium,
            "HostConfig.PidsLimit is unset (unlimited)",
        )],
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{docker, fired};
    use super::*;

    #[test]
    fn memory_limit() {
        let mut w = docker();
        assert!((NO_MEMORY_LIMIT.check)(&w).is_empty());
        w.resources.memory_limit_bytes = None;
        assert_eq!(fired(&w), vec!["no-memory-limit".to_owned()]);
    }

    #[test]
    fn cpu_limit_accepts_quota_or_cpuset_not_shares() {
        let mut w = docker();
        w.resources.cpu_limit_cores = None;
        w.resources.cpu_shares = Some(512);
        let hits = (NO_CPU_LIMIT.check)(&w);
        assert!(hits[0].evidence.contains("CpuShares=512"));
        w.resources.cpuset_cpus = Some("0".into());
        assert!((NO_CPU_LIMIT.check)(&w).is_empty());
    }

    #[test]
    fn pids_limit_zero_or_negative_is_unlimited() {
        for limit in [None, Some(0), Some(-1)] {
            let mut w = docker();
            w.resources.pids_limit = limit;
            assert_eq!(fired(&w), vec!["no-pids-limit".to_owned()], "{limit:?}");
        }
    }
}
