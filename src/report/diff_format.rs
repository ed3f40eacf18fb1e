//! A diff as text (for a terminal or cron mail), JSON (for scripts) or Markdown (for tickets).

use super::diff::{ChangedFinding, Diff, WorkloadId};
use super::escape::markdown as md;
use std::fmt::Write;

fn subject(c: &ChangedFinding) -> String {
    match &c.workload {
        Some(id) => id.label(),
        None => format!(
            "{} {}",
            c.finding.scope.as_deref().unwrap_or("cluster"),
            c.finding.target.as_deref().unwrap_or_default()
        ),
    }
}

pub fn text(d: &Diff) -> String {
    let mut out = format!(
        "shipshape diff: {} -> {}\n",
        d.old_generated_at, d.new_generated_at
    );
    let section = |out: &mut String, title: &str, items: &[ChangedFinding]| {
        let _ = writeln!(out, "\n{title} ({}):", items.len());
        for c in items {
            let waived = if c.finding.waived { " [waived]" } else { "" };
            let _ = writeln!(
                out,
                "  {:>4} {:<22} {}: {}{waived}",
                c.finding.severity.badge(),
                c.finding.rule,
                subject(c),
                c.finding.evidence
            );
        }
    };
    section(&mut out, "New findings", &d.new_findings);
    section(&mut out, "Resolved findings", &d.resolved_findings);
    let list = |out: &mut String, title: &str, items: &[WorkloadId]| {
        let _ = writeln!(out, "\n{title} ({}):", items.len());
        for id in items {
            let _ = writeln!(out, "  {}", id.label());
        }
    };
    list(&mut out, "New workloads", &d.new_workloads);
    list(&mut out, "Removed workloads", &d.removed_workloads);
    let _ = writeln!(out, "\nRisk changes ({}):", d.risk_changes.len());
    for r in &d.risk_changes {
        let _ = writeln!(
            out,
            "  {} -> {}  {}",
            r.from.badge(),
            r.to.badge(),
            r.workload.label()
        );
    }
    out
}

pub fn json(d: &Diff) -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(d)?;
    if let Some(map) = value.as_object_mut() {
        map.insert(
            "schema".into(),
            serde_json::Value::String("shipshape.diff/v1".into()),
        );
    }
    serde_json::to_string_pretty(&value).map(|mut s| {
        s.push('\n');
        s
    })
}

pub fn markdown(d: &Diff) -> String {
    let mut out = format!(
        "# shipshape diff\n\n{} → {}\n",
        md(&d.old_generated_at.to_string()),
        md(&d.new_generated_at.to_string())
    );
    let table = |out: &mut String, title: &str, items: &[ChangedFinding]| {
        let _ = writeln!(out, "\n## {title} ({})\n", items.len());
        if items.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "| Severity | Rule | Where | Evidence |\n|---|---|---|---|"
        );
        for c in items {
            let waived = if c.finding.waived { " (waived)" } else { "" };
            let _ = writeln!(
                out,
                "| {}{waived} | {} | {} | {} |",
                c.finding.severity.badge(),
                md(&c.finding.rule),
                md(&subject(c)),
                md(&c.finding.evidence)
            );
        }
    };
    table(&mut out, "New findings", &d.new_findings);
    table(&mut out, "Resolved findings", &d.resolved_findings);
    for (title, items) in [
        ("New workloads", &d.new_workloads),
        ("Removed workloads", &d.removed_workloads),
    ] {
        let _ = writeln!(out, "\n## {title} ({})\n", items.len());
        for id in items {
            let _ = writeln!(out, "- {}", md(&id.label()));
        }
    }
    let _ = writeln!(out, "\n## Risk changes ({})\n", d.risk_changes.len());
    for r in &d.risk_changes {
        let _ = writeln!(
            out,
            "- {} → {}: {}",
            r.from.badge(),
            r.to.badge(),
            md(&r.workload.label())
        );
    }
    out
}
