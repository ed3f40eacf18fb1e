//! The `shipshape.report/v1` JSON report: the snapshot itself, serialised.

use crate::model::{Finding, Snapshot};

pub fn render(snapshot: &Snapshot) -> Result<String, serde_json::Error> {
    // Written once into a buffer about the right size: growing a report of tens of megabytes
    // by doubling copies it over and over.
    let mut text = Vec::with_capacity(estimate(snapshot));
    serde_json::to_writer_pretty(&mut text, snapshot)?;
    text.push(b'\n');
    String::from_utf8(text).map_err(<serde_json::Error as serde::ser::Error>::custom)
}

/// Roughly how long the report will be: the findings' text plus what a workload and a
/// finding take besides. Only a capacity; a wrong guess costs time, never correctness.
fn estimate(snapshot: &Snapshot) -> usize {
    let finding = |f: &Finding| {
        f.evidence.len()
            + f.remediation.len()
            + f.risk.len()
            + f.title.len()
            + f.references.iter().map(str::len).sum::<usize>()
            + 400
    };
    let workloads: usize = snapshot
        .workloads
        .iter()
        .map(|w| 2_500 + w.findings.iter().map(finding).sum::<usize>())
        .sum();
    4_096 + workloads + snapshot.findings.iter().map(finding).sum::<usize>()
}
