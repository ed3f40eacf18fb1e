//! A snapshot: every source, every workload with its findings, and the totals.
//!
//! The TUI renders from a `Snapshot` and `shipshape report` serialises the very same type, so
//! what the operator sees and what scripts read cannot drift apart. Its JSON form is the
//! `shipshape.report/v1` schema (docs/report-schema.md): fields may be added, never renamed.

use super::finding::Finding;
use super::severity::{Risk, Severity};
use super::source::SourceInfo;
use super::workload::Workload;
use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "shipshape.report/v1";

/// A workload together with what the rules found on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessedWorkload {
    #[serde(flatten)]
    pub workload: Workload,
    pub risk: Risk,
    pub findings: Vec<Finding>,
}

impl AssessedWorkload {
    pub fn new(workload: Workload, mut findings: Vec<Finding>) -> Self {
        findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.evidence.cmp(&b.evidence))
        });
        let mut assessed = Self {
            workload,
            risk: Risk::None,
            findings,
        };
        assessed.update_risk();
        assessed
    }

    /// Sets the risk from the worst unwaived finding, after waivers marked some.
    pub fn update_risk(&mut self) {
        self.risk = Risk::from_worst(
            self.findings
                .iter()
                .filter(|f| !f.waived)
                .map(|f| f.severity)
                .max(),
        );
    }
}

impl AssessedWorkload {
    /// `learning`, `watching` or `drift` (an unwaived `process-drift`), when the image has a
    /// learned profile; `None` when it was never learned.
    pub fn learning_state(&self) -> Option<&'static str> {
        let profile = self.workload.runtime.as_ref()?.profile.as_ref()?;
        let drift = self
            .findings
            .iter()
            .any(|f| f.rule == "process-drift" && !f.waived);
        Some(match profile.state {
            super::runtime::ProfileState::Learning => "learning",
            super::runtime::ProfileState::Watching if drift => "drift",
            super::runtime::ProfileState::Watching => "watching",
        })
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    /// Findings a waiver covers; not in the counts above.
    #[serde(default)]
    pub waived: usize,
}

impl Summary {
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }

    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Critical => self.critical += 1,
            Severity::High => self.high += 1,
            Severity::Medium => self.medium += 1,
            Severity::Low => self.low += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.critical + self.high + self.medium + self.low
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema: String,
    pub generated_at: jiff::Timestamp,
    pub sources: Vec<SourceInfo>,
    /// Riskiest first, then by name.
    pub workloads: Vec<AssessedWorkload>,
    /// Findings about a cluster or namespace rather than one workload.
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// The waivers in force or expired, and how many findings each covered.
    #[serde(default)]
    pub waivers: Vec<super::waiver::WaiverState>,
    /// What each Docker engine says about its own security settings.
    #[serde(default)]
    pub engines: Vec<super::engine::EngineFacts>,
    /// The host audit, when shipshape ran on the node (or was given `--host-root`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<super::host::HostFacts>,
}

impl Snapshot {
    pub fn new(
        generated_at: jiff::Timestamp,
        sources: Vec<SourceInfo>,
        workloads: Vec<AssessedWorkload>,
        mut findings: Vec<Finding>,
    ) -> Self {
        // Worst first; stable, so rules keep their catalog order within a severity.
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        // Sorted by index, then moved once: a workload is too large to move around in a sort.
        let mut order: Vec<usize> = (0..workloads.len()).collect();
        order.sort_by(|&i, &j| {
            let (a, b) = (&workloads[i], &workloads[j]);
            b.risk
                .rank()
                .cmp(&a.risk.rank())
                .then_with(|| a.workload.name.cmp(&b.workload.name))
                .then_with(|| a.workload.source.cmp(&b.workload.source))
                .then_with(|| a.workload.id.cmp(&b.workload.id))
        });
        let mut slots: Vec<Option<AssessedWorkload>> = workloads.into_iter().map(Some).collect();
        let workloads: Vec<AssessedWorkload> =
            order.iter().filter_map(|&i| slots[i].take()).collect();
        let mut summary = Summary::default();
        for finding in workloads
            .iter()
            .flat_map(|w| &w.findings)
            .chain(findings.iter())
        {
            if finding.waived {
                summary.waived += 1;
            } else {
                summary.add(finding.severity);
            }
        }
        Self {
            schema: SCHEMA.to_owned(),
            generated_at,
            sources,
            workloads,
            findings,
            summary,
            waivers: Vec::new(),
            engines: Vec::new(),
            host: None,
        }
    }
}
