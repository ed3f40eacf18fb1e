//! RBAC: cluster-admin handed to service accounts or broad groups, and roles with wildcards.

use super::{ClusterHit, ClusterRule, Scope};
use crate::model::Severity;
use crate::model::cluster::{BindingFacts, RoleFacts, SubjectFacts};

/// Subjects whose holders are anyone, or any workload: cluster-admin there is critical.
fn is_broad(s: &SubjectFacts) -> bool {
    match s.kind.as_str() {
        "ServiceAccount" => true,
        "Group" => {
            s.name.starts_with("system:serviceaccounts")
                || matches!(
                    s.name.as_str(),
                    "system:authenticated" | "system:unauthenticated"
                )
        }
        "User" => s.name == "system:anonymous",
        _ => false,
    }
}

/// The built-in binding of cluster-admin to system:masters is how clusters bootstrap.
fn is_builtin(b: &BindingFacts) -> bool {
    b.name == "cluster-admin"
        && b.subjects
            .iter()
            .all(|s| s.kind == "Group" && s.name == "system:masters")
}

fn target(b: &BindingFacts) -> (Scope, String) {
    match &b.namespace {
        Some(ns) => (Scope::Namespace, format!("{ns}/rolebinding/{}", b.name)),
        None => (Scope::Cluster, format!("clusterrolebinding/{}", b.name)),
    }
}

pub static CLUSTER_ADMIN_BINDING: ClusterRule = ClusterRule {
    id: "cluster-admin-binding",
    title: "cluster-admin granted",
    severity: Severity::Critical,
    risk: "cluster-admin can do anything to any object, Secrets included. Bound to a service \
           account, any pod using it owns the cluster; bound to system:authenticated, so does \
           every user.",
    fix: "Bind a role with only the verbs and resources needed, in the namespaces needed, and \
          delete the cluster-admin binding:\n\n  kubectl delete clusterrolebinding <name>\n\n\
          apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n\
          metadata:\n  name: deployer\n  namespace: <namespace>\n\
          roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\n\
          subjects:\n  - kind: ServiceAccount\n    name: deployer\n    namespace: <namespace>",
    references: &[
        "CIS Kubernetes 1.12 5.1.1",
        "Polaris clusterrolebindingClusterAdmin",
    ],
    check: |facts, _| {
        facts
            .bindings
            .iter()
            .flatten()
            .filter(|b| b.role_kind == "ClusterRole" && b.role_name == "cluster-admin")
            .filter(|b| !is_builtin(b))
            .map(|b| {
                let broad = b.subjects.iter().any(is_broad);
                let subjects: Vec<String> = b.subjects.iter().map(SubjectFacts::describe).collect();
                let (scope, target) = target(b);
                ClusterHit {
                    severity: if broad {
                        Severity::Critical
                    } else {
                        Severity::High
                    },
                    evidence: format!(
                        "{} {} gives cluster-admin to {}",
                        b.kind,
                        b.name,
                        subjects.join(", ")
                    ),
                    scope,
                    target,
                }
            })
            .collect()
    },
};

fn wildcard(values: &[String]) -> bool {
    values.iter().any(|v| v == "*")
}

pub static RBAC_WILDCARD: ClusterRule = ClusterRule {
    id: "rbac-wildcard",
    title: "Role with wildcard permissions",
    severity: Severity::Critical,
    risk: "A `*` grants every verb or every resource, including ones added later (Secrets, \
           escalate, impersonate): whoever is bound to it can take over its scope.",
    fix: "List the verbs, resources and API groups explicitly:\n\n\
          rules:\n  - apiGroups: [\"apps\"]\n    resources: [\"deployments\"]\n    \
          verbs: [\"get\", \"list\", \"watch\", \"update\"]",
    references: &["CIS Kubernetes 1.12 5.1.3"],
    check: |facts, _| {
        facts
            .roles
            .iter()
            .flatten()
            .filter(|r| r.name != "cluster-admin" && !r.name.starts_with("system:"))
            .filter_map(role_hit)
            .collect()
    },
};

