//! Applying waivers to findings: which waiver covers which finding, and which have expired.
//! Pure: the date is an input.

use crate::model::Finding;
use crate::model::waiver::{Waiver, WaiverNote, WaiverState, WaiverStatus};
use crate::model::{AssessedWorkload, SourceRef};
use jiff::civil::Date;

/// `*` matches any run of characters, `?` any one; everything else literally.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn optional(pattern: Option<&str>, value: Option<&str>) -> bool {
    match pattern {
        None => true,
        Some(p) => glob(p, value.unwrap_or_default()),
    }
}

/// What a waiver is checked against.
struct Subject<'a> {
    context: &'a str,
    namespace: Option<&'a str>,
    names: Vec<String>,
}

impl Waiver {
    fn covers(&self, finding: &Finding, subject: &Subject<'_>) -> bool {
        glob(&self.rule, &finding.rule)
            && optional(self.context.as_deref(), Some(subject.context))
            && optional(self.namespace.as_deref(), subject.namespace)
            && optional(self.evidence.as_deref(), Some(&finding.evidence))
            && self
                .name
                .as_deref()
                .is_none_or(|p| subject.names.iter().any(|n| glob(p, n)))
    }

    /// Still in force on `today` (the expiry day itself included).
    pub fn active_on(&self, today: Date) -> bool {
        self.expires.is_none_or(|e| today <= e)
    }

    fn note(&self) -> WaiverNote {
        WaiverNote {
            reason: self.reason.clone(),
            expires: self.expires,
            author: self.author.clone(),
        }
    }
}

