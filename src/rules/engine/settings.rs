//! Daemon settings: where logs go, live restore, insecure registries, experimental and debug.

use super::{EngineRule, hit};
use crate::model::Severity;

/// Drivers that keep logs only on this host, in files that go when the container goes.
const HOST_ONLY_LOG_DRIVERS: &[&str] = &["json-file", "local"];

pub static ENGINE_LOCAL_LOGGING: EngineRule = EngineRule {
    id: "engine-local-logging",
    title: "Container logs stay on the host only",
    severity: Severity::Medium,
    risk: "With json-file or local, logs live next to the container and are deleted with it; an \
           attacker with root on the host can edit them. Evidence of an intrusion disappears \
           exactly when it is needed. With `none` there are no logs at all.",
    fix: "Ship logs off the host. In /etc/docker/daemon.json, e.g.:\n\n  \
          { \"log-driver\": \"syslog\", \"log-opts\": { \"syslog-address\": \"tcp+tls://logs.example:6514\" } }\n\n\
          or \"journald\" with journal forwarding, or \"fluentd\"/\"gelf\" to your collector. \
          Then systemctl restart docker; existing containers keep their driver until re-created. \
          Per container: docker run --log-driver syslog --log-opt syslog-address=...",
    references: &[
        "CIS Docker 1.6.0 2.13",
        "Docker docs: Configure logging drivers",
    ],
    check: |e, _| {
        let Some(driver) = e.logging_driver.as_deref() else {
            return Vec::new();
        };
        let (bad, severity) = if driver == "none" {
            (true, Severity::Medium)
        } else {
            (HOST_ONLY_LOG_DRIVERS.contains(&driver), Severity::Low)
        };
        hit(
            e,
            bad,
            severity,
            format!("default log driver is `{driver}`: no central log shipping"),
        )
    },
};

pub static ENGINE_LIVE_RESTORE_OFF: EngineRule = EngineRule {
    id: "engine-live-restore-off",
    title: "Live restore is off",
    severity: Severity::Low,
    risk: "Every dockerd restart or upgrade stops every container, so security updates to the \
           engine get postponed because they cost an outage.",
    fix: "In /etc/docker/daemon.json:\n\n  { \"live-restore\": true }\n\nthen: systemctl reload docker \
          (live-restore is one of the settings a reload applies).",
    references: &["CIS Docker 1.6.0 2.15", "Docker docs: Live restore"],
    check: |e, _| {
        let swarm = e.swarm.as_deref() == Some("active");
        // Podman has no daemon the containers depend on (conmon keeps each one), so nothing
        // to restore.
        hit(
            e,
            !e.live_restore && !swarm && !e.is_podman(),
            Severity::Low,
            "LiveRestoreEnabled is false".to_owned(),
        )
    },
};

pub static ENGINE_INSECURE_REGISTRY: EngineRule = EngineRule {
    id: "engine-insecure-registry",
    title: "Engine pulls from registries without TLS",
    severity: Severity::High,
    risk: "Images from an insecure registry travel without TLS or without certificate checks: \
           anyone on the path can swap the image the next `docker pull` runs.",
    fix: "Remove the entries from \"insecure-registries\" in /etc/docker/daemon.json and give the \
          registry a certificate; for a private CA put it in \
          /etc/docker/certs.d/<host>:<port>/ca.crt. Then systemctl restart docker.",
    references: &[
        "CIS Docker 1.6.0 2.5",
        "Docker docs: Test an insecure registry",
    ],
    check: |e, _| {
        let insecure = e.insecure_beyond_loopback();
        hit(
            e,
            !insecure.is_empty(),
            Severity::High,
            format!("insecure registries: {}", insecure.join(", ")),
        )
    },
};

