//! Rules about something larger than one workload: a cluster or namespace, a Docker daemon,
//! the host. One shape for all of them, generic over the facts each one reads.

use crate::model::{Finding, Severity};
use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Cluster,
    Namespace,
    /// A Docker engine's own settings.
    Daemon,
    /// A file or setting of the node shipshape runs on.
    Host,
}

impl Scope {
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Cluster => "cluster",
            Scope::Namespace => "namespace",
            Scope::Daemon => "daemon",
            Scope::Host => "host",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedHit {
    pub severity: Severity,
    pub evidence: String,
    pub scope: Scope,
    /// `namespace/payments`, `clusterrolebinding/ci-admin`, `docker/default`,
    /// `/etc/docker/daemon.json`.
    pub target: String,
}

#[derive(Debug)]
pub struct ScopedRule<F: 'static> {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub risk: &'static str,
    /// What to do, with the exact setting, YAML or command that does it.
    pub fix: &'static str,
    pub references: &'static [&'static str],
    /// Pure: `today` is an input so date-based rules are testable.
    pub check: fn(&F, Date) -> Vec<ScopedHit>,
}

impl<F> ScopedRule<F> {
    pub fn finding(&self, hit: ScopedHit) -> Finding {
        Finding {
            rule: self.id.into(),
            severity: hit.severity,
            title: self.title.into(),
            evidence: hit.evidence,
            remediation: self.fix.into(),
            references: self.references.into(),
            risk: self.risk.into(),
            pss: None,
            scope: Some(hit.scope.as_str().to_owned()),
            target: Some(hit.target),
            source: None,
            waived: false,
            waiver: None,
        }
    }
}

/// Every finding of a catalog for one set of facts, in catalog order.
pub fn evaluate<F>(catalog: &[&ScopedRule<F>], facts: &F, today: Date) -> Vec<Finding> {
    catalog
        .iter()
        .flat_map(|rule| {
            (rule.check)(facts, today)
                .into_iter()
                .map(move |hit| rule.finding(hit))
        })
        .collect()
}
