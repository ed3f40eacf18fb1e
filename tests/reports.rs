//! The report formats, from snapshots holding hostile strings: JSON validates against the
//! checked-in schema, Markdown and HTML render every engine string inert.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fixtures::{self, MARKUP};
use shipshape::report::{self, Format};

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/report.schema.json"
    ))
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_valid(name: &str, json: &str) {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} does not match docs/report.schema.json:\n{}",
        errors.join("\n")
    );
}

#[test]
fn json_reports_match_the_schema() {
    assert_valid(
        "fixture snapshot",
        &report::json::render(&fixtures::snapshot()).unwrap(),
    );
    assert_valid(
        "hostile snapshot",
        &report::json::render(&fixtures::markup_snapshot()).unwrap(),
    );
    assert_valid("built-in demo", include_str!("../src/demo.json"));
    assert_valid(
        "run-time snapshot (processes, profiles, engine, host)",
        &report::json::render(&fixtures::runtime_snapshot()).unwrap(),
    );
}

/// A process command line is container data: markup in it must come out inert, in the drift
/// finding's evidence as everywhere else.
#[test]
fn process_command_lines_are_escaped_in_every_format() {
    let base = fixtures::runtime_snapshot();
    let mut workloads: Vec<_> = base.workloads.into_iter().map(|w| w.workload).collect();
    let risky = workloads.iter_mut().find(|w| w.name == "fx-risky").unwrap();
    let runtime = risky.runtime.as_mut().unwrap();
    runtime
        .processes
        .push(shipshape::model::runtime::Process::new(
            4343,
            "evil",
            &format!("evil {} {}", MARKUP[0], MARKUP[4]),
        ));
    let snapshot = shipshape::rules::snapshot(fixtures::fixed_time(), base.sources, workloads, &[]);
    let drift = snapshot
        .workloads
        .iter()
        .flat_map(|w| &w.findings)
        .find(|f| f.rule == "process-drift" && f.evidence.contains("`evil`"))
        .expect("drift for the evil process");
    assert!(
        drift.evidence.contains(MARKUP[0]),
        "the model keeps the text"
    );
    let html = report::render(&snapshot, Format::Html).unwrap();
    assert!(
        !html.contains(MARKUP[0]) && !html.contains("<svg"),
        "HTML is inert"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let markdown = report::render(&snapshot, Format::Markdown).unwrap();
    assert!(
        !outside_code_blocks(&markdown).contains("<script>"),
        "Markdown is inert"
    );
    let json = report::render(&snapshot, Format::Json).unwrap();
    assert_valid("drift with markup", &json);
}

#[test]
fn the_schema_rejects_what_it_should() {
    let validator = schema_validator();
    let mut value: serde_json::Value =
        serde_json::from_str(&report::json::render(&fixtures::snapshot()).unwrap()).unwrap();
    value["workloads"][0]["name"] = "/leading-slash".into();
    assert!(
        !validator.is_valid(&value),
        "names are given without the leading /"
    );
    value["workloads"][0]["name"] = "ok".into();
    value["workloads"][0]["risk"] = "severe".into();
    assert!(!validator.is_valid(&value));
    value["workloads"][0]["risk"] = "high".into();
    value["schema"] = "shipshape.report/v2".into();
    assert!(!validator.is_valid(&value));
}

fn no_control_characters(name: &str, text: &str) {
    let bad: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| (c.is_control() && *c != '\n') || *c == '\u{202e}')
        .take(3)
        .collect();
    assert!(
        bad.is_empty(),
        "{name} carries raw control characters: {bad:?}"
    );
}

#[test]
fn html_report_renders_hostile_strings_inert() {
    let page = report::render(&fixtures::markup_snapshot(), Format::Html).unwrap();
    no_control_characters("html", &page);
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the report's own script"
    );
    for raw in ["<script>alert", "<img", "<svg", "onerror=alert(1)>"] {
        assert!(!page.contains(raw), "raw markup {raw:?} in the HTML report");
    }
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown escaped"
    );
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!page.contains("hunter2"), "environment values never appear");
    assert!(page.contains("Content-Security-Policy"));
    // Real tags only (escaped text has no `<`), attribute values left out: none may load anything.
    for tag in page
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or_default())
    {
        let names: String = tag.split('"').step_by(2).collect();
        for fetch in [" src=", "link ", " on"] {
            assert!(
                !names.contains(fetch),
                "a tag loads or runs something: <{tag}>"
            );
        }
        if let Some(at) = tag.find(" href=\"") {
            assert!(
                tag[at + 7..].starts_with('#'),
                "links stay inside the page: <{tag}>"
            );
        }
    }
    assert!(
        !page.contains("@import") && !page.contains("url("),
        "no external styles"
    );
    assert!(
        page.contains("<details") && page.contains("docker run"),
        "expandable findings with remediation"
    );
}

/// The Markdown outside fenced code blocks, where markup would be live.
fn outside_code_blocks(text: &str) -> String {
    let mut fence: Option<String> = None;
    let mut out = String::new();
    for line in text.lines() {
        let ticks: String = line.chars().take_while(|c| *c == '`').collect();
        match &fence {
            Some(open) if line.trim_end() == open.as_str() => fence = None,
            Some(_) => {}
            None if ticks.len() >= 3 => fence = Some(ticks),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn markdown_report_renders_hostile_strings_inert() {
    let text = report::render(&fixtures::markup_snapshot(), Format::Markdown).unwrap();
    no_control_characters("markdown", &text);
    let prose = outside_code_blocks(&text);
    for raw in ["<script", "<img", "<svg", "](javascript:"] {
        assert!(
            !prose.contains(raw),
            "raw {raw:?} in the Markdown report outside code blocks"
        );
    }
    assert!(
        text.contains(r"\[click\]\(javascript:alert\(1\)\)"),
        "links are escaped"
    );
    assert!(!text.contains("hunter2"));
    // Every table row keeps its column count: a `|` from a label cannot split a cell.
    for line in text.lines().filter(|l| l.starts_with("| ")) {
        let cells = line.matches(" | ").count() - line.matches(r"\| ").count();
        assert!(cells <= 7, "{line}");
    }
    assert!(text.contains("## Totals") && text.contains("## Workloads, riskiest first"));
    let riskiest = text.find("### CRIT").unwrap();
    let mildest = text
        .find("###   OK")
        .or_else(|| text.find("### OK"))
        .unwrap_or(usize::MAX);
    assert!(riskiest < mildest, "riskiest first");
}

#[test]
fn json_report_keeps_strings_but_no_escape_sequences() {
    let text = report::render(&fixtures::markup_snapshot(), Format::Json).unwrap();
    assert!(
        !text.contains("\\u001b") && !text.contains('\u{1b}'),
        "escape sequences were cleaned at the source"
    );
    assert!(
        text.contains("<script>alert(1)</script>"),
        "JSON carries the text as data; its consumers escape it"
    );
    assert!(!text.contains("hunter2"));
    for m in MARKUP.iter().take(5) {
        assert!(
            text.contains(&serde_json::to_string(m).unwrap()[1..m.len()]),
            "{m}"
        );
    }
}