pub static ENGINE_EXPERIMENTAL: EngineRule = EngineRule {
    id: "engine-experimental",
    title: "Experimental features are on",
    severity: Severity::Low,
    risk: "Experimental features are not covered by the stability and security guarantees of a \
           release and may change or go away.",
    fix: "In /etc/docker/daemon.json:\n\n  { \"experimental\": false }\n\nthen: systemctl restart docker.",
    references: &["CIS Docker 1.6.0 2.18"],
    check: |e, _| {
        hit(
            e,
            // Podman's compatible /info always says true.
            e.experimental && !e.is_podman(),
            Severity::Low,
            "ExperimentalBuild is true".to_owned(),
        )
    },
};

pub static ENGINE_DEBUG: EngineRule = EngineRule {
    id: "engine-debug",
    title: "Daemon logs at debug level",
    severity: Severity::Low,
    risk: "Debug logs record request bodies and more; secrets passed to the API can end up in \
           the daemon's log.",
    fix: "In /etc/docker/daemon.json:\n\n  { \"debug\": false, \"log-level\": \"info\" }\n\n\
          and remove -D/--debug from the dockerd command line; then systemctl reload docker.",
    references: &["CIS Docker 1.6.0 2.3"],
    check: |e, _| hit(e, e.debug, Severity::Low, "Debug is true".to_owned()),
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{hardened, rule_fires};
    use super::*;

    #[test]
    fn logging_drivers() {
        let mut e = hardened();
        assert!(!rule_fires(&ENGINE_LOCAL_LOGGING, &e));
        for (driver, severity) in [
            ("json-file", Severity::Low),
            ("local", Severity::Low),
            ("none", Severity::Medium),
        ] {
            e.logging_driver = Some(driver.into());
            let hits = (ENGINE_LOCAL_LOGGING.check)(&e, super::super::test_support::today());
            assert_eq!(hits.len(), 1, "{driver}");
            assert_eq!(hits[0].severity, severity, "{driver}");
        }
        e.logging_driver = Some("journald".into());
        assert!(!rule_fires(&ENGINE_LOCAL_LOGGING, &e));
    }

    #[test]
    fn podman_constants_are_not_findings() {
        let mut e = hardened();
        e.live_restore = false;
        e.experimental = true;
        e.engine = Some("podman".into());
        assert!(!rule_fires(&ENGINE_LIVE_RESTORE_OFF, &e));
        assert!(!rule_fires(&ENGINE_EXPERIMENTAL, &e));
        e.engine = Some("docker".into());
        assert!(rule_fires(&ENGINE_LIVE_RESTORE_OFF, &e));
        assert!(rule_fires(&ENGINE_EXPERIMENTAL, &e));
    }

    #[test]
    fn live_restore_not_needed_on_swarm() {
        let mut e = hardened();
        e.live_restore = false;
        assert!(rule_fires(&ENGINE_LIVE_RESTORE_OFF, &e));
        e.swarm = Some("active".into());
        assert!(!rule_fires(&ENGINE_LIVE_RESTORE_OFF, &e));
    }

    #[test]
    fn loopback_registry_is_not_insecure() {
        let mut e = hardened();
        assert!(!rule_fires(&ENGINE_INSECURE_REGISTRY, &e));
        e.insecure_registry_cidrs.push("10.0.0.0/8".into());
        assert!(rule_fires(&ENGINE_INSECURE_REGISTRY, &e));
        e.insecure_registry_cidrs.pop();
        e.insecure_registries.push("registry.lan:5000".into());
        assert!(rule_fires(&ENGINE_INSECURE_REGISTRY, &e));
    }

    #[test]
    fn experimental_and_debug() {
        let mut e = hardened();
        assert!(!rule_fires(&ENGINE_EXPERIMENTAL, &e) && !rule_fires(&ENGINE_DEBUG, &e));
        e.experimental = true;
        e.debug = true;
        assert!(rule_fires(&ENGINE_EXPERIMENTAL, &e) && rule_fires(&ENGINE_DEBUG, &e));
    }
}
