//! Waiving from the dashboard: which finding is in view, the reason prompt's checks, and the
//! request the app turns into a waivers-file entry. Pure, like the rest of `update`.

use super::rows;
use super::state::{Pane, Prompt, PromptKind, UiState, View};
use super::update::Effect;
use crate::model::{Finding, Snapshot, SourceKind};

/// What the operator waived and why; the app turns it into a waivers-file entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiveRequest {
    pub rule: String,
    pub context: String,
    pub namespace: Option<String>,
    /// A glob that survives redeploys: the controller's name prefix for pods.
    pub name: String,
    /// The finding's evidence, so the waiver covers this finding and not its siblings.
    pub evidence: String,
    pub reason: String,
}

/// The finding the operator is looking at: in its own view, or selected in the Findings pane.
pub fn current_finding<'a>(
    state: &UiState,
    snapshot: &'a Snapshot,
) -> Option<(Option<&'a crate::model::AssessedWorkload>, &'a Finding)> {
    match state.view {
        View::Finding | View::Detail
            if state.view == View::Finding || state.pane == Pane::Findings =>
        {
            let w = rows::selected(snapshot, state)?;
            Some((Some(w), w.findings.get(state.finding)?))
        }
        View::ClusterFinding | View::Cluster => {
            Some((None, crate::ui::rows::selected_scoped(snapshot, state)?))
        }
        _ => None,
    }
}

pub(super) fn start(state: &mut UiState, snapshot: &Snapshot) {
    if state.read_only.is_some() {
        state.message =
            Some("a saved snapshot is read-only: waive findings in the live dashboard".to_owned());
        return;
    }
    match current_finding(state, snapshot) {
        Some((_, f)) if f.waived => {
            state.message = Some(format!(
                "{} is already waived: {}",
                f.rule,
                f.waiver
                    .as_ref()
                    .map(|w| w.reason.as_str())
                    .unwrap_or_default()
            ));
        }
        Some(_) => {
            state.prompt = Some(Prompt {
                kind: PromptKind::Waive,
                text: String::new(),
            });
        }
        None => {
            state.message =
                Some("select a finding first (Findings pane or a finding's view)".to_owned())
        }
    }
}

pub(super) fn request(state: &mut UiState, snapshot: &Snapshot, reason: &str) -> Effect {
    let reason = reason.trim();
    if reason.is_empty() {
        state.message = Some("a waiver needs a reason; nothing was written".to_owned());
        return Effect::None;
    }
    let Some((workload, finding)) = current_finding(state, snapshot) else {
        return Effect::None;
    };
    let request = match workload {
        Some(w) => {
            let wl = &w.workload;
            let owner = wl.kubernetes.as_ref().and_then(|k| k.owner.as_ref());
            // Pods are renamed on redeploy; their controller's name prefix is not.
            let name = match (owner, &wl.pod) {
                (Some(o), _) => format!("{}-*", o.name),
                (None, Some(pod)) => pod.clone(),
                (None, None) => wl.name.clone(),
            };
            WaiveRequest {
                rule: finding.rule.to_string(),
                context: wl.source.context.clone(),
                namespace: wl.namespace.clone(),
                name,
                evidence: stable_evidence(&finding.rule, &finding.evidence),
                reason: reason.to_owned(),
            }
        }
        None => {
            let target = finding.target.clone().unwrap_or_default();
            let namespace = (finding.scope.as_deref() == Some("namespace"))
                .then(|| target.split('/').next().unwrap_or_default().to_owned());
            let context = snapshot
                .sources
                .iter()
                .find(|s| s.kind == SourceKind::Kubernetes)
                .map(|s| s.context.clone())
                .unwrap_or_default();
            WaiveRequest {
                rule: finding.rule.to_string(),
                context,
                namespace,
                name: target,
                evidence: finding.evidence.clone(),
                reason: reason.to_owned(),
            }
        }
    };
    Effect::Waive(request)
}

/// What a waiver pins a finding by. Run-time findings carry a PID, a CPU reading and a time
/// that change from sample to sample; their program part (up to the first `: `) does not.
fn stable_evidence(rule: &str, evidence: &str) -> String {
    match (rule, evidence.split_once(": ")) {
        ("process-drift" | "cryptominer", Some((program, _))) => format!("{program}: *"),
        _ => evidence.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::stable_evidence;

    #[test]
    fn run_time_waivers_pin_the_program_not_the_pid() {
        let drift = "`nc` is not in the learned profile of web:1: nc -l (pid 7, user root)";
        assert_eq!(
            stable_evidence("process-drift", drift),
            "`nc` is not in the learned profile of web:1: *"
        );
        let miner = "process `xmrig`: xmrig -o x (pid 9) — known miner name `xmrig`";
        assert_eq!(stable_evidence("cryptominer", miner), "process `xmrig`: *");
        assert_eq!(
            stable_evidence("cap-add", "SYS_ADMIN added"),
            "SYS_ADMIN added"
        );
    }
}
