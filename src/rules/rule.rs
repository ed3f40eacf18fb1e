//! What a rule is: id, title, worst severity, why it matters, the fixes per source kind, and a
//! pure check. A rule applies to Docker containers when it has a Docker fix and to pod
//! containers when it has a Kubernetes fix.

use crate::model::finding::References;
use crate::model::{Finding, Severity, SourceKind, Workload};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The fix for a Docker container: what to do, the `docker run` flag and the Compose key.
/// `{subject}` in any of them is replaced by the hit's subject (a capability, a path, a port).
#[derive(Debug, Clone, Copy)]
pub struct DockerFix {
    pub advice: &'static str,
    pub run: &'static str,
    pub compose: &'static str,
    /// CIS Docker Benchmark ids and the like.
    pub references: &'static [&'static str],
}

/// The fix for a pod container: what to do and the pod-spec YAML that does it.
#[derive(Debug, Clone, Copy)]
pub struct KubeFix {
    pub advice: &'static str,
    /// A pod-spec fragment; `{subject}` is replaced as for Docker.
    pub yaml: &'static str,
    /// The Pod Security Standards level a hit breaks, if any.
    pub pss: Option<Pss>,
    pub references: &'static [&'static str],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pss {
    Baseline,
    Restricted,
}

impl Pss {
    pub const fn as_str(self) -> &'static str {
        match self {
            Pss::Baseline => "baseline",
            Pss::Restricted => "restricted",
        }
    }
}

#[derive(Debug)]
pub struct Rule {
    /// Stable id: a contract with scripts and waivers, never renamed.
    pub id: &'static str,
    pub title: &'static str,
    /// The worst severity this rule can give; a hit may be lower (a read-only mount, say).
    pub severity: Severity,
    /// Why it matters, in a sentence or two.
    pub risk: &'static str,
    pub docker: Option<DockerFix>,
    pub kube: Option<KubeFix>,
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

/// Evidence names the field the source itself uses.
pub(crate) fn field<'a>(w: &Workload, docker: &'a str, kube: &'a str) -> &'a str {
    if w.kubernetes.is_some() { kube } else { docker }
}

impl Rule {
    pub fn applies_to(&self, kind: SourceKind) -> bool {
        match kind {
            SourceKind::Docker => self.docker.is_some(),
            SourceKind::Kubernetes => self.kube.is_some(),
        }
    }

    /// "docker", "kubernetes" or "docker, kubernetes".
    pub fn applies_label(&self) -> &'static str {
        match (self.docker.is_some(), self.kube.is_some()) {
            (true, true) => "docker, kubernetes",
            (true, false) => "docker",
            (false, true) => "kubernetes",
            (false, false) => "none",
        }
    }

    /// Turns a hit on a workload of `kind` into a finding with that kind's fix. The rule's own
    /// text is borrowed, not copied; only a fix about a subject is written out per hit.
    pub fn finding(&self, hit: Hit, kind: SourceKind) -> Finding {
        let (references, pss) = match (kind, &self.docker, &self.kube) {
            (SourceKind::Kubernetes, _, Some(k)) => (k.references, k.pss),
            (_, Some(d), _) => (d.references, None),
            _ => (&[][..], None),
        };
        let remediation = match hit.subject.as_deref() {
            Some(subject) => Cow::Owned(self.remediation(kind, Some(subject))),
            None => self.plain_remediation(kind),
        };
        Finding {
            rule: Cow::Borrowed(self.id),
            severity: hit.severity,
            title: Cow::Borrowed(self.title),
            remediation,
            evidence: hit.evidence,
            references: References::Static(references),
            risk: Cow::Borrowed(self.risk),
            pss: pss.map(|p| Cow::Borrowed(p.as_str())),
            scope: None,
            target: None,
            source: None,
            waived: false,
            waiver: None,
        }
    }

    /// [`Rule::remediation`] without a subject, written once per rule and source kind.
    fn plain_remediation(&self, kind: SourceKind) -> Cow<'static, str> {
        /// Keyed by the rule's address, so only this very rule's text is ever returned.
        static PLAIN: LazyLock<HashMap<(usize, SourceKind), String>> = LazyLock::new(|| {
            super::CATALOG
                .iter()
                .flat_map(|rule| {
                    [SourceKind::Docker, SourceKind::Kubernetes].map(|kind| {
                        (
                            (std::ptr::from_ref::<Rule>(rule) as usize, kind),
                            rule.remediation(kind, None),
                        )
                    })
                })
                .collect()
        });
        match PLAIN.get(&(std::ptr::from_ref(self) as usize, kind)) {
            Some(text) => Cow::Borrowed(text.as_str()),
            None => Cow::Owned(self.remediation(kind, None)),
        }
    }

    /// The remediation text for a source kind: advice, then the exact flag and Compose key, or
    /// the pod-spec YAML.
    pub fn remediation(&self, kind: SourceKind, subject: Option<&str>) -> String {
        let fill = |text: &str| match subject {
            Some(s) => text.replace("{subject}", s),
            None => text.to_owned(),
        };
        match (kind, &self.docker, &self.kube) {
            (SourceKind::Kubernetes, _, Some(k)) => format!(
                "{}\n\nPod spec:\n{}",
                fill(k.advice),
                indent(&fill(k.yaml), "  ")
            ),
            (_, Some(d), _) => format!(
                "{}\n\ndocker run:\n  {}\n\nCompose:\n{}",
                fill(d.advice),
                fill(d.run),
                indent(&fill(d.compose), "  ")
            ),
            _ => String::new(),
        }
    }
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
