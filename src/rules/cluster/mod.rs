//! Rules about a cluster or a namespace rather than one workload: network-policy coverage,
//! RBAC, the kubeconfig's transport, and whether the server version is still supported.
//!
//! Pure like the workload rules; `today` is an input so the end-of-life rule is testable.

mod kubeconfig;
mod network_policy;
mod rbac;
mod releases;

use crate::model::Finding;
use crate::model::cluster::ClusterFacts;
use jiff::civil::Date;

pub use super::scoped::{Scope, ScopedHit as ClusterHit};
pub type ClusterRule = super::scoped::ScopedRule<ClusterFacts>;

pub static CLUSTER_CATALOG: &[&ClusterRule] = &[
    &rbac::CLUSTER_ADMIN_BINDING,
    &rbac::RBAC_WILDCARD,
    &kubeconfig::KUBECONFIG_INSECURE,
    &releases::KUBERNETES_EOL,
    &network_policy::NO_NETWORK_POLICY,
];

/// Every cluster and namespace finding for one context.
pub fn evaluate(facts: &ClusterFacts, today: Date) -> Vec<Finding> {
    super::scoped::evaluate(CLUSTER_CATALOG, facts, today)
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::model::cluster::{
        BindingFacts, ClusterFacts, KubeconfigFacts, NamespaceFacts, PolicyRuleFacts, RoleFacts,
        SubjectFacts,
    };

    /// A tidy cluster: supported version, TLS, policies everywhere, no risky RBAC.
    pub fn tidy() -> ClusterFacts {
        ClusterFacts {
            context: "lab".into(),
            server_version: Some("v1.35.1".into()),
            kubeconfig: KubeconfigFacts {
                server: "https://10.0.0.1:6443".into(),
                insecure_skip_tls_verify: false,
            },
            namespaces: Some(vec![NamespaceFacts {
                name: "shop".into(),
                network_policies: 2,
            }]),
            bindings: Some(vec![binding(
                "ClusterRoleBinding",
                "cluster-admin",
                "cluster-admin",
                &[("Group", "system:masters")],
            )]),
            roles: Some(vec![RoleFacts {
                kind: "ClusterRole".into(),
                name: "cluster-admin".into(),
                namespace: None,
                rules: vec![rule(&["*"], &["*"])],
            }]),
        }
    }

    pub fn binding(kind: &str, name: &str, role: &str, subjects: &[(&str, &str)]) -> BindingFacts {
        BindingFacts {
            kind: kind.into(),
            name: name.into(),
            namespace: (kind == "RoleBinding").then(|| "shop".into()),
            role_kind: "ClusterRole".into(),
            role_name: role.into(),
            subjects: subjects
                .iter()
                .map(|(k, n)| SubjectFacts {
                    kind: (*k).into(),
                    name: (*n).into(),
                    namespace: (*k == "ServiceAccount").then(|| "ci".into()),
                })
                .collect(),
        }
    }

    pub fn rule(verbs: &[&str], resources: &[&str]) -> PolicyRuleFacts {
        PolicyRuleFacts {
            verbs: verbs.iter().map(|v| (*v).into()).collect(),
            resources: resources.iter().map(|r| (*r).into()).collect(),
            api_groups: vec![String::new()],
        }
    }

    pub fn today() -> jiff::civil::Date {
        jiff::civil::date(2026, 11, 29)
    }

    #[test]
    fn a_tidy_cluster_has_no_findings() {
        assert!(super::evaluate(&tidy(), today()).is_empty());
    }
}
