//! The rules engine: pure functions from a [`Workload`] to [`Finding`]s.
//!
//! Each rule is a plain value in [`CATALOG`]: a stable id, a title, the worst severity it can
//! give, why it matters, the exact fix, benchmark references, and a `check` that returns the
//! hits (severity + evidence) for one workload. No I/O, no clock, no UI.
//!
//! Adding a rule:
//! 1. write a `pub static` [`Rule`] in the family file it belongs to, with unit tests that show
//!    it firing and staying quiet;
//! 2. list it in [`CATALOG`];
//! 3. run `shipshape rules --format markdown > docs/rules.md` (a test checks the file is current).

mod confinement;
mod host_namespaces;
mod hygiene;
mod mounts;
mod privileges;
pub use privileges::capability_severity;
mod resources;
#[cfg(test)]
pub(crate) mod test_support;

use crate::model::{AssessedWorkload, Finding, Severity, Snapshot, SourceInfo, Workload};

/// The fix for a Docker container: what to do, the `docker run` flag and the Compose key.
/// `{subject}` in any of them is replaced by the hit's subject (a capability, a path, a port).
#[derive(Debug, Clone, Copy)]
pub struct DockerFix {
    pub advice: &'static str,
    pub run: &'static str,
    pub compose: &'static str,
}

/// One rule of the catalog.
#[derive(Debug)]
pub struct Rule {
    /// Stable id: a contract with scripts and waivers, never renamed.
    pub id: &'static str,
    pub title: &'static str,
    /// The worst severity this rule can give; a hit may be lower (a read-only mount, say).
    pub severity: Severity,
    /// Why it matters, in a sentence or two.
    pub risk: &'static str,
    pub docker_fix: DockerFix,
    pub references: &'static [&'static str],
    pub check: fn(&Workload) -> Vec<Hit>,
}

/// What a check found: how bad, the evidence, and the subject the fix is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub severity: Severity,
    pub evidence: String,
    pub subject: Option<String>,
}

impl Hit {
    pub fn new(severity: Severity, evidence: impl Into<String>) -> Self {
        Self {
            severity,
            evidence: evidence.into(),
            subject: None,
        }
    }

    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }
}

/// The one hit of a yes/no rule, or none.
pub(crate) fn hit_if(fires: bool, severity: Severity, evidence: &str) -> Vec<Hit> {
    if fires {
        vec![Hit::new(severity, evidence)]
    } else {
        Vec::new()
    }
}

impl Rule {
    /// Turns a hit into a finding with remediation text for this workload.
    pub fn finding(&self, hit: Hit) -> Finding {
        Finding {
            rule: self.id.to_owned(),
            severity: hit.severity,
            title: self.title.to_owned(),
            remediation: self.remediation(hit.subject.as_deref()),
            evidence: hit.evidence,
            references: self.references.iter().map(|r| (*r).to_owned()).collect(),
            risk: self.risk.to_owned(),
        }
    }

    /// The remediation text: advice, then the exact flag and Compose key.
    pub fn remediation(&self, subject: Option<&str>) -> String {
        let fill = |text: &str| match subject {
            Some(s) => text.replace("{subject}", s),
            None => text.to_owned(),
        };
        let fix = &self.docker_fix;
        format!(
            "{}\n\ndocker run:\n  {}\n\nCompose:\n{}",
            fill(fix.advice),
            fill(fix.run),
            indent(&fill(fix.compose), "  ")
        )
    }
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every rule, in the order `shipshape rules` lists them.
pub static CATALOG: &[&Rule] = &[
    // critical
    &privileges::PRIVILEGED,
    &mounts::DOCKER_SOCKET_MOUNT,
    &mounts::SENSITIVE_MOUNT,
    &privileges::CAP_ADD,
    &mounts::DEVICE_MAPPED,
    // high
    &host_namespaces::HOST_PID,
    &host_namespaces::HOST_NETWORK,
    &host_namespaces::HOST_IPC,
    &confinement::SECCOMP_UNCONFINED,
    &confinement::APPARMOR_UNCONFINED,
    &confinement::UNMASKED_PATHS,
    // medium
    &host_namespaces::HOST_UTS,
    &host_namespaces::HOST_USERNS,
    &mounts::MOUNT_PROPAGATION,
    &privileges::ROOT_USER,
    &privileges::PRIVILEGE_ESCALATION,
    &resources::NO_MEMORY_LIMIT,
    &resources::NO_PIDS_LIMIT,
    &hygiene::PORT_ALL_INTERFACES,
    &hygiene::ENV_SECRET,
    // low
    &resources::NO_CPU_LIMIT,
    &confinement::WRITABLE_ROOTFS,
    &hygiene::PRIVILEGED_PORT,
    &hygiene::IMAGE_UNPINNED,
    &hygiene::NO_HEALTHCHECK,
    &hygiene::RESTART_POLICY,
];

pub fn find(id: &str) -> Option<&'static Rule> {
    CATALOG.iter().copied().find(|r| r.id == id)
}

