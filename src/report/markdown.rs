//! The Markdown report: totals by severity and by source, the riskiest workloads first, then
//! each workload's findings with evidence and remediation. Every engine string is escaped.

use super::escape::{markdown as md, markdown_code};
use crate::model::{AssessedWorkload, Finding, Severity, Snapshot, Summary};
use std::fmt::Write;

pub fn render(snapshot: &Snapshot) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# shipshape report\n");
    let _ = writeln!(
        out,
        "Generated {} · schema `{}`\n",
        md(&snapshot.generated_at.to_string()),
        md(&snapshot.schema)
    );
    sources(&mut out, snapshot);
    totals(&mut out, snapshot);
    waivers(&mut out, snapshot);
    if !snapshot.findings.is_empty() {
        let _ = writeln!(out, "## Engine, host and cluster findings\n");
        for f in &snapshot.findings {
            let target = format!(
                "{} {}",
                f.scope.as_deref().unwrap_or("cluster"),
                f.target.as_deref().unwrap_or_default()
            );
            finding(&mut out, f, &target);
        }
    }
    workload_table(&mut out, snapshot);
    for (i, w) in snapshot.workloads.iter().enumerate() {
        workload(&mut out, i, w);
    }
    out
}

fn sources(out: &mut String, s: &Snapshot) {
    let _ = writeln!(
        out,
        "## Sources\n\n| Kind | Context | Endpoint | Status | Version | Note |\n|---|---|---|---|---|---|"
    );
    for src in &s.sources {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            src.kind.as_str(),
            md(&src.context),
            md(&src.endpoint),
            md(&format!("{:?}", src.status).to_lowercase()),
            md(src.version.as_deref().unwrap_or("")),
            md(src.error.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(out);
}

fn row(label: &str, sum: &Summary) -> String {
    format!(
        "| {label} | {} | {} | {} | {} | {} |",
        sum.critical, sum.high, sum.medium, sum.low, sum.waived
    )
}

fn totals(out: &mut String, s: &Snapshot) {
    let _ = writeln!(
        out,
        "## Totals\n\n| | Critical | High | Medium | Low | Waived |\n|---|---|---|---|---|---|"
    );
    let _ = writeln!(out, "{}", row("**All**", &s.summary));
    for src in &s.sources {
        let mut sum = Summary::default();
        let ours = s
            .workloads
            .iter()
            .filter(|w| {
                w.workload.source.kind == src.kind && w.workload.source.context == src.context
            })
            .flat_map(|w| &w.findings);
        for f in ours {
            count(&mut sum, f);
        }
        let _ = writeln!(
            out,
            "{}",
            row(&md(&format!("{} {}", src.kind.as_str(), src.context)), &sum)
        );
    }
    if !s.findings.is_empty() {
        let mut sum = Summary::default();
        for f in &s.findings {
            count(&mut sum, f);
        }
        let _ = writeln!(out, "{}", row("engine, host and cluster", &sum));
    }
    let _ = writeln!(out);
}

fn count(sum: &mut Summary, f: &Finding) {
    if f.waived {
        sum.waived += 1;
        return;
    }
    match f.severity {
        Severity::Critical => sum.critical += 1,
        Severity::High => sum.high += 1,
        Severity::Medium => sum.medium += 1,
        Severity::Low => sum.low += 1,
    }
}

fn waivers(out: &mut String, s: &Snapshot) {
    if s.waivers.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Waivers\n\n| Rule | Where | Reason | Expires | Status | Findings |\n|---|---|---|---|---|---|"
    );
    for w in &s.waivers {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md(&w.waiver.rule),
            md(&w.waiver.scope_label()),
            md(&w.waiver.reason),
            w.waiver.expires.map(|d| d.to_string()).unwrap_or_default(),
            w.status.label(),
            w.matched
        );
    }
    let _ = writeln!(out);
}

fn label(w: &AssessedWorkload) -> String {
    let wl = &w.workload;
    match (&wl.namespace, &wl.pod) {
        (Some(ns), Some(pod)) => format!("{ns}/{pod}/{}", wl.name),
        _ => wl.name.clone(),
    }
}

fn workload_table(out: &mut String, s: &Snapshot) {
    let _ = writeln!(
        out,
        "## Workloads, riskiest first\n\n| Risk | Source | Workload | Image | State | User | Findings |\n|---|---|---|---|---|---|---|"
    );
    for (i, w) in s.workloads.iter().enumerate() {
        let open = w.findings.iter().filter(|f| !f.waived).count();
        let _ = writeln!(
            out,
            "| {} | {} | [{}](#w{i}) | {} | {} | {} | {open} |",
            w.risk.badge(),
            md(&format!(
                "{} {}",
                w.workload.source.kind.as_str(),
                w.workload.source.context
            )),
            md(&label(w)),
            md(&w.workload.image),
            w.workload.state.as_str(),
            md(&w.workload.user_label()),
        );
    }
    let _ = writeln!(out);
}

fn workload(out: &mut String, i: usize, w: &AssessedWorkload) {
    let wl = &w.workload;
    let _ = writeln!(
        out,
        "<a id=\"w{i}\"></a>\n\n### {} · {}\n",
        w.risk.badge(),
        md(&label(w))
    );
    let r = &wl.resources;
    let usage = |used: Option<String>, limit: Option<String>| {
        format!(
            "{} / {}",
            used.unwrap_or_else(|| "n/a".into()),
            limit.unwrap_or_else(|| "no limit".into())
        )
    };
    let _ = writeln!(
        out,
        "- Source: {} {}\n- Image: {}\n- State: {}\n- User: {}\n- CPU (cores): {}\n- Memory: {}\n",
        wl.source.kind.as_str(),
        md(&wl.source.context),
        md(&wl.image),
        wl.state.as_str(),
        md(&wl.user_label()),
        usage(
            r.cpu_usage_cores.map(|c| format!("{c:.3}")),
            r.cpu_limit_cores.map(|c| format!("{c:.2}"))
        ),
        usage(
            r.memory_usage_bytes.map(|m| m.to_string()),
            r.memory_limit_bytes.map(|m| m.to_string())
        ),
    );
    if w.findings.is_empty() {
        let _ = writeln!(out, "No findings.\n");
    }
    for f in &w.findings {
        finding(out, f, &label(w));
    }
}

fn finding(out: &mut String, f: &Finding, subject: &str) {
    let _ = writeln!(
        out,
        "#### {} {} · {}{}\n",
        f.severity.badge(),
        md(&f.rule),
        md(&f.title),
        if f.waived { " (waived)" } else { "" }
    );
    let _ = writeln!(out, "- About: {}", md(subject));
    let _ = writeln!(out, "- Evidence: {}", md(&f.evidence));
    if let Some(level) = &f.pss {
        let _ = writeln!(out, "- Breaks Pod Security Standards: {}", md(level));
    }
    if let Some(w) = &f.waiver {
        let until = w.expires.map(|d| format!(" until {d}")).unwrap_or_default();
        let _ = writeln!(out, "- Waived{until}: {}", md(&w.reason));
    }
    if !f.risk.is_empty() {
        let _ = writeln!(out, "- Why it matters: {}", md(&f.risk));
    }
    let _ = writeln!(
        out,
        "- References: {}\n\nFix:\n",
        md(&f.references.join(", "))
    );
    out.push_str(&markdown_code(&f.remediation, "text"));
    out.push('\n');
}
