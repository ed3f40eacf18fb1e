//! A finding: one rule that fired on one workload, with the evidence and the fix.

use super::severity::Severity;
use super::waiver::WaiverNote;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, e.g. `cap-add`. A contract: never renamed.
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    /// What triggered it: the mount path, the capability, the field and its value.
    pub evidence: String,
    /// How to fix it, with the exact `docker run` flag and Compose key.
    pub remediation: String,
    /// Benchmark ids, e.g. `CIS Docker 1.6.0 5.32`.
    pub references: Vec<String>,
    /// Why it matters.
    #[serde(default)]
    pub risk: String,
    /// The Pod Security Standards level it breaks (`baseline`, `restricted`), for pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pss: Option<String>,
    /// For findings about a cluster or namespace: `cluster` or `namespace`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// What a cluster or namespace finding is about, e.g. `clusterrolebinding/ci-admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// An accepted risk: shown, but not counted in risk, summary or `--fail-on`.
    #[serde(default)]
    pub waived: bool,
    /// Why, when `waived` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<WaiverNote>,
}
