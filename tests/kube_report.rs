//! `shipshape report` against real Kubernetes API servers through a real kubeconfig of
//! several contexts: TLS with a token, plain HTTP, a namespace-restricted user, a server that
//! never answers. The demo cluster's pods and what each breaks are listed in
//! tests/common/kube_server/fixtures.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::kube_lab::KubeLab;
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;
use std::time::{Duration, Instant};

struct Report {
    json: Value,
    stderr: String,
    code: Option<i32>,
    took: Duration,
}

/// Runs `shipshape report --no-docker --kubeconfig F --kube-context X` with a clean HOME.
fn report(lab: &KubeLab, context: &str) -> Report {
    let home = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args([
            "report",
            "--format",
            "json",
            "--no-docker",
            "--kube-context",
            context,
            "--kubeconfig",
        ])
        .arg(lab.kubeconfig.path())
        .env("HOME", home.path())
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    Report {
        json: serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
        took: start.elapsed(),
    }
}

fn workloads(r: &Report) -> &Vec<Value> {
    r.json["workloads"].as_array().unwrap()
}

/// The pod container `namespace/pod/container`.
fn container<'a>(r: &'a Report, ns: &str, pod: &str, name: &str) -> &'a Value {
    workloads(r)
        .iter()
        .find(|w| w["namespace"] == ns && w["pod"] == pod && w["name"] == name)
        .unwrap_or_else(|| panic!("no container {ns}/{pod}/{name} in the report"))
}

