//! Hygiene rules: image pinning, published ports, healthchecks, restart policy, secrets in env.

use super::{DockerFix, Hit, KubeFix, Rule, hit_if};
use crate::model::image::{Pinning, pinning};
use crate::model::{PortBinding, Severity, Workload};

pub static IMAGE_UNPINNED: Rule = Rule {
    id: "image-unpinned",
    title: "Image not pinned to a version",
    severity: Severity::Low,
    risk: "With no tag, or `latest`, the next pull can silently run different code; a compromised \
           registry push reaches you without a change on your side.",
    docker: Some(DockerFix {
        advice: "Pin a version tag, better a digest, and update it deliberately.",
        run: "docker run {subject}:1.2.3 (or {subject}@sha256:<digest>)",
        compose: "image: {subject}:1.2.3@sha256:<digest>",
        references: &["CIS Docker 1.6.0 5.28"],
    }),
    kube: Some(KubeFix {
        advice: "Pin a version tag, better a digest, and update it deliberately.",
        yaml: "image: {subject}:1.2.3@sha256:<digest>",
        pss: None,
        references: &["kube-score container-image-tag", "Polaris tagNotSpecified"],
    }),
    check: |w| {
        let evidence = match pinning(&w.image) {
            Pinning::Digest | Pinning::Tag => return Vec::new(),
            Pinning::NoTag => format!("image \"{}\" has no tag (means latest)", w.image),
            Pinning::Latest => format!("image \"{}\" uses the latest tag", w.image),
        };
        let repo = strip_tag(&w.image);
        vec![Hit::new(Severity::Low, evidence).about(repo)]
    },
};

fn strip_tag(image: &str) -> String {
    let (path, last) = match image.rsplit_once('/') {
        Some((path, last)) => (Some(path), last),
        None => (None, image),
    };
    let name = last.split(':').next().unwrap_or(last);
    match path {
        Some(path) => format!("{path}/{name}"),
        None => name.to_owned(),
    }
}

/// One binding per host port: Docker lists 0.0.0.0 and :: separately for the same port.
fn distinct_all_interface_ports(w: &Workload) -> Vec<&PortBinding> {
    let mut out: Vec<&PortBinding> = Vec::new();
    for p in w
        .ports
        .iter()
        .filter(|p| p.all_interfaces() && p.host_port.is_some())
    {
        let dup = out.iter().any(|q| {
            q.host_port == p.host_port
                && q.container_port == p.container_port
                && q.protocol == p.protocol
        });
        if !dup {
            out.push(p);
        }
    }
    out
}

pub static PORT_ALL_INTERFACES: Rule = Rule {
    id: "port-all-interfaces",
    title: "Port published on every host interface",
    severity: Severity::Medium,
    risk: "A port bound to 0.0.0.0 or :: is reachable from every network the host is on, public \
           ones included, and Docker's iptables rules bypass host firewalls such as ufw.",
    docker: Some(DockerFix {
        advice: "Bind the published port to the one interface that needs it (often 127.0.0.1 \
                 behind a reverse proxy).",
        run: "-p 127.0.0.1:{subject}",
        compose: "ports:\n  - \"127.0.0.1:{subject}\"",
        references: &["CIS Docker 1.6.0 5.14"],
    }),
    kube: None,
    check: |w| {
        distinct_all_interface_ports(w)
            .into_iter()
            .map(|p| {
                let host_port = p.host_port.unwrap_or_default();
                Hit::new(Severity::Medium, p.describe())
                    .about(format!("{host_port}:{}/{}", p.container_port, p.protocol))
            })
            .collect()
    },
};

pub static PRIVILEGED_PORT: Rule = Rule {
    id: "privileged-port",
    title: "Privileged host port mapped",
    severity: Severity::Low,
    risk: "Host ports below 1024 are reserved for privileged services; mapping one lets the \
           container pose as a system service (ssh, dns, http).",
    docker: Some(DockerFix {
        advice: "Publish on a port above 1023 and let a reverse proxy or load balancer own the \
                 low port.",
        run: "-p 127.0.0.1:8080:{subject}",
        compose: "ports:\n  - \"127.0.0.1:8080:{subject}\"",
        references: &["CIS Docker 1.6.0 5.8"],
    }),
    kube: None,
    check: |w| {
        let mut seen: Vec<u16> = Vec::new();
        w.ports
            .iter()
            .filter_map(|p| {
                let hp = p.host_port.filter(|hp| *hp > 0 && *hp < 1024)?;
                if seen.contains(&hp) {
                    return None;
                }
                seen.push(hp);
                Some(
                    Hit::new(Severity::Low, format!("host port {hp} ({})", p.describe()))
                        .about(format!("{}/{}", p.container_port, p.protocol)),
                )
            })
            .collect()
    },
};

