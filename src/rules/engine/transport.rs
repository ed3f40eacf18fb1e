//! How the Engine API is reached: a TCP socket without TLS is root on the host for anyone
//! who can connect.

use super::{EngineRule, hit};
use crate::model::Severity;
use crate::model::engine::EngineFacts;
use crate::rules::net::is_loopback;
use crate::rules::scoped::ScopedHit;

fn client_hits(e: &EngineFacts) -> Vec<ScopedHit> {
    let plain =
        (e.endpoint.starts_with("tcp://") || e.endpoint.starts_with("http://")) && !e.client_tls;
    let severity = if is_loopback(&e.endpoint) {
        Severity::High
    } else {
        Severity::Critical
    };
    hit(
        e,
        plain,
        severity,
        format!(
            "shipshape reached this engine at {} without TLS",
            e.endpoint
        ),
    )
}

pub static ENGINE_TCP_NO_TLS: EngineRule = EngineRule {
    id: "engine-tcp-no-tls",
    title: "Engine API is reachable over TCP without TLS",
    severity: Severity::Critical,
    risk: "The Docker API is root on the host: whoever can reach an unencrypted TCP socket can \
           start a privileged container that mounts /. Without client certificate checks, TLS \
           alone does not stop them.",
    fix: "Prefer no TCP socket at all (use ssh://user@host as DOCKER_HOST). If one is needed, in \
          /etc/docker/daemon.json:\n\n  { \"hosts\": [\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2376\"],\n    \
          \"tls\": true, \"tlsverify\": true,\n    \"tlscacert\": \"/etc/docker/ca.pem\", \
          \"tlscert\": \"/etc/docker/server-cert.pem\", \"tlskey\": \"/etc/docker/server-key.pem\" }\n\n\
          then: systemctl restart docker, and connect with DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=~/.docker.",
    references: &[
        "CIS Docker 1.6.0 2.7",
        "Docker docs: Protect the Docker daemon socket",
    ],
    check: |e, _| {
        let mut hits = Vec::new();
        for w in &e.warnings {
            if w.contains("without encryption") {
                hits.extend(hit(
                    e,
                    true,
                    Severity::Critical,
                    format!("daemon warns: {w}"),
                ));
            } else if w.contains("without TLS client verification") {
                hits.extend(hit(e, true, Severity::High, format!("daemon warns: {w}")));
            }
        }
        hits.extend(client_hits(e));
        hits
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{hardened, today};
    use super::*;

    #[test]
    fn daemon_warnings_and_client_transport() {
        let mut e = hardened();
        assert!((ENGINE_TCP_NO_TLS.check)(&e, today()).is_empty());
        e.warnings
            .push("WARNING: API is accessible on http://0.0.0.0:2375 without encryption.".into());
        let hits = (ENGINE_TCP_NO_TLS.check)(&e, today());
        assert_eq!(hits[0].severity, Severity::Critical);
        e.warnings.clear();
        e.endpoint = "tcp://10.1.2.3:2375".into();
        assert_eq!(
            (ENGINE_TCP_NO_TLS.check)(&e, today())[0].severity,
            Severity::Critical
        );
        e.endpoint = "tcp://127.0.0.1:2375".into();
        assert_eq!(
            (ENGINE_TCP_NO_TLS.check)(&e, today())[0].severity,
            Severity::High
        );
        e.client_tls = true;
        assert!((ENGINE_TCP_NO_TLS.check)(&e, today()).is_empty());
    }
}