fn rules(w: &Value) -> BTreeSet<String> {
    w["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn finding<'a>(w: &'a Value, rule: &str) -> &'a Value {
    w["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding on {}: {:?}", w["pod"], rules(w)))
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn admin_context_reports_every_pod_container_and_the_cluster_risks() {
    let lab = KubeLab::start();
    let r = report(&lab, "lab");
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    let source = &r.json["sources"][0];
    assert_eq!(source["kind"], "kubernetes");
    assert_eq!(source["context"], "lab");
    assert_eq!(source["status"], "ok");
    assert_eq!(source["version"], "v1.29.4");
    assert!(
        source["endpoint"]
            .as_str()
            .unwrap()
            .starts_with("https://127.0.0.1:")
    );

    // 22 pods; checkout also has an init and an ephemeral container.
    assert_eq!(workloads(&r).len(), 24, "every container of every pod");
    assert!(workloads(&r).iter().all(|w| w["kind"] == "pod-container"));
    let namespaces: BTreeSet<String> = workloads(&r)
        .iter()
        .map(|w| w["namespace"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        namespaces,
        set(&[
            "ci",
            "default",
            "kube-system",
            "legacy",
            "monitoring",
            "payments",
            "shop"
        ])
    );

    let builder = container(&r, "ci", "docker-builder", "builder");
    for rule in [
        "privileged",
        "docker-socket-mount",
        "cap-add",
        "seccomp-unconfined",
    ] {
        assert!(
            rules(builder).contains(rule),
            "docker-builder lacks {rule}: {:?}",
            rules(builder)
        );
    }
    assert_eq!(finding(builder, "privileged")["pss"], "baseline");
    assert!(
        finding(builder, "privileged")["remediation"]
            .as_str()
            .unwrap()
            .contains("privileged: false")
    );
    assert_eq!(builder["risk"], "critical");

    let exporter = container(&r, "monitoring", "node-exporter-8xk2p", "node-exporter");
    for rule in ["host-network", "host-pid", "host-port", "sensitive-mount"] {
        assert!(
            rules(exporter).contains(rule),
            "node-exporter lacks {rule}: {:?}",
            rules(exporter)
        );
    }
    assert_eq!(exporter["kubernetes"]["owner"]["kind"], "DaemonSet");
    assert!(
        exporter["resources"]["cpu_usage_cores"].as_f64().unwrap() > 0.0,
        "metrics.k8s.io usage"
    );
    assert_eq!(exporter["resources"]["memory_limit_bytes"], 134_217_728);

    // The hardened StatefulSet breaks nothing but passes its password through the environment.
    let db = container(&r, "payments", "ledger-db-0", "postgres");
    assert_eq!(rules(db), set(&["env-secret"]));
    assert_eq!(finding(db, "env-secret")["severity"], "low");

    let scorer = container(&r, "payments", "fraud-scorer-6f7b9c8d5-m2vhd", "scorer");
    assert!(
        finding(scorer, "cap-drop-missing")["evidence"]
            .as_str()
            .unwrap()
            .contains("\"ALL\"")
    );

    let one_each = [
        ("shm-cache", "shm-cache", "host-ipc"),
        ("proc-inspector", "proc-inspector", "proc-mount"),
        ("msg-queue", "msg-queue", "unsafe-sysctl"),
        ("selinux-tool", "selinux-tool", "selinux-custom"),
        ("docs-site", "docs-site", "volume-type"),
        ("report-archive", "report-archive", "volume-type"),
        ("win-iis", "iis", "windows-host-process"),
        ("perf-profiler", "perf-profiler", "seccomp-unconfined"),
        ("log-shipper", "log-shipper", "apparmor-unconfined"),
        ("syslog-relay", "syslog-relay", "apparmor-unconfined"),
        ("backup-agent", "backup-agent", "root-user"),
    ];
    for (pod, name, rule) in one_each {
        let w = container(&r, "legacy", pod, name);
        assert!(
            rules(w).contains(rule),
            "legacy/{pod} lacks {rule}: {:?}",
            rules(w)
        );
    }
    assert_eq!(
        finding(
            container(&r, "legacy", "docs-site", "docs-site"),
            "volume-type"
        )["severity"],
        "high"
    );
    assert!(
        container(&r, "legacy", "report-archive", "report-archive")["resources"]["cpu_usage_cores"]
            .is_null()
    );

    let migrate = container(&r, "shop", "checkout-5b8f9d7c4-zt6wq", "migrate");
    assert_eq!(migrate["kubernetes"]["container_type"], "init");
    assert!(
        finding(migrate, "privilege-escalation")["evidence"]
            .as_str()
            .unwrap()
            .contains("is true")
    );
    let debugger = workloads(&r)
        .iter()
        .find(|w| w["kubernetes"]["container_type"] == "ephemeral")
        .expect("the ephemeral container");
    assert!(
        finding(debugger, "cap-add")["evidence"]
            .as_str()
            .unwrap()
            .contains("SYS_PTRACE")
    );
    let web = container(&r, "shop", "web-7c9d8f6b5d-x2x9k", "nginx");
    assert_eq!(web["kubernetes"]["owner"]["kind"], "Deployment");
    assert_eq!(web["kubernetes"]["owner"]["name"], "web");
    let cron = container(&r, "shop", "cart-cleanup-28595700-kq8zt", "cleanup");
    assert_eq!(cron["kubernetes"]["owner"]["kind"], "CronJob");
    let shell = container(&r, "default", "debug-shell", "shell");
    for rule in [
        "image-unpinned",
        "root-user",
        "no-memory-limit",
        "default-namespace",
        "sa-token-automount",
    ] {
        assert!(rules(shell).contains(rule), "debug-shell lacks {rule}");
    }

    let top: Vec<(String, String)> = r.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["target"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let has = |rule: &str, target: &str| top.iter().any(|(r, t)| r == rule && t == target);
    assert!(
        has(
            "cluster-admin-binding",
            "clusterrolebinding/ci-deployer-cluster-admin"
        ),
        "{top:?}"
    );
    assert!(
        has(
            "cluster-admin-binding",
            "clusterrolebinding/all-users-admin"
        ),
        "{top:?}"
    );
    assert!(
        !top.iter()
            .any(|(_, t)| t == "clusterrolebinding/cluster-admin"),
        "the built-in binding is fine"
    );
    assert!(has("rbac-wildcard", "shop/role/shop-owner"), "{top:?}");
    assert!(has("kubernetes-eol", "context/lab"), "{top:?}");
    for ns in ["ci", "default", "legacy", "monitoring"] {
        assert!(has("no-network-policy", ns), "namespace {ns}: {top:?}");
    }
    assert!(!has("no-network-policy", "payments") && !has("no-network-policy", "shop"));
    assert!(
        r.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["scope"] == "cluster" || f["scope"] == "namespace")
    );

    let mut by_severity = std::collections::HashMap::new();
    for f in workloads(&r)
        .iter()
        .flat_map(|w| w["findings"].as_array().unwrap())
        .chain(r.json["findings"].as_array().unwrap())
    {
        *by_severity
            .entry(f["severity"].as_str().unwrap().to_owned())
            .or_insert(0) += 1;
    }
    for sev in ["critical", "high", "medium", "low"] {
        assert_eq!(
            r.json["summary"][sev],
            by_severity.get(sev).copied().unwrap_or(0),
            "summary.{sev}"
        );
    }
}

#[test]
fn plain_http_context_is_read_and_flagged() {
    let lab = KubeLab::start();
    let r = report(&lab, "dev");
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(r.json["sources"][0]["status"], "ok");
    let pods: BTreeSet<String> = workloads(&r)
        .iter()
        .map(|w| w["pod"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(pods, set(&["dev-api", "dev-shell"]));
    assert!(
        rules(container(&r, "apps", "dev-api", "main")).is_empty(),
        "the hardened pod is clean"
    );
    let insecure = r.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "kubeconfig-insecure")
        .expect("kubeconfig-insecure for http://");
    assert!(
        insecure["evidence"]
            .as_str()
            .unwrap()
            .contains("http://127.0.0.1")
    );
    assert!(
        !r.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "kubernetes-eol"),
        "1.35 is supported"
    );
}

#[test]
fn skip_verify_context_is_flagged() {
    let lab = KubeLab::start();
    let r = report(&lab, "skipverify");
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    let insecure = r.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "kubeconfig-insecure");
    assert!(insecure.is_some_and(|f| {
        f["evidence"]
            .as_str()
            .unwrap()
            .contains("insecure-skip-tls-verify")
    }));
}

#[test]
fn restricted_user_falls_back_to_its_namespace_and_says_what_was_forbidden() {
    let lab = KubeLab::start();
    let r = report(&lab, "restricted");
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    let source = &r.json["sources"][0];
    assert_eq!(source["status"], "ok");
    assert_eq!(source["namespace"], "shop");
    let note = source["error"].as_str().unwrap_or_default();
    assert!(
        note.contains("forbidden") && note.contains("pods"),
        "the status says what was forbidden: {note}"
    );
    assert!(
        note.contains("clusterrolebindings") || note.contains("namespaces"),
        "{note}"
    );
    assert!(!workloads(&r).is_empty());
    assert!(
        workloads(&r).iter().all(|w| w["namespace"] == "shop"),
        "only shop is readable"
    );
    let top = r.json["findings"].as_array().unwrap();
    assert!(
        top.iter()
            .any(|f| f["rule"] == "rbac-wildcard" && f["target"] == "shop/role/shop-owner")
    );
    assert!(
        !top.iter()
            .any(|f| f["rule"] == "cluster-admin-binding" && f["scope"] == "cluster")
    );
}

#[test]
fn unreachable_context_fails_within_15_seconds_with_a_clear_message() {
    let lab = KubeLab::start();
    let r = report(&lab, "dead");
    assert_eq!(
        r.code,
        Some(2),
        "no source could be read: exit 2; stderr: {}",
        r.stderr
    );
    assert!(r.took < Duration::from_secs(15), "took {:?}", r.took);
    let source = &r.json["sources"][0];
    assert_eq!(source["status"], "error");
    let error = source["error"].as_str().unwrap();
    let addr = lab.dead.addr().to_string();
    assert!(
        error.contains(&addr) && error.contains("dead"),
        "names server and context: {error}"
    );
    assert!(error.contains("timed out"), "{error}");
    assert!(r.stderr.contains("timed out"), "{}", r.stderr);
}

#[test]
fn unknown_context_and_missing_kubeconfig_are_errors_not_silence() {
    let lab = KubeLab::start();
    let r = report(&lab, "nope");
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("`nope`") && r.stderr.contains("get-contexts"),
        "{}",
        r.stderr
    );

    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["report", "--no-docker"])
        .env("HOME", home.path())
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["sources"],
        serde_json::json!([]),
        "no kubeconfig at all: Kubernetes is simply absent"
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "and with Docker off there is nothing to read"
    );
}

#[test]
fn metrics_api_absent_means_unknown_usage_quietly() {
    let lab = KubeLab::start();
    lab.lab.set_metrics(false);
    let r = report(&lab, "lab");
    assert_eq!(r.code, Some(0));
    assert!(
        r.json["sources"][0]["error"].is_null(),
        "no complaint: {}",
        r.json["sources"][0]["error"]
    );
    assert!(
        workloads(&r)
            .iter()
            .all(|w| w["resources"]["cpu_usage_cores"].is_null())
    );
}
