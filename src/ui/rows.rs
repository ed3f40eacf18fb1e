//! The dashboard's rows: the snapshot's workloads, filtered and sorted as the operator asked.

use super::state::{SortKey, UiState, WorkloadKey};
use crate::model::{AssessedWorkload, Finding, Snapshot};
use std::cmp::Ordering;

/// Matches name, image, id prefix, state, namespace, pod and rule ids, case-insensitively.
pub fn matches(w: &AssessedWorkload, filter: &str) -> bool {
    let needle = filter.trim().to_lowercase();
    if needle.is_empty() {
        return true;
    }
    let wl = &w.workload;
    let fields = [
        Some(wl.name.as_str()),
        Some(wl.image.as_str()),
        Some(wl.state.as_str()),
        wl.namespace.as_deref(),
        wl.pod.as_deref(),
    ];
    fields
        .iter()
        .flatten()
        .any(|f| f.to_lowercase().contains(&needle))
        || wl.id.starts_with(&needle)
        || w.findings.iter().any(|f| f.rule.contains(&needle))
}

pub fn visible<'a>(snapshot: &'a Snapshot, state: &UiState) -> Vec<&'a AssessedWorkload> {
    let mut rows: Vec<&AssessedWorkload> = snapshot
        .workloads
        .iter()
        .filter(|w| matches(w, &state.filter))
        .collect();
    rows.sort_by(|a, b| compare(a, b, state.sort));
    rows
}

fn compare(a: &AssessedWorkload, b: &AssessedWorkload, key: SortKey) -> Ordering {
    let by_name = || {
        a.workload
            .name
            .cmp(&b.workload.name)
            .then_with(|| a.workload.id.cmp(&b.workload.id))
    };
    let by_risk = || b.risk.rank().cmp(&a.risk.rank());
    let desc = |x: Option<f64>, y: Option<f64>| {
        y.unwrap_or(-1.0)
            .partial_cmp(&x.unwrap_or(-1.0))
            .unwrap_or(Ordering::Equal)
    };
    match key {
        SortKey::Risk => by_risk().then_with(by_name),
        SortKey::Name => by_name(),
        SortKey::Cpu => desc(
            a.workload.resources.cpu_usage_cores,
            b.workload.resources.cpu_usage_cores,
        )
        .then_with(by_name),
        SortKey::Memory => desc(
            a.workload.resources.memory_usage_bytes.map(|m| m as f64),
            b.workload.resources.memory_usage_bytes.map(|m| m as f64),
        )
        .then_with(by_name),
        SortKey::Findings => b
            .findings
            .len()
            .cmp(&a.findings.len())
            .then_with(by_risk)
            .then_with(by_name),
    }
}

/// Index of the selected row; falls back to the first row when the selection is gone.
pub fn selected_index(rows: &[&AssessedWorkload], selected: Option<&WorkloadKey>) -> Option<usize> {
    if rows.is_empty() {
        return None;
    }
    Some(
        selected
            .and_then(|k| rows.iter().position(|w| k.matches(w)))
            .unwrap_or(0),
    )
}

/// The selected workload, if it is still in the snapshot.
pub fn selected<'a>(snapshot: &'a Snapshot, state: &UiState) -> Option<&'a AssessedWorkload> {
    let key = state.selected.as_ref()?;
    snapshot.workloads.iter().find(|w| key.matches(w))
}

/// Findings about more than one workload, as the two views split them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeGroup {
    /// Clusters and namespaces (RBAC, network policies, kubeconfig, version).
    #[default]
    Cluster,
    /// Docker daemons and the host's files.
    Engine,
}

pub fn scoped(snapshot: &Snapshot, group: ScopeGroup) -> Vec<&Finding> {
    snapshot
        .findings
        .iter()
        .filter(|f| {
            let engine = matches!(f.scope.as_deref(), Some("daemon" | "host"));
            engine == (group == ScopeGroup::Engine)
        })
        .collect()
}

/// The selected finding of the cluster or engine view.
pub fn selected_scoped<'a>(snapshot: &'a Snapshot, state: &UiState) -> Option<&'a Finding> {
    scoped(snapshot, state.scope_group)
        .get(state.cluster_finding)
        .copied()
}