fn role_hit(role: &RoleFacts) -> Option<ClusterHit> {
    let mut worst: Option<Severity> = None;
    let mut what = Vec::new();
    for rule in &role.rules {
        let (verbs, resources, groups) = (
            wildcard(&rule.verbs),
            wildcard(&rule.resources),
            wildcard(&rule.api_groups),
        );
        if !(verbs || resources || groups) {
            continue;
        }
        let severity = if verbs && resources {
            Severity::Critical
        } else {
            Severity::High
        };
        worst = worst.max(Some(severity));
        what.push(format!(
            "verbs {:?} on resources {:?} in apiGroups {:?}",
            rule.verbs, rule.resources, rule.api_groups
        ));
    }
    let severity = worst?;
    let (scope, target) = match &role.namespace {
        Some(ns) => (Scope::Namespace, format!("{ns}/role/{}", role.name)),
        None => (Scope::Cluster, format!("clusterrole/{}", role.name)),
    };
    Some(ClusterHit {
        severity,
        evidence: format!("{} {} allows {}", role.kind, role.name, what.join("; ")),
        scope,
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{binding, rule, tidy, today};
    use super::*;

    #[test]
    fn cluster_admin_to_service_account_or_broad_group_is_critical() {
        let mut facts = tidy();
        let bindings = facts.bindings.get_or_insert_with(Vec::new);
        bindings.push(binding(
            "ClusterRoleBinding",
            "ci-admin",
            "cluster-admin",
            &[("ServiceAccount", "deployer")],
        ));
        bindings.push(binding(
            "ClusterRoleBinding",
            "all-admins",
            "cluster-admin",
            &[("Group", "system:authenticated")],
        ));
        bindings.push(binding(
            "ClusterRoleBinding",
            "alice-admin",
            "cluster-admin",
            &[("User", "alice")],
        ));
        bindings.push(binding(
            "RoleBinding",
            "ns-admin",
            "cluster-admin",
            &[("User", "bob")],
        ));
        bindings.push(binding(
            "ClusterRoleBinding",
            "discovery",
            "system:discovery",
            &[("Group", "system:authenticated")],
        ));
        let hits = (CLUSTER_ADMIN_BINDING.check)(&facts, today());
        let got: Vec<(&str, Severity)> = hits
            .iter()
            .map(|h| (h.target.as_str(), h.severity))
            .collect();
        assert_eq!(
            got,
            vec![
                ("clusterrolebinding/ci-admin", Severity::Critical),
                ("clusterrolebinding/all-admins", Severity::Critical),
                ("clusterrolebinding/alice-admin", Severity::High),
                ("shop/rolebinding/ns-admin", Severity::High),
            ]
        );
        assert!(
            hits[0].evidence.contains("ServiceAccount ci/deployer"),
            "{}",
            hits[0].evidence
        );
        assert_eq!(hits[3].scope, Scope::Namespace);
    }

    #[test]
    fn the_builtin_masters_binding_is_quiet() {
        assert!((CLUSTER_ADMIN_BINDING.check)(&tidy(), today()).is_empty());
    }

    #[test]
    fn wildcards_rated_and_builtin_roles_skipped() {
        let mut facts = tidy();
        let roles = facts.roles.get_or_insert_with(Vec::new);
        roles.push(RoleFacts {
            kind: "Role".into(),
            name: "god".into(),
            namespace: Some("shop".into()),
            rules: vec![rule(&["*"], &["*"])],
        });
        roles.push(RoleFacts {
            kind: "ClusterRole".into(),
            name: "reader-ish".into(),
            namespace: None,
            rules: vec![rule(&["get", "list"], &["*"]), rule(&["get"], &["pods"])],
        });
        roles.push(RoleFacts {
            kind: "ClusterRole".into(),
            name: "system:controller:foo".into(),
            namespace: None,
            rules: vec![rule(&["*"], &["*"])],
        });
        let hits = (RBAC_WILDCARD.check)(&facts, today());
        let got: Vec<(&str, Severity)> = hits
            .iter()
            .map(|h| (h.target.as_str(), h.severity))
            .collect();
        assert_eq!(
            got,
            vec![
                ("shop/role/god", Severity::Critical),
                ("clusterrole/reader-ish", Severity::High)
            ]
        );
    }
}