/// Marks covered findings as waived, first matching active waiver wins; returns every waiver
/// with its status and how many findings it covered.
pub fn apply(
    waivers: &[Waiver],
    today: Date,
    workloads: &mut [AssessedWorkload],
    cluster: &mut [Finding],
    cluster_sources: &[SourceRef],
) -> Vec<WaiverState> {
    if waivers.is_empty() {
        return Vec::new();
    }
    let mut matched = vec![0usize; waivers.len()];
    let mut mark = |finding: &mut Finding, subject: &Subject<'_>| {
        let hit = waivers
            .iter()
            .enumerate()
            .find(|(_, w)| w.active_on(today) && w.covers(finding, subject));
        if let Some((i, w)) = hit {
            finding.waived = true;
            finding.waiver = Some(w.note());
            matched[i] += 1;
        }
    };
    for assessed in workloads.iter_mut() {
        let wl = &assessed.workload;
        let mut names = vec![wl.name.clone()];
        if let Some(pod) = &wl.pod {
            names.push(pod.clone());
            names.push(format!("{pod}/{}", wl.name));
        }
        let subject = Subject {
            context: &wl.source.context,
            namespace: wl.namespace.as_deref(),
            names,
        };
        for finding in &mut assessed.findings {
            mark(finding, &subject);
        }
    }
    for finding in cluster.iter_mut() {
        let target = finding.target.clone().unwrap_or_default();
        let namespace = (finding.scope.as_deref() == Some("namespace"))
            .then(|| target.split('/').next().unwrap_or_default().to_owned());
        // A cluster or daemon finding belongs to the one context its target names, else to any.
        let context = target
            .strip_prefix("context/")
            .or_else(|| target.strip_prefix("docker/"))
            .map(str::to_owned)
            .or_else(|| (cluster_sources.len() == 1).then(|| cluster_sources[0].context.clone()))
            .unwrap_or_default();
        let subject = Subject {
            context: &context,
            namespace: namespace.as_deref(),
            names: vec![target],
        };
        mark(finding, &subject);
    }
    waivers
        .iter()
        .zip(matched)
        .map(|(w, matched)| WaiverState {
            waiver: w.clone(),
            status: if w.active_on(today) {
                WaiverStatus::Active
            } else {
                WaiverStatus::Expired
            },
            matched,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::assess;
    use super::super::test_support::{docker, pod};
    use super::*;

    fn waiver(rule: &str) -> Waiver {
        Waiver {
            rule: rule.into(),
            context: None,
            namespace: None,
            name: None,
            evidence: None,
            reason: "accepted".into(),
            expires: None,
            author: None,
        }
    }

    #[test]
    fn globs() {
        assert!(glob("node-exporter*", "node-exporter-8xk2p"));
        assert!(glob("*", ""));
        assert!(glob("prod-?", "prod-1"));
        assert!(!glob("prod-?", "prod-12"));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("a*b*c", "axxbyy"));
        assert!(glob("host-*", "host-network"));
    }

    fn today() -> Date {
        jiff::civil::date(2026, 11, 29)
    }

    #[test]
    fn waived_findings_stay_but_stop_counting() {
        let mut w = docker();
        w.privileged = true;
        let mut workloads = vec![assess(w)];
        let mut waiver = waiver("privileged");
        waiver.name = Some("ap*".into());
        let states = apply(&[waiver], today(), &mut workloads, &mut [], &[]);
        assert_eq!(states[0].matched, 1);
        assert_eq!(states[0].status, WaiverStatus::Active);
        let f = workloads[0]
            .findings
            .iter()
            .find(|f| f.rule == "privileged")
            .unwrap();
        assert!(f.waived && f.waiver.as_ref().unwrap().reason == "accepted");
        let rebuilt =
            AssessedWorkload::new(workloads[0].workload.clone(), workloads[0].findings.clone());
        assert_ne!(
            rebuilt.risk,
            crate::model::Risk::Critical,
            "privileged no longer sets the risk"
        );
    }

    #[test]
    fn expired_waivers_do_not_apply_and_say_so() {
        let mut w = docker();
        w.privileged = true;
        let mut workloads = vec![assess(w)];
        let mut old = waiver("privileged");
        old.expires = Some(jiff::civil::date(2026, 11, 28));
        let mut last_day = waiver("seccomp-unconfined");
        last_day.expires = Some(today());
        let states = apply(&[old, last_day], today(), &mut workloads, &mut [], &[]);
        assert_eq!(states[0].status, WaiverStatus::Expired);
        assert_eq!(states[0].matched, 0);
        assert_eq!(
            states[1].status,
            WaiverStatus::Active,
            "the expiry day itself still applies"
        );
        assert_eq!(states[1].matched, 1);
    }

    #[test]
    fn context_namespace_and_name_narrow_it() {
        let mut p = pod();
        p.privileged = true;
        let mut workloads = vec![assess(p)];
        let mut wrong_ns = waiver("privileged");
        wrong_ns.namespace = Some("payments".into());
        let mut wrong_ctx = waiver("privileged");
        wrong_ctx.context = Some("prod-*".into());
        let mut by_pod = waiver("privileged");
        by_pod.context = Some("lab".into());
        by_pod.namespace = Some("shop".into());
        by_pod.name = Some("app-7d9f-*".into());
        let states = apply(
            &[wrong_ns, wrong_ctx, by_pod],
            today(),
            &mut workloads,
            &mut [],
            &[],
        );
        assert_eq!(
            states.iter().map(|s| s.matched).collect::<Vec<_>>(),
            vec![0, 0, 1]
        );
    }

    #[test]
    fn cluster_findings_match_on_target_and_namespace() {
        let mut cluster = vec![Finding {
            rule: "no-network-policy".into(),
            severity: crate::model::Severity::Medium,
            title: "".into(),
            evidence: String::new(),
            remediation: "".into(),
            references: Default::default(),
            risk: "".into(),
            pss: None,
            scope: Some("namespace".into()),
            target: Some("legacy".into()),
            source: None,
            waived: false,
            waiver: None,
        }];
        let mut w = waiver("no-network-policy");
        w.namespace = Some("legacy".into());
        let source = SourceRef {
            kind: crate::model::SourceKind::Kubernetes,
            context: "lab".into(),
        };
        let states = apply(&[w], today(), &mut [], &mut cluster, &[source]);
        assert_eq!(states[0].matched, 1);
        assert!(cluster[0].waived);
    }
}
