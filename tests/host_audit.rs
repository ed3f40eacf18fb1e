//! The host audit through the real binary: `shipshape baseline` on a test root, then
//! `shipshape report` before and after the watched files change (content, mode, a file
//! removed, a file added), and `baseline` again to accept the change.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::cli::shipshape;
use serde_json::Value;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::Output;

/// Files the test writes are owned by whoever runs it: root in CI, a user elsewhere. The
/// root's own passwd and group name them, as on a real host.
fn write_accounts(root: &Path) {
    std::fs::create_dir_all(root).unwrap();
    let probe = std::fs::metadata(root).unwrap();
    let (uid, gid) = (probe.uid(), probe.gid());
    let mut passwd = String::from("root:x:0:0:root:/root:/bin/sh\n");
    let mut group = String::from("root:x:0:\ndocker:x:999:\n");
    if uid != 0 {
        passwd.push_str(&format!("builder:x:{uid}:{gid}::/home/builder:/bin/sh\n"));
    }
    if gid != 0 {
        group.push_str(&format!("builder:x:{gid}:\n"));
    }
    write(root, "etc/passwd", &passwd, 0o644);
    write(root, "etc/group", &group, 0o644);
}

fn write(root: &Path, path: &str, text: &str, mode: u32) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    chmod(&path, mode);
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn sha8(text: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    digest.as_ref()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn report(root: &Path, home: &Path) -> Value {
    let out = shipshape(
        &[
            "report",
            "--format",
            "json",
            "--no-docker",
            "--no-kube",
            "--host-root",
            root.to_str().unwrap(),
        ],
        home,
    );
    assert_ok(&out, "report");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} exited {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The host findings of one rule, as (target, severity, evidence).
fn findings(report: &Value, rule: &str) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            assert_eq!(f["scope"], "host", "{f}");
            (
                f["target"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["evidence"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn one<'a>(found: &'a [(String, String, String)], target: &str) -> &'a (String, String, String) {
    let matching: Vec<_> = found.iter().filter(|f| f.0 == target).collect();
    assert_eq!(matching.len(), 1, "one finding for {target} in {found:#?}");
    matching[0]
}

#[test]
fn baseline_then_changes_are_reported_and_accepted() {
    let home = tempfile::tempdir().unwrap();
    let lab = tempfile::tempdir().unwrap();
    let root = lab.path().join("host");
    std::fs::create_dir_all(root.join("etc/docker")).unwrap();
    chmod(&root.join("etc/docker"), 0o755);
    write_accounts(&root);
    let daemon_before = "{\"icc\": false}\n";
    write(&root, "etc/docker/daemon.json", daemon_before, 0o644);
    write(
        &root,
        "lib/systemd/system/docker.service",
        "[Service]\nExecStart=/usr/bin/dockerd\n",
        0o644,
    );
    write(
        &root,
        "lib/systemd/system/docker.socket",
        "[Socket]\nSocketMode=0660\n",
        0o644,
    );
    write(
        &root,
        "etc/kubernetes/manifests/kube-apiserver.yaml",
        "kind: Pod\n",
        0o600,
    );
    // A real unix socket, reached both as /run/docker.sock and, through an absolute symlink
    // that must resolve inside the root, as /var/run/docker.sock.
    std::fs::create_dir_all(root.join("run")).unwrap();
    std::fs::create_dir_all(root.join("var")).unwrap();
    symlink("/run", root.join("var/run")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(root.join("run/docker.sock")).unwrap();
    chmod(&root.join("run/docker.sock"), 0o660);
    // A watched path that is a symlink out of the root: reported as a symlink, not followed.
    std::fs::create_dir_all(root.join("etc/default")).unwrap();
    symlink("/etc/passwd", root.join("etc/default/docker")).unwrap();
    let root_arg = root.to_str().unwrap();

    // 1. Record the baseline.
    let out = shipshape(&["baseline", "--host-root", root_arg], home.path());
    assert_ok(&out, "baseline");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let data = home.path().join(".local/share/shipshape");
    assert!(
        stdout.starts_with("Recorded the host baseline: 7 files in "),
        "{stdout}"
    );
    assert!(stdout.contains(&data.display().to_string()), "{stdout}");
    assert!(
        stdout.contains("  /etc/sysconfig/docker\n"),
        "absent paths listed: {stdout}"
    );
    let baselines: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("host-baseline-"))
        .collect();
    assert_eq!(baselines.len(), 1, "{baselines:?}");
    let mode = std::fs::metadata(&baselines[0])
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);

    // 2. Nothing changed.
    let before = report(&root, home.path());
    assert!(findings(&before, "config-changed").is_empty(), "{before:#}");
    let host = &before["host"];
    assert_eq!(host["baseline"]["recorded_now"], false, "{host:#}");
    let files = host["files"].as_array().unwrap();
    let kind_of = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .map(|f| f["kind"].as_str().unwrap().to_owned())
    };
    assert_eq!(kind_of("/run/docker.sock").as_deref(), Some("socket"));
    assert_eq!(
        kind_of("/var/run/docker.sock"),
        None,
        "the same socket listed once"
    );
    assert_eq!(kind_of("/etc/default/docker").as_deref(), Some("symlink"));
    if std::fs::metadata(&root).unwrap().uid() == 0 {
        // Root-owned files with CIS modes: nothing to say.
        assert!(
            findings(&before, "host-file-permissions").is_empty(),
            "{before:#}"
        );
    }

    // 3. Change the watched files: content and mode, one removed, one added.
    let daemon_after = "{\"icc\": true, \"hosts\": [\"tcp://0.0.0.0:2375\"]}\n";
    write(&root, "etc/docker/daemon.json", daemon_after, 0o666);
    std::fs::remove_file(root.join("lib/systemd/system/docker.socket")).unwrap();
    write(
        &root,
        "etc/kubernetes/manifests/miner.yaml",
        "kind: Pod\n",
        0o600,
    );

    let after = report(&root, home.path());
    let changed = findings(&after, "config-changed");
    assert_eq!(changed.len(), 3, "{changed:#?}");
    let (_, severity, evidence) = one(&changed, "/etc/docker/daemon.json");
    assert_eq!(severity, "high");
    assert!(
        evidence.starts_with("/etc/docker/daemon.json modified since the baseline of "),
        "{evidence}"
    );
    let content = format!(
        "content sha256 {}… → {}…",
        sha8(daemon_before),
        sha8(daemon_after)
    );
    assert!(
        evidence.contains(&content),
        "{evidence}\nexpected {content}"
    );
    assert!(evidence.contains("mode 0644 → 0666"), "{evidence}");
    assert!(
        evidence.contains(&format!(
            "size {} → {} bytes",
            daemon_before.len(),
            daemon_after.len()
        )),
        "{evidence}"
    );
    let (_, severity, evidence) = one(&changed, "/lib/systemd/system/docker.socket");
    assert_eq!(severity, "high");
    assert!(
        evidence.contains("removed since the baseline of"),
        "{evidence}"
    );
    assert!(evidence.contains("was file "), "{evidence}");
    let (_, _, evidence) = one(&changed, "/etc/kubernetes/manifests/miner.yaml");
    assert!(
        evidence.contains("added since the baseline of"),
        "{evidence}"
    );
    assert!(evidence.contains("0600"), "{evidence}");

    let permissions = findings(&after, "host-file-permissions");
    let (_, severity, evidence) = one(&permissions, "/etc/docker/daemon.json");
    assert_eq!(severity, "high");
    assert!(
        evidence.contains("0666; CIS expects root:root and at most 0644"),
        "{evidence}"
    );

    // 4. `shipshape baseline` accepts what is there now.
    let out = shipshape(&["baseline", "--host-root", root_arg], home.path());
    assert_ok(&out, "second baseline");
    assert!(String::from_utf8_lossy(&out.stdout).contains("replaces the earlier baseline"));
    let accepted = report(&root, home.path());
    assert!(
        findings(&accepted, "config-changed").is_empty(),
        "{accepted:#}"
    );
    // The loose mode is still a finding: accepting a change does not make it right.
    assert_eq!(
        findings(&accepted, "host-file-permissions")
            .iter()
            .filter(|f| f.0 == "/etc/docker/daemon.json")
            .count(),
        1
    );
}

#[test]
fn a_broken_baseline_is_an_error_and_is_kept() {
    let home = tempfile::tempdir().unwrap();
    let lab = tempfile::tempdir().unwrap();
    let root = lab.path().join("host");
    write_accounts(&root);
    write(&root, "etc/docker/daemon.json", "{}\n", 0o644);
    let root_arg = root.to_str().unwrap();
    assert_ok(
        &shipshape(&["baseline", "--host-root", root_arg], home.path()),
        "baseline",
    );
    let data = home.path().join(".local/share/shipshape");
    let file = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("host-baseline-"))
        .unwrap();
    std::fs::write(&file, "{ truncated").unwrap();

    let broken = report(&root, home.path());
    let errors = broken["host"]["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e.as_str().unwrap().contains(&file.display().to_string())),
        "{errors:?}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "{ truncated");
}

#[test]
fn a_missing_root_is_an_error() {
    let home = tempfile::tempdir().unwrap();
    let out = shipshape(
        &["baseline", "--host-root", "/nonexistent/shipshape-root"],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/shipshape-root"), "{stderr}");
}