/// Every finding for one workload, in catalog order.
pub fn evaluate(workload: &Workload) -> Vec<Finding> {
    CATALOG
        .iter()
        .flat_map(|rule| {
            (rule.check)(workload)
                .into_iter()
                .map(move |hit| rule.finding(hit))
        })
        .collect()
}

/// A workload with its findings and risk.
pub fn assess(workload: Workload) -> AssessedWorkload {
    let findings = evaluate(&workload);
    AssessedWorkload::new(workload, findings)
}

/// A snapshot of the given sources and workloads, every workload assessed.
pub fn snapshot(
    now: jiff::Timestamp,
    sources: Vec<SourceInfo>,
    workloads: Vec<Workload>,
) -> Snapshot {
    let assessed = workloads.into_iter().map(assess).collect();
    Snapshot::new(now, sources, assessed, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::test_support::docker;
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for rule in CATALOG {
            assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn catalog_is_listed_worst_first() {
        assert!(CATALOG.windows(2).all(|w| w[0].severity >= w[1].severity));
    }

    #[test]
    fn required_rule_ids_exist() {
        for id in [
            "privileged",
            "root-user",
            "sensitive-mount",
            "docker-socket-mount",
            "cap-add",
            "privilege-escalation",
            "no-memory-limit",
            "no-cpu-limit",
            "no-pids-limit",
            "host-pid",
            "host-network",
            "host-ipc",
            "host-uts",
            "host-userns",
            "seccomp-unconfined",
            "apparmor-unconfined",
            "writable-rootfs",
            "device-mapped",
            "image-unpinned",
            "port-all-interfaces",
            "no-healthcheck",
            "restart-policy",
        ] {
            assert!(find(id).is_some(), "missing rule {id}");
        }
    }

    #[test]
    fn every_rule_has_fix_and_reference() {
        for rule in CATALOG {
            assert!(!rule.docker_fix.run.is_empty(), "{}", rule.id);
            assert!(!rule.docker_fix.compose.is_empty(), "{}", rule.id);
            assert!(!rule.references.is_empty(), "{}", rule.id);
        }
    }

    #[test]
    fn remediation_fills_subject() {
        let text = privileges::CAP_ADD.remediation(Some("SYS_ADMIN"));
        assert!(text.contains("--cap-add SYS_ADMIN"), "{text}");
        assert!(!text.contains("{subject}"));
    }

    #[test]
    fn hits_never_exceed_the_rule_severity() {
        let mut w = docker();
        w.privileged = true;
        w.user = String::new();
        for rule in CATALOG {
            for hit in (rule.check)(&w) {
                assert!(hit.severity <= rule.severity, "{}: {:?}", rule.id, hit);
            }
        }
    }

    #[test]
    fn assess_sets_risk_to_worst_finding() {
        let mut w = docker();
        w.privileged = true;
        let assessed = assess(w);
        assert_eq!(assessed.risk, crate::model::Risk::Critical);
        assert_eq!(assessed.findings[0].rule, "privileged");
    }
}
