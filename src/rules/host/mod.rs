//! Rules about the node's own files: ownership and mode of the engine's and kubelet's
//! configuration (CIS Docker section 3, CIS Kubernetes 1.1 and 4.1), and changes since the
//! integrity baseline.

use super::scoped::ScopedRule;
use crate::model::Finding;
use crate::model::host::HostFacts;
use jiff::civil::Date;

pub type HostRule = ScopedRule<HostFacts>;

pub static HOST_CATALOG: &[&HostRule] = &[];

/// Every host finding.
pub fn evaluate(facts: &HostFacts, today: Date) -> Vec<Finding> {
    super::scoped::evaluate(HOST_CATALOG, facts, today)
}