pub static NO_HEALTHCHECK: Rule = Rule {
    id: "no-healthcheck",
    title: "No healthcheck",
    severity: Severity::Low,
    risk: "Without a healthcheck a hung or hijacked process looks healthy, and nothing restarts \
           or alerts on it.",
    docker: Some(DockerFix {
        advice: "Add a healthcheck that exercises the service (HEALTHCHECK in the Dockerfile, or \
                 at run time).",
        run: "--health-cmd 'wget -q -O- http://127.0.0.1:8080/health || exit 1' --health-interval 30s",
        compose: "healthcheck:\n  test: [\"CMD\", \"wget\", \"-q\", \"-O-\", \"http://127.0.0.1:8080/health\"]\n  interval: 30s",
        references: &["CIS Docker 1.6.0 5.27", "CIS Docker 1.6.0 4.6"],
    }),
    kube: None,
    check: |w| {
        hit_if(
            w.healthcheck.is_none(),
            Severity::Low,
            "no healthcheck in Config.Healthcheck or the image",
        )
    },
};

pub static RESTART_POLICY: Rule = Rule {
    id: "restart-policy",
    title: "Unbounded restart policy",
    severity: Severity::Low,
    risk: "A container that restarts forever hides its crash loop and can load the host; a bounded \
           on-failure policy surfaces the failure.",
    docker: Some(DockerFix {
        advice: "Restart on failure with at most 5 retries.",
        run: "--restart on-failure:5",
        compose: "restart: on-failure:5",
        references: &["CIS Docker 1.6.0 5.15"],
    }),
    kube: None,
    check: |w| {
        let p = &w.restart_policy;
        let evidence = match p.name.as_str() {
            "always" | "unless-stopped" => format!("restart policy \"{}\"", p.name),
            "on-failure" if p.maximum_retry_count == 0 => {
                "restart policy \"on-failure\" with no retry limit".to_owned()
            }
            "on-failure" if p.maximum_retry_count > 5 => {
                format!(
                    "restart policy \"on-failure:{}\" (more than 5)",
                    p.maximum_retry_count
                )
            }
            _ => return Vec::new(),
        };
        vec![Hit::new(Severity::Low, evidence)]
    },
};

pub static ENV_SECRET: Rule = Rule {
    id: "env-secret",
    title: "Secret-looking environment variable",
    severity: Severity::Medium,
    risk: "Environment values can be read by anyone with inspect rights on the engine and by any \
           process that reads /proc/<pid>/environ; they also end up in crash dumps and logs. \
           (shipshape reads only the names.)",
    docker: Some(DockerFix {
        advice: "Pass secrets as files: Docker/Compose secrets or a read-only mount, and point the \
                 application at the file (e.g. {subject}_FILE).",
        run: "remove -e {subject}; mount the secret read-only, e.g. -v /run/secrets/app:/run/secrets:ro",
        compose: "secrets: [app_secret]     # instead of environment: {subject}",
        references: &[
            "CIS Kubernetes 1.12 5.4.1",
            "Polaris sensitiveContainerEnvVar",
        ],
    }),
    kube: Some(KubeFix {
        advice: "Mount the secret as a file from a Secret volume instead of an environment variable, and point the application at the file.",
        yaml: "volumes:\n  - name: app-secret\n    secret:\n      secretName: app-secret\n# in the container:\nvolumeMounts:\n  - {name: app-secret, mountPath: /run/secrets/app, readOnly: true}",
        pss: None,
        references: &[
            "CIS Kubernetes 1.12 5.4.1",
            "Polaris sensitiveContainerEnvVar",
        ],
    }),
    check: |w| {
        // In a pod, a value taken from a Secret is known to be secret whatever its name, and
        // is less exposed than a literal in the pod spec: it is reported lower.
        let from_secrets: &[String] = w.kubernetes.as_ref().map_or(&[], |k| &k.env_from_secrets);
        let literal: Vec<&str> = w
            .env_names
            .iter()
            .map(String::as_str)
            .filter(|n| looks_secret(n) && !from_secrets.iter().any(|s| s == n))
            .collect();
        let mut hits = Vec::new();
        if let Some(first) = literal.first() {
            let evidence = format!("variables named {}", literal.join(", "));
            hits.push(Hit::new(Severity::Medium, evidence).about(*first));
        }
        if let Some(first) = from_secrets.first() {
            let evidence = format!(
                "Secret values passed as environment variables: {}",
                from_secrets.join(", ")
            );
            hits.push(Hit::new(Severity::Low, evidence).about(first.clone()));
        }
        hits
    },
};

