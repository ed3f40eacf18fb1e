//! Snapshots of the real engine over time: `diff` of reports taken before and after a risky
//! container starts, and `--fail-on` with and without waivers. Its own test binary, so no other
//! test's containers come and go between the two reports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::cli::shipshape;
use common::engine::{self, Containers};
use serde_json::Value;
use std::path::Path;

fn report(path: &Path, home: &Path) {
    let out = shipshape(
        &["report", "--no-kube", "--output", path.to_str().unwrap()],
        home,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diff_of_before_and_after_a_risky_container_lists_exactly_its_findings() {
    let test = "diff_of_before_and_after_a_risky_container_lists_exactly_its_findings";
    if !engine::available(test) {
        return;
    }
    engine::ensure_test_image();
    let home = tempfile::tempdir().unwrap();
    let (before, after) = (
        home.path().join("before.json"),
        home.path().join("after.json"),
    );
    report(&before, home.path());
    let mut containers = Containers::new("diff");
    let intruder = containers.run(
        "intruder",
        &[
            "--cap-add",
            "SYS_ADMIN",
            "--pid",
            "host",
            "-v",
            "/etc:/host-etc:ro",
        ],
        &["sleep", "600"],
    );
    report(&after, home.path());

    let out = shipshape(
        &[
            "diff",
            before.to_str().unwrap(),
            after.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "critical",
        ],
        home.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "a new critical finding: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    let after_report: Value =
        serde_json::from_str(&std::fs::read_to_string(&after).unwrap()).unwrap();
    let expected = after_report["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == intruder.as_str())
        .unwrap()["findings"]
        .as_array()
        .unwrap()
        .len();
    let new = diff["new_findings"].as_array().unwrap();
    assert_eq!(
        new.len(),
        expected,
        "exactly the new container's findings: {new:#?}"
    );
    assert!(
        new.iter()
            .all(|c| c["workload"]["name"] == intruder.as_str()),
        "{new:#?}"
    );
    let rules: Vec<&str> = new
        .iter()
        .map(|c| c["finding"]["rule"].as_str().unwrap())
        .collect();
    for rule in ["cap-add", "host-pid", "sensitive-mount"] {
        assert!(rules.contains(&rule), "{rule} in {rules:?}");
    }
    assert_eq!(diff["new_workloads"].as_array().unwrap().len(), 1);
    assert!(diff["resolved_findings"].as_array().unwrap().is_empty());
    assert!(diff["removed_workloads"].as_array().unwrap().is_empty());

    // The same host fails --fail-on high, and passes once its findings are waived.
    let out = shipshape(&["report", "--no-kube", "--fail-on", "high"], home.path());
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let waivers = home.path().join("waivers.toml");
    std::fs::write(
        &waivers,
        "[[waiver]]\nrule = \"*\"\nreason = \"test host: every risk accepted\"\nexpires = 2099-01-01\n",
    )
    .unwrap();
    let out = shipshape(
        &[
            "report",
            "--no-kube",
            "--fail-on",
            "high",
            "--waivers",
            waivers.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let waived: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = waived["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["name"] == intruder.as_str())
        .unwrap();
    assert_eq!(
        ours["risk"], "none",
        "waived findings do not count toward the badge"
    );
    let cap = ours["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "cap-add")
        .unwrap();
    assert_eq!(cap["waived"], true);
    assert_eq!(cap["waiver"]["reason"], "test host: every risk accepted");
}
