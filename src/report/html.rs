//! The HTML report: one self-contained file (inline CSS and script, nothing fetched), with a
//! summary, a workload table that sorts and filters, expandable findings with remediation, and
//! print styles. Every engine string is HTML-escaped; the script carries no data and is pinned
//! by a Content-Security-Policy hash, so even a missed escape could not run code.

use super::escape::html as h;
use crate::model::{AssessedWorkload, Finding, Severity, Snapshot};
use std::fmt::Write;

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// `sha256-<base64>` of the inline script, for the CSP.
fn script_hash() -> String {
    use base64::Engine;
    let digest = ring::digest::digest(&ring::digest::SHA256, SCRIPT.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest.as_ref())
    )
}

pub fn render(snapshot: &Snapshot) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '{}'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>shipshape report {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        script_hash(),
        h(&snapshot.generated_at.to_string())
    );
    header(&mut out, snapshot);
    summary(&mut out, snapshot);
    if !snapshot.findings.is_empty() {
        let _ = writeln!(out, "<section><h2>Engine, host and cluster findings</h2>");
        for f in &snapshot.findings {
            let subject = format!(
                "{} {}",
                f.scope.as_deref().unwrap_or("cluster"),
                f.target.as_deref().unwrap_or_default()
            );
            finding(&mut out, f, &subject);
        }
        let _ = writeln!(out, "</section>");
    }
    table(&mut out, snapshot);
    let _ = writeln!(out, "<section><h2>Findings by workload</h2>");
    for (i, w) in snapshot.workloads.iter().enumerate() {
        workload(&mut out, i, w);
    }
    let _ = write!(
        out,
        "</section>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

fn header(out: &mut String, s: &Snapshot) {
    let _ = write!(
        out,
        "<header><h1>shipshape report</h1><p class=\"muted\">Generated {} · <code>{}</code></p>\n\
         <table class=\"sources\"><thead><tr><th>Kind</th><th>Context</th><th>Endpoint</th><th>Status</th><th>Version</th><th>Note</th></tr></thead><tbody>\n",
        h(&s.generated_at.to_string()),
        h(&s.schema)
    );
    for src in &s.sources {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            src.kind.as_str(),
            h(&src.context),
            h(&src.endpoint),
            h(&format!("{:?}", src.status).to_lowercase()),
            h(src.version.as_deref().unwrap_or("")),
            h(src.error.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(out, "</tbody></table></header>");
}

fn summary(out: &mut String, s: &Snapshot) {
    let _ = write!(out, "<section class=\"summary\">");
    for sev in Severity::ALL {
        let _ = write!(
            out,
            "<div class=\"card sev-{}\"><span class=\"n\">{}</span><span>{}</span></div>",
            sev.as_str(),
            s.summary.count(sev),
            sev.as_str()
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"card waived\"><span class=\"n\">{}</span><span>waived</span></div>\
         <div class=\"card\"><span class=\"n\">{}</span><span>workloads</span></div></section>",
        s.summary.waived,
        s.workloads.len()
    );
    if !s.waivers.is_empty() {
        let _ = writeln!(
            out,
            "<section><h2>Waivers</h2><table><thead><tr><th>Rule</th><th>Where</th><th>Reason</th><th>Expires</th><th>Status</th><th>Findings</th></tr></thead><tbody>"
        );
        for w in &s.waivers {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                h(&w.waiver.rule),
                h(&w.waiver.scope_label()),
                h(&w.waiver.reason),
                w.waiver.expires.map(|d| d.to_string()).unwrap_or_default(),
                w.status.label(),
                w.matched
            );
        }
        let _ = writeln!(out, "</tbody></table></section>");
    }
}

fn name(w: &AssessedWorkload) -> String {
    match &w.workload.pod {
        Some(pod) => format!("{pod}/{}", w.workload.name),
        None => w.workload.name.clone(),
    }
}

fn table(out: &mut String, s: &Snapshot) {
    let _ = writeln!(
        out,
        "<section><h2>Workloads</h2>\n<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"Filter by name, image, namespace or rule\" aria-label=\"Filter\">\
         {}</div>\n<table id=\"workloads\"><thead><tr>\
         <th data-key=\"0\">Risk</th><th data-key=\"1\">Source</th><th data-key=\"2\">Namespace</th><th data-key=\"3\">Name</th>\
         <th data-key=\"4\">Image</th><th data-key=\"5\">State</th><th data-key=\"6\">User</th><th data-key=\"7\">CPU</th>\
         <th data-key=\"8\">Memory</th><th data-key=\"9\">Findings</th></tr></thead><tbody>",
        ["critical", "high", "medium", "low", "none"]
            .iter()
            .map(|r| format!(
                "<label><input type=\"checkbox\" class=\"risk-filter\" value=\"{r}\"> {r}</label>"
            ))
            .collect::<String>()
    );
    for (i, w) in s.workloads.iter().enumerate() {
        let wl = &w.workload;
        let rules: Vec<&str> = w.findings.iter().map(|f| f.rule.as_ref()).collect();
        let search = format!(
            "{} {} {} {} {}",
            name(w),
            wl.image,
            wl.namespace.as_deref().unwrap_or(""),
            wl.source.context,
            rules.join(" ")
        )
        .to_lowercase();
        let r = &wl.resources;
        let cpu = r
            .cpu_usage_cores
            .map_or_else(|| "n/a".to_owned(), |c| format!("{c:.3}"));
        let cpu_limit = r
            .cpu_limit_cores
            .map_or_else(|| "no limit".to_owned(), |c| format!("{c:.2}"));
        let mem = r
            .memory_usage_bytes
            .map_or_else(|| "n/a".to_owned(), |m| m.to_string());
        let mem_limit = r
            .memory_limit_bytes
            .map_or_else(|| "no limit".to_owned(), |m| m.to_string());
        let open = w.findings.iter().filter(|f| !f.waived).count();
        let _ = writeln!(
            out,
            "<tr data-risk=\"{risk}\" data-search=\"{search}\"><td data-sort=\"{rank}\"><span class=\"badge sev-{risk}\">{badge}</span></td>\
             <td>{src}</td><td>{ns}</td><td><a href=\"#w{i}\">{name}</a></td><td>{image}</td><td>{state}</td><td>{user}</td>\
             <td data-sort=\"{cpu_sort}\">{cpu} / {cpu_limit}</td><td data-sort=\"{mem_sort}\">{mem} / {mem_limit}</td><td data-sort=\"{open}\">{open}</td></tr>",
            risk = w.risk.as_str(),
            search = h(&search),
            rank = w.risk.rank(),
            badge = w.risk.badge(),
            src = h(&format!(
                "{} {}",
                wl.source.kind.as_str(),
                wl.source.context
            )),
            ns = h(wl.namespace.as_deref().unwrap_or("")),
            name = h(&name(w)),
            image = h(&wl.image),
            state = wl.state.as_str(),
            user = h(&wl.user_label()),
            cpu_sort = r.cpu_usage_cores.unwrap_or(-1.0),
            mem_sort = r.memory_usage_bytes.map_or(-1.0, |m| m as f64),
        );
    }
    let _ = writeln!(out, "</tbody></table></section>");
}

fn workload(out: &mut String, i: usize, w: &AssessedWorkload) {
    let wl = &w.workload;
    let _ = writeln!(
        out,
        "<article id=\"w{i}\"><h3><span class=\"badge sev-{}\">{}</span> {}</h3><p class=\"muted\">{} · {} · {} · user {}</p>",
        w.risk.as_str(),
        w.risk.badge(),
        h(&match &wl.namespace {
            Some(ns) => format!("{ns}/{}", name(w)),
            None => name(w),
        }),
        h(&format!(
            "{} {}",
            wl.source.kind.as_str(),
            wl.source.context
        )),
        h(&wl.image),
        wl.state.as_str(),
        h(&wl.user_label())
    );
    if !wl.labels.is_empty() {
        let labels: Vec<String> = wl.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(
            out,
            "<p class=\"muted\">labels: {}</p>",
            h(&labels.join("; "))
        );
    }
    if w.findings.is_empty() {
        let _ = writeln!(out, "<p>No findings.</p>");
    }
    for f in &w.findings {
        finding(out, f, &name(w));
    }
    let _ = writeln!(out, "</article>");
}

fn finding(out: &mut String, f: &Finding, subject: &str) {
    let waived = f
        .waiver
        .as_ref()
        .map(|w| {
            let until = w.expires.map(|d| format!(" until {d}")).unwrap_or_default();
            format!(
                "<p class=\"waived-note\">Waived{until}: {}</p>",
                h(&w.reason)
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<details class=\"finding{}\"><summary><span class=\"badge sev-{}\">{}</span> <code>{}</code> {}{}</summary>\
         <dl><dt>About</dt><dd>{}</dd><dt>Evidence</dt><dd>{}</dd>{}<dt>Why it matters</dt><dd>{}</dd>\
         <dt>How to fix</dt><dd><pre>{}</pre></dd><dt>References</dt><dd>{}</dd></dl>{waived}</details>",
        if f.waived { " is-waived" } else { "" },
        f.severity.as_str(),
        f.severity.badge(),
        h(&f.rule),
        h(&f.title),
        if f.waived { " <em>(waived)</em>" } else { "" },
        h(subject),
        h(&f.evidence),
        f.pss
            .as_deref()
            .map(|p| format!("<dt>Pod Security Standards</dt><dd>breaks {}</dd>", h(p)))
            .unwrap_or_default(),
        h(&f.risk),
        h(&f.remediation),
        h(&f.references.join(", ")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_hash_matches_the_script() {
        let page = render(&Snapshot::new(
            jiff::Timestamp::UNIX_EPOCH,
            vec![],
            vec![],
            vec![],
        ));
        assert!(page.contains(&script_hash()));
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(
            !page.contains("src=\"http") && !page.contains("href=\"http"),
            "nothing is fetched"
        );
    }
}