/// Names that usually hold a credential. `*_FILE` and `*_PATH` point at one, which is the fix.
fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if upper.ends_with("_FILE") || upper.ends_with("_PATH") || upper.ends_with("_DIR") {
        return false;
    }
    const WORDS: [&str; 9] = [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
    ];
    WORDS.iter().any(|w| upper.contains(w))
        || upper == "OCI_CLI_KEY_CONTENT"
        || (upper.starts_with("AZURE_") && upper.ends_with("KEY"))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{docker, fired};
    use super::*;
    use crate::model::{PortBinding, RestartPolicy};

    #[test]
    fn image_pinning() {
        for (image, fires) in [
            ("app", true),
            ("app:latest", true),
            ("registry:5000/app", true),
            ("app:1.2", false),
            ("app@sha256:abc", false),
        ] {
            let mut w = docker();
            w.image = image.into();
            assert_eq!(!(IMAGE_UNPINNED.check)(&w).is_empty(), fires, "{image}");
        }
        let mut w = docker();
        w.image = "registry:5000/team/app:latest".into();
        assert_eq!(
            (IMAGE_UNPINNED.check)(&w)[0].subject.as_deref(),
            Some("registry:5000/team/app")
        );
    }

    fn port(ip: &str, hp: u16, cp: u16) -> PortBinding {
        PortBinding {
            container_port: cp,
            protocol: "tcp".into(),
            host_ip: ip.into(),
            host_port: Some(hp),
        }
    }

    #[test]
    fn ports_on_all_interfaces_deduplicated() {
        let mut w = docker();
        w.ports = vec![
            port("0.0.0.0", 8080, 80),
            port("::", 8080, 80),
            port("127.0.0.1", 9090, 90),
        ];
        let hits = (PORT_ALL_INTERFACES.check)(&w);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].evidence, "0.0.0.0:8080->80/tcp");
        assert_eq!(hits[0].subject.as_deref(), Some("8080:80/tcp"));
    }

    #[test]
    fn loopback_ports_and_exposed_only_are_quiet() {
        let mut w = docker();
        w.ports = vec![port("127.0.0.1", 8080, 80)];
        w.ports.push(PortBinding {
            container_port: 443,
            protocol: "tcp".into(),
            host_ip: String::new(),
            host_port: None,
        });
        assert!(fired(&w).is_empty());
    }

    #[test]
    fn privileged_ports() {
        let mut w = docker();
        w.ports = vec![port("127.0.0.1", 80, 8080), port("127.0.0.1", 1024, 1)];
        assert_eq!(fired(&w), vec!["privileged-port".to_owned()]);
        assert_eq!((PRIVILEGED_PORT.check)(&w).len(), 1);
    }

    #[test]
    fn healthcheck() {
        let mut w = docker();
        w.healthcheck = None;
        assert_eq!(fired(&w), vec!["no-healthcheck".to_owned()]);
    }

    #[test]
    fn restart_policies() {
        for (name, max, fires) in [
            ("always", 0, true),
            ("unless-stopped", 0, true),
            ("on-failure", 0, true),
            ("on-failure", 6, true),
            ("on-failure", 5, false),
            ("no", 0, false),
            ("", 0, false),
        ] {
            let mut w = docker();
            w.restart_policy = RestartPolicy {
                name: name.into(),
                maximum_retry_count: max,
            };
            assert_eq!(
                !(RESTART_POLICY.check)(&w).is_empty(),
                fires,
                "{name}:{max}"
            );
        }
    }

    #[test]
    fn secret_env_names_by_name_only() {
        let mut w = docker();
        w.env_names = vec!["PATH".into(), "DB_PASSWORD_FILE".into(), "HOME".into()];
        assert!((ENV_SECRET.check)(&w).is_empty());
        w.env_names.push("API_TOKEN".into());
        w.env_names.push("aws_secret_access_key".into());
        let hits = (ENV_SECRET.check)(&w);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].evidence,
            "variables named API_TOKEN, aws_secret_access_key"
        );
    }
}

#[cfg(test)]
mod pod_tests {
    use super::super::test_support::{kube, pod};
    use super::*;

    #[test]
    fn secret_refs_are_low_literals_medium() {
        let mut w = pod();
        w.env_names = vec!["DB_PASSWORD".into(), "API_TOKEN".into(), "LOG_LEVEL".into()];
        kube(&mut w).env_from_secrets = vec!["DB_PASSWORD".into()];
        let hits = (ENV_SECRET.check)(&w);
        let got: Vec<(Severity, &str)> = hits
            .iter()
            .map(|h| (h.severity, h.evidence.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Severity::Medium, "variables named API_TOKEN"),
                (
                    Severity::Low,
                    "Secret values passed as environment variables: DB_PASSWORD"
                ),
            ]
        );
    }
}
