//! tcp:// with TLS, for real: a CA, a server certificate for 127.0.0.1 and client certificates
//! made with rcgen, in front of two engines. First a second, private `dockerd --tlsverify`
//! (tests/common/tls_dockerd.rs; needs root): the real thing, compared with its own unix socket.
//! Then a TLS listener on loopback that requires the client certificate and forwards to the
//! machine's engine (tests/common/tls_engine.rs), compared with /var/run/docker.sock, configured
//! either way the Docker CLI is: DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, or a
//! Docker context with TLS material. A wrong or missing client certificate must be a clear
//! error naming the endpoint, exit 2, from both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::cli::{shipshape_env, workload_findings};
use common::engine::{self, Containers};
use common::tls_dockerd::{self, TlsDockerd};
use common::tls_engine::{self, Ca};
use std::path::Path;

const REPORT: [&str; 5] = ["report", "--format", "json", "--no-kube", "--no-host"];

fn report(home: &Path, env: &[(&str, &str)]) -> serde_json::Value {
    let out = shipshape_env(&REPORT, home, env);
    assert!(
        out.status.success(),
        "shipshape report with {env:?} exited {}:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Two risky containers and a locked-down one, so there are findings to compare.
fn containers(tag: &str) -> Containers {
    let mut c = Containers::new(tag);
    c.run("risky", &engine::RISKY, &["sleep", "300"]);
    c.create("made", &["--privileged"], &["true"]);
    c.run(
        "locked",
        &[
            "--read-only",
            "--cap-drop",
            "ALL",
            "--user",
            "1000",
            "--memory",
            "64m",
            "--security-opt",
            "no-new-privileges",
        ],
        &["sleep", "300"],
    );
    c
}

/// Everything seen both ways must be the same; the test's own containers must be among it.
fn assert_same(via_socket: &serde_json::Value, via_tls: &serde_json::Value, c: &Containers) {
    assert_eq!(
        via_tls["sources"][0]["status"], "ok",
        "{}",
        via_tls["sources"]
    );
    let socket = workload_findings(via_socket);
    let tls = workload_findings(via_tls);
    for role in ["risky", "made", "locked"] {
        let name = c.name(role);
        let seen = |m: &std::collections::BTreeMap<String, (String, Vec<String>)>| {
            m.values().any(|(n, _)| *n == name)
        };
        assert!(seen(&socket) && seen(&tls), "{name} missing from a report");
    }
    // Containers of other tests may come and go between the two reports: compare the ones
    // both saw.
    let mut compared = 0;
    for (id, socket_side) in &socket {
        if let Some(tls_side) = tls.get(id) {
            assert_eq!(socket_side, tls_side, "container {id} differs over TLS");
            compared += 1;
        }
    }
    let risky = socket
        .values()
        .find(|(n, _)| *n == c.name("risky"))
        .unwrap();
    for rule in ["cap-add", "sensitive-mount", "root-user", "no-memory-limit"] {
        assert!(
            risky.1.iter().any(|f| f.starts_with(rule)),
            "risky container lacks {rule}: {:?}",
            risky.1
        );
    }
    eprintln!(
        "compared {compared} workloads ({} findings) over the socket and over TLS",
        socket.values().map(|(_, f)| f.len()).sum::<usize>()
    );
}

#[test]
fn tls_by_environment_sees_what_the_socket_sees() {
    if !engine::available("tls_by_environment_sees_what_the_socket_sees") {
        return;
    }
    let c = containers("tlsenv");
    let ca = Ca::new("shipshape test CA");
    let tls = tls_engine::start(&ca);
    let home = tempfile::tempdir().unwrap();
    let certs = home.path().join("certs");
    tls_engine::write_cert_dir(&certs, &ca.pem, &ca.client());

    let via_socket = report(
        home.path(),
        &[("DOCKER_HOST", "unix:///var/run/docker.sock")],
    );
    let host = tls.host();
    let via_tls = report(
        home.path(),
        &[
            ("DOCKER_HOST", &host),
            ("DOCKER_TLS_VERIFY", "1"),
            ("DOCKER_CERT_PATH", certs.to_str().unwrap()),
        ],
    );
    assert_eq!(via_tls["sources"][0]["endpoint"], host.as_str());
    assert_eq!(
        via_tls["engines"][0]["client_tls"], true,
        "{}",
        via_tls["engines"]
    );
    assert_same(&via_socket, &via_tls, &c);
}

#[test]
fn tls_by_docker_context_sees_what_the_socket_sees() {
    if !engine::available("tls_by_docker_context_sees_what_the_socket_sees") {
        return;
    }
    let c = containers("tlsctx");
    let ca = Ca::new("shipshape test CA");
    let tls = tls_engine::start(&ca);
    let home = tempfile::tempdir().unwrap();
    let files = home.path().join("files");
    tls_engine::write_cert_dir(&files, &ca.pem, &ca.client());
    let config = home.path().join("docker-config");
    let host = tls.host();
    // The real CLI lays the context out (meta/<sha256 of name>/meta.json and
    // tls/<same>/docker/{ca,cert,key}.pem) and makes it current, as an operator would.
    let spec = format!(
        "host={host},ca={0}/ca.pem,cert={0}/cert.pem,key={0}/key.pem",
        files.display()
    );
    let cli = |args: &[&str]| {
        let out = std::process::Command::new("docker")
            .args(args)
            .env("DOCKER_CONFIG", &config)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "docker {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    cli(&["context", "create", "tlslab", "--docker", &spec]);
    cli(&["context", "use", "tlslab"]);
    let tls_dir = std::fs::read_dir(config.join("contexts/tls"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(
        tls_dir.join("docker/key.pem").exists(),
        "{}",
        tls_dir.display()
    );
    // The CLI itself reaches the engine through the proxy: it is a real --tlsverify endpoint.
    cli(&["version", "--format", "{{.Server.APIVersion}}"]);

    let via_socket = report(
        home.path(),
        &[("DOCKER_HOST", "unix:///var/run/docker.sock")],
    );
    let via_tls = report(home.path(), &[("DOCKER_CONFIG", config.to_str().unwrap())]);
    assert_eq!(via_tls["sources"][0]["context"], "tlslab");
    assert_eq!(via_tls["sources"][0]["endpoint"], host.as_str());
    assert_same(&via_socket, &via_tls, &c);
}

#[test]
fn a_wrong_or_missing_client_certificate_is_a_clear_error() {
    if !engine::available("a_wrong_or_missing_client_certificate_is_a_clear_error") {
        return;
    }
    let ca = Ca::new("shipshape test CA");
    let tls = tls_engine::start(&ca);
    let home = tempfile::tempdir().unwrap();
    // A client certificate from another CA: the engine must refuse it.
    let rogue = Ca::new("someone else's CA");
    let wrong = home.path().join("wrong");
    tls_engine::write_cert_dir(&wrong, &ca.pem, &rogue.client());
    // No client certificate at all: only the CA.
    let none = home.path().join("none");
    std::fs::create_dir_all(&none).unwrap();
    std::fs::write(none.join("ca.pem"), &ca.pem).unwrap();
    let host = tls.host();
    for dir in [&wrong, &none] {
        let out = shipshape_env(
            &REPORT,
            home.path(),
            &[
                ("DOCKER_HOST", &host),
                ("DOCKER_TLS_VERIFY", "1"),
                ("DOCKER_CERT_PATH", dir.to_str().unwrap()),
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let error = report["sources"][0]["error"].as_str().unwrap_or_default();
        let said = format!("{stderr}\n{error}");
        assert_eq!(out.status.code(), Some(2), "{}: {said}", dir.display());
        if std::env::var_os("SHOW_TLS_ERRORS").is_some() {
            eprintln!("{}:\n{said}", dir.display());
        }
        assert!(said.contains(&host), "the error names the endpoint: {said}");
        assert!(
            said.contains("TLS") && said.contains(dir.to_str().unwrap()),
            "the error says what to check: {said}"
        );
    }
    let refusals = tls.refusals.lock().unwrap();
    assert!(
        refusals.len() >= 2,
        "the listener refused both: {refusals:?}"
    );
}

#[test]
fn real_dockerd_with_tlsverify_sees_what_its_socket_sees() {
    let test = "real_dockerd_with_tlsverify_sees_what_its_socket_sees";
    if !engine::available(test) {
        return;
    }
    if let Err(why) = tls_dockerd::can_start() {
        assert!(!engine::in_ci(), "{test}: {why} (CI runs as root)");
        engine::skip_notice(test, &why);
        return;
    }
    // The machine's engine keeps its bridge: a second dockerd must not take it away.
    let docker0 = Path::new("/sys/class/net/docker0");
    let had_docker0 = docker0.exists();
    let ca = Ca::new("shipshape test CA");
    let dockerd = TlsDockerd::start(&ca);
    dockerd.load_test_image();
    let image = engine::TEST_IMAGE;
    let none = ["--network", "none"];
    let mut risky = vec!["run", "-d", "--name", "risky"];
    risky.extend(none);
    risky.extend(engine::RISKY);
    risky.extend([image, "sleep", "300"]);
    dockerd.docker_ok(&risky);
    let mut made = vec!["create", "--name", "made", "--privileged"];
    made.extend(none);
    made.extend([image, "true"]);
    dockerd.docker_ok(&made);
    let mut locked = vec![
        "run",
        "-d",
        "--name",
        "locked",
        "--read-only",
        "--cap-drop",
        "ALL",
    ];
    locked.extend(none);
    locked.extend(["--user", "1000", "--memory", "64m"]);
    locked.extend(["--security-opt", "no-new-privileges", image, "sleep", "300"]);
    dockerd.docker_ok(&locked);

    let home = tempfile::tempdir().unwrap();
    let certs = home.path().join("certs");
    tls_engine::write_cert_dir(&certs, &ca.pem, &ca.client());
    let host = dockerd.tcp_host();
    let tls_env = |dir: &Path| {
        [
            ("DOCKER_HOST", host.clone()),
            ("DOCKER_TLS_VERIFY", "1".to_owned()),
            ("DOCKER_CERT_PATH", dir.to_str().unwrap().to_owned()),
        ]
    };
    let via_socket = report(home.path(), &[("DOCKER_HOST", &dockerd.unix_host())]);
    let env = tls_env(&certs);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let via_tls = report(home.path(), &env);
    assert_eq!(via_tls["sources"][0]["endpoint"], host.as_str());
    assert_eq!(via_tls["engines"][0]["client_tls"], true);
    // A private engine: nothing else comes and goes, so the whole inventory must match.
    let socket = workload_findings(&via_socket);
    let tls = workload_findings(&via_tls);
    assert_eq!(socket, tls, "the same engine differs over TLS");
    let names: Vec<&str> = tls.values().map(|(n, _)| n.as_str()).collect();
    assert_eq!(tls.len(), 3, "{names:?}");
    let risky = tls.values().find(|(n, _)| n == "risky").unwrap();
    for rule in ["cap-add", "sensitive-mount", "root-user", "no-memory-limit"] {
        assert!(
            risky.1.iter().any(|f| f.starts_with(rule)),
            "{rule}: {risky:?}"
        );
    }
    eprintln!(
        "dockerd --tlsverify: {} workloads, {} findings, the same over TLS and its socket",
        tls.len(),
        tls.values().map(|(_, f)| f.len()).sum::<usize>()
    );

    // The real engine refuses a certificate from another CA, and a missing one.
    let rogue = Ca::new("someone else's CA");
    let wrong = home.path().join("wrong");
    tls_engine::write_cert_dir(&wrong, &ca.pem, &rogue.client());
    let missing = home.path().join("missing");
    std::fs::create_dir_all(&missing).unwrap();
    std::fs::write(missing.join("ca.pem"), &ca.pem).unwrap();
    for dir in [&wrong, &missing] {
        let env = tls_env(dir);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let out = shipshape_env(&REPORT, home.path(), &env);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let error = report["sources"][0]["error"].as_str().unwrap_or_default();
        assert_eq!(out.status.code(), Some(2), "{error}");
        assert!(error.contains(&host) && error.contains("TLS"), "{error}");
        assert!(error.contains(dir.to_str().unwrap()), "{error}");
        if std::env::var_os("SHOW_TLS_ERRORS").is_some() {
            eprintln!("{}: {error}", dir.display());
        }
    }
    drop(dockerd);
    assert_eq!(
        docker0.exists(),
        had_docker0,
        "the second dockerd changed the machine's docker0"
    );
}
