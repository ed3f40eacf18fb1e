//! The kubeconfig's connection to the cluster: TLS verification off, or plain HTTP.

use super::{ClusterHit, ClusterRule, Scope};
use crate::model::Severity;
use crate::rules::net::is_loopback;

pub static KUBECONFIG_INSECURE: ClusterRule = ClusterRule {
    id: "kubeconfig-insecure",
    title: "Kubeconfig talks to the API server insecurely",
    severity: Severity::Critical,
    risk: "Without TLS verification anyone on the path can impersonate the API server and \
           collect your token; over plain HTTP the token and every Secret you read cross the \
           network in clear text.",
    fix: "Use the https:// endpoint with the cluster's CA and remove insecure-skip-tls-verify:\n\n\
          clusters:\n  - name: <cluster>\n    cluster:\n      server: https://<api-server>:6443\n      \
          certificate-authority-data: <base64 CA>\n\n\
          or: kubectl config set-cluster <cluster> --server=https://<api-server>:6443 \
          --certificate-authority=ca.crt --embed-certs",
    references: &["Kubernetes docs: Controlling Access to the Kubernetes API (transport security)"],
    check: |facts, _| {
        let k = &facts.kubeconfig;
        let target = format!("context/{}", facts.context);
        let mut hits = Vec::new();
        if k.server.starts_with("http://") {
            let severity = if is_loopback(&k.server) {
                Severity::High
            } else {
                Severity::Critical
            };
            hits.push(ClusterHit {
                severity,
                evidence: format!("context {} uses plain HTTP: {}", facts.context, k.server),
                scope: Scope::Cluster,
                target: target.clone(),
            });
        } else if k.insecure_skip_tls_verify {
            hits.push(ClusterHit {
                severity: Severity::High,
                evidence: format!(
                    "context {} sets insecure-skip-tls-verify for {}",
                    facts.context, k.server
                ),
                scope: Scope::Cluster,
                target,
            });
        }
        hits
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{tidy, today};
    use super::*;

    #[test]
    fn plain_http_and_skip_verify() {
        let mut facts = tidy();
        facts.kubeconfig.server = "http://10.0.0.1:8080".into();
        assert_eq!(
            (KUBECONFIG_INSECURE.check)(&facts, today())[0].severity,
            Severity::Critical
        );
        facts.kubeconfig.server = "http://127.0.0.1:8001".into();
        assert_eq!(
            (KUBECONFIG_INSECURE.check)(&facts, today())[0].severity,
            Severity::High
        );
        facts.kubeconfig.server = "https://10.0.0.1:6443".into();
        facts.kubeconfig.insecure_skip_tls_verify = true;
        let hits = (KUBECONFIG_INSECURE.check)(&facts, today());
        assert!(hits[0].evidence.contains("insecure-skip-tls-verify"));
        assert_eq!(hits[0].target, "context/lab");
    }

    #[test]
    fn verified_tls_is_quiet() {
        assert!((KUBECONFIG_INSECURE.check)(&tidy(), today()).is_empty());
    }
}
