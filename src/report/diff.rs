//! Comparing two snapshots: new and resolved findings, new and removed workloads, and risk
//! changes. Workloads are matched by source, namespace and a stable name (a pod's controller
//! rather than its generated name; never a container id), findings by rule and evidence.

use crate::model::{AssessedWorkload, Finding, Risk, Severity, Snapshot};
use serde::Serialize;
use std::collections::BTreeMap;

/// Identifies a workload across redeploys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct WorkloadId {
    pub source: String,
    pub namespace: Option<String>,
    /// Docker: the container name. Pods: `Kind/owner/container`, or `pod/container` unowned.
    pub name: String,
}

impl WorkloadId {
    pub fn of(w: &AssessedWorkload) -> Self {
        let wl = &w.workload;
        let owner = wl.kubernetes.as_ref().and_then(|k| k.owner.as_ref());
        let name = match (owner, &wl.pod) {
            (Some(o), _) => format!("{}/{}/{}", o.kind, o.name, wl.name),
            (None, Some(pod)) => format!("{pod}/{}", wl.name),
            (None, None) => wl.name.clone(),
        };
        Self {
            source: format!("{} {}", wl.source.kind.as_str(), wl.source.context),
            namespace: wl.namespace.clone(),
            name,
        }
    }

    pub fn label(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.source, self.name),
            None => format!("{} {}", self.source, self.name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedFinding {
    /// The workload, or `None` for a cluster or namespace finding.
    pub workload: Option<WorkloadId>,
    pub finding: Finding,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskChange {
    pub workload: WorkloadId,
    pub from: Risk,
    pub to: Risk,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub old_generated_at: jiff::Timestamp,
    pub new_generated_at: jiff::Timestamp,
    pub new_findings: Vec<ChangedFinding>,
    pub resolved_findings: Vec<ChangedFinding>,
    pub new_workloads: Vec<WorkloadId>,
    pub removed_workloads: Vec<WorkloadId>,
    pub risk_changes: Vec<RiskChange>,
}

type FindingKey = (Option<WorkloadId>, String, String);

/// Every finding keyed for matching; replicas with identical findings count separately.
fn findings(s: &Snapshot) -> BTreeMap<FindingKey, Vec<Finding>> {
    let mut out: BTreeMap<FindingKey, Vec<Finding>> = BTreeMap::new();
    for w in &s.workloads {
        let id = WorkloadId::of(w);
        for f in &w.findings {
            out.entry((Some(id.clone()), f.rule.to_string(), f.evidence.clone()))
                .or_default()
                .push(f.clone());
        }
    }
    for f in &s.findings {
        let target = format!(
            "{} {}",
            f.scope.as_deref().unwrap_or("cluster"),
            f.target.as_deref().unwrap_or_default()
        );
        out.entry((
            None,
            f.rule.to_string(),
            format!("{target}\u{0}{}", f.evidence),
        ))
        .or_default()
        .push(f.clone());
    }
    out
}

fn workloads(s: &Snapshot) -> BTreeMap<WorkloadId, Vec<Risk>> {
    let mut out: BTreeMap<WorkloadId, Vec<Risk>> = BTreeMap::new();
    for w in &s.workloads {
        out.entry(WorkloadId::of(w)).or_default().push(w.risk);
    }
    out
}

/// Items of `a` beyond the count `b` has under the same key.
fn surplus<K: Ord + Clone, V: Clone>(
    a: &BTreeMap<K, Vec<V>>,
    b: &BTreeMap<K, Vec<V>>,
) -> Vec<(K, V)> {
    a.iter()
        .flat_map(|(k, items)| {
            let have = b.get(k).map_or(0, Vec::len);
            items.iter().skip(have).map(move |v| (k.clone(), v.clone()))
        })
        .collect()
}

pub fn diff(old: &Snapshot, new: &Snapshot) -> Diff {
    let (fo, fnew) = (findings(old), findings(new));
    let changed = |pairs: Vec<(FindingKey, Finding)>| {
        let mut list: Vec<ChangedFinding> = pairs
            .into_iter()
            .map(|((workload, _, _), finding)| ChangedFinding { workload, finding })
            .collect();
        list.sort_by(|a, b| {
            b.finding
                .severity
                .cmp(&a.finding.severity)
                .then_with(|| a.workload.cmp(&b.workload))
        });
        list
    };
    let (wo, wn) = (workloads(old), workloads(new));
    let worst = |risks: &Vec<Risk>| {
        risks
            .iter()
            .copied()
            .max_by_key(|r| r.rank())
            .unwrap_or(Risk::None)
    };
    let risk_changes = wn
        .iter()
        .filter_map(|(id, risks)| {
            let before = worst(wo.get(id)?);
            let after = worst(risks);
            (before != after).then(|| RiskChange {
                workload: id.clone(),
                from: before,
                to: after,
            })
        })
        .collect();
    Diff {
        old_generated_at: old.generated_at,
        new_generated_at: new.generated_at,
        new_findings: changed(surplus(&fnew, &fo)),
        resolved_findings: changed(surplus(&fo, &fnew)),
        new_workloads: surplus(&wn, &wo).into_iter().map(|(k, _)| k).collect(),
        removed_workloads: surplus(&wo, &wn).into_iter().map(|(k, _)| k).collect(),
        risk_changes,
    }
}

impl Diff {
    /// New findings, not waived, at or above `severity`: what `--fail-on` counts.
    pub fn new_at_or_above(&self, severity: Severity) -> usize {
        self.new_findings
            .iter()
            .filter(|c| !c.finding.waived && c.finding.severity >= severity)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kube::Owner;
    use crate::rules::test_support::{docker, kube, pod};

    fn snap(workloads: Vec<crate::model::Workload>) -> Snapshot {
        crate::rules::snapshot(jiff::Timestamp::UNIX_EPOCH, vec![], workloads, &[])
    }

    fn risky(name: &str, id: &str) -> crate::model::Workload {
        let mut w = docker();
        w.name = name.into();
        w.id = id.into();
        w.privileged = true;
        w.namespaces.pid = true;
        w
    }

    #[test]
    fn identical_snapshots_have_no_differences() {
        let a = snap(vec![docker(), risky("web", "1")]);
        let d = diff(&a, &a.clone());
        assert!(d.new_findings.is_empty() && d.resolved_findings.is_empty());
        assert!(
            d.new_workloads.is_empty()
                && d.removed_workloads.is_empty()
                && d.risk_changes.is_empty()
        );
    }

    #[test]
    fn a_new_risky_container_brings_exactly_its_findings() {
        let before = snap(vec![docker()]);
        let after = snap(vec![docker(), risky("intruder", "9")]);
        let d = diff(&before, &after);
        assert_eq!(d.new_workloads.len(), 1);
        assert_eq!(d.new_workloads[0].name, "intruder");
        let expected = after
            .workloads
            .iter()
            .find(|w| w.workload.name == "intruder")
            .unwrap()
            .findings
            .len();
        assert_eq!(d.new_findings.len(), expected);
        assert!(
            d.new_findings
                .iter()
                .all(|c| c.workload.as_ref().is_some_and(|w| w.name == "intruder"))
        );
        assert_eq!(d.new_at_or_above(Severity::Critical), 1, "privileged");
        let back = diff(&after, &before);
        assert_eq!(back.resolved_findings.len(), expected);
        assert_eq!(back.removed_workloads.len(), 1);
    }

    #[test]
    fn a_redeploy_with_a_new_id_is_no_change() {
        let d = diff(
            &snap(vec![risky("web", "old-id")]),
            &snap(vec![risky("web", "new-id")]),
        );
        assert!(
            d.new_findings.is_empty()
                && d.new_workloads.is_empty()
                && d.removed_workloads.is_empty()
        );
    }

    #[test]
    fn pods_match_by_controller_not_by_generated_name() {
        let replica = |pod_name: &str| {
            let mut p = pod();
            p.pod = Some(pod_name.into());
            p.id = format!("{pod_name}/app");
            kube(&mut p).owner = Some(Owner {
                kind: "Deployment".into(),
                name: "web".into(),
            });
            p.privileged = true;
            p
        };
        let d = diff(
            &snap(vec![replica("web-5d8f-aaaaa")]),
            &snap(vec![replica("web-7c9d-bbbbb")]),
        );
        assert!(
            d.new_findings.is_empty() && d.new_workloads.is_empty(),
            "{d:?}"
        );
    }

    #[test]
    fn fixes_resolve_and_change_risk() {
        let mut fixed = risky("web", "1");
        fixed.privileged = false;
        let d = diff(&snap(vec![risky("web", "1")]), &snap(vec![fixed]));
        assert!(
            d.resolved_findings
                .iter()
                .any(|c| c.finding.rule == "privileged")
        );
        assert!(d.new_findings.is_empty());
        assert_eq!(d.risk_changes.len(), 1);
        assert_eq!(
            (d.risk_changes[0].from, d.risk_changes[0].to),
            (Risk::Critical, Risk::High)
        );
    }

    #[test]
    fn waived_new_findings_do_not_fail() {
        let mut after = snap(vec![risky("web", "1")]);
        for w in &mut after.workloads {
            for f in &mut w.findings {
                f.waived = true;
            }
        }
        let d = diff(&snap(vec![]), &after);
        assert!(!d.new_findings.is_empty());
        assert_eq!(d.new_at_or_above(Severity::Low), 0);
    }
}
