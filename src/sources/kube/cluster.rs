//! Gathering the facts cluster rules need: namespaces and their NetworkPolicies, RBAC, and
//! the lookups pod conversion needs (ReplicaSet/Job owners, ServiceAccount automount).
//! Whatever may not be read is left unknown and noted, never guessed.

use super::api::{self, ReadError, Scope};
use super::owners::OwnerIndex;
use crate::model::cluster::{
    BindingFacts, ClusterFacts, NamespaceFacts, PolicyRuleFacts, RoleFacts, SubjectFacts,
};
use crate::model::text::clean;
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject,
};
use kube::Client;
use std::collections::HashMap;

/// Everything gathered in one pass, plus what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub facts: ClusterFacts,
    pub owners: OwnerIndex,
    pub service_accounts: HashMap<(String, String), bool>,
    /// "forbidden: clusterrolebindings", one line per resource that could not be read.
    pub notes: Vec<String>,
}

/// Reads one resource; a refusal becomes a note and `None`.
fn note<T>(notes: &mut Vec<String>, what: &str, result: Result<T, ReadError>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(ReadError::Forbidden(_)) => {
            notes.push(format!("forbidden: {what}"));
            None
        }
        Err(e) => {
            notes.push(format!("{what}: {e}"));
            None
        }
    }
}

pub async fn gather(client: &Client, scope: &Scope, facts: ClusterFacts) -> Gathered {
    let mut g = Gathered {
        facts,
        ..Gathered::default()
    };
    let notes = &mut g.notes;
    let policies = note(
        notes,
        "networkpolicies",
        api::list::<NetworkPolicy>(client, scope).await,
    );
    let namespaces: Option<Vec<String>> = match scope {
        Scope::All => note(
            notes,
            "namespaces",
            api::list_cluster::<Namespace>(client).await,
        )
        .map(|list| list.into_iter().filter_map(|n| n.metadata.name).collect()),
        Scope::Namespace(ns) => Some(vec![ns.clone()]),
    };
    g.facts.namespaces = match (namespaces, policies) {
        (Some(names), Some(policies)) => Some(
            names
                .into_iter()
                .map(|name| NamespaceFacts {
                    network_policies: policies
                        .iter()
                        .filter(|p| p.metadata.namespace.as_deref() == Some(&name))
                        .count(),
                    name: clean(&name),
                })
                .collect(),
        ),
        _ => None,
    };
    g.facts.bindings = bindings(client, scope, notes).await;
    g.facts.roles = roles(client, scope, notes).await;
    if let Some(sets) = note(
        notes,
        "replicasets",
        api::list::<ReplicaSet>(client, scope).await,
    ) {
        g.owners
            .add("ReplicaSet", sets.into_iter().map(|r| r.metadata));
    }
    if let Some(jobs) = note(notes, "jobs", api::list::<Job>(client, scope).await) {
        g.owners.add("Job", jobs.into_iter().map(|j| j.metadata));
    }
    if let Some(accounts) = note(
        notes,
        "serviceaccounts",
        api::list::<ServiceAccount>(client, scope).await,
    ) {
        g.service_accounts = accounts
            .into_iter()
            .filter_map(|sa| {
                let automount = sa.automount_service_account_token?;
                Some(((sa.metadata.namespace?, sa.metadata.name?), automount))
            })
            .collect();
    }
    g
}

async fn bindings(
    client: &Client,
    scope: &Scope,
    notes: &mut Vec<String>,
) -> Option<Vec<BindingFacts>> {
    let namespaced = note(
        notes,
        "rolebindings",
        api::list::<RoleBinding>(client, scope).await,
    )?;
    let mut out: Vec<BindingFacts> = namespaced
        .into_iter()
        .map(|b| {
            binding(
                "RoleBinding",
                b.metadata.name,
                b.metadata.namespace,
                &b.role_ref,
                b.subjects,
            )
        })
        .collect();
    // Cluster-wide bindings matter even when only one namespace is shown; a refusal is noted.
    if let Some(cluster) = note(
        notes,
        "clusterrolebindings",
        api::list_cluster::<ClusterRoleBinding>(client).await,
    ) {
        out.extend(cluster.into_iter().map(|b| {
            binding(
                "ClusterRoleBinding",
                b.metadata.name,
                None,
                &b.role_ref,
                b.subjects,
            )
        }));
    }
    Some(out)
}

fn binding(
    kind: &str,
    name: Option<String>,
    namespace: Option<String>,
    role: &k8s_openapi::api::rbac::v1::RoleRef,
    subjects: Option<Vec<Subject>>,
) -> BindingFacts {
    BindingFacts {
        kind: kind.to_owned(),
        name: clean(&name.unwrap_or_default()),
        namespace: namespace.as_deref().map(clean),
        role_kind: clean(&role.kind),
        role_name: clean(&role.name),
        subjects: subjects
            .into_iter()
            .flatten()
            .map(|s| SubjectFacts {
                kind: clean(&s.kind),
                name: clean(&s.name),
                namespace: s.namespace.as_deref().map(clean),
            })
            .collect(),
    }
}

async fn roles(client: &Client, scope: &Scope, notes: &mut Vec<String>) -> Option<Vec<RoleFacts>> {
    let namespaced = note(notes, "roles", api::list::<Role>(client, scope).await)?;
    let mut out: Vec<RoleFacts> = namespaced
        .into_iter()
        .map(|r| role("Role", r.metadata.name, r.metadata.namespace, r.rules))
        .collect();
    if *scope == Scope::All {
        let cluster = note(
            notes,
            "clusterroles",
            api::list_cluster::<ClusterRole>(client).await,
        )?;
        out.extend(
            cluster
                .into_iter()
                .map(|r| role("ClusterRole", r.metadata.name, None, r.rules)),
        );
    }
    Some(out)
}

fn role(
    kind: &str,
    name: Option<String>,
    namespace: Option<String>,
    rules: Option<Vec<PolicyRule>>,
) -> RoleFacts {
    let strings = |v: Option<Vec<String>>| v.unwrap_or_default().iter().map(|s| clean(s)).collect();
    RoleFacts {
        kind: kind.to_owned(),
        name: clean(&name.unwrap_or_default()),
        namespace: namespace.as_deref().map(clean),
        rules: rules
            .into_iter()
            .flatten()
            .map(|r| PolicyRuleFacts {
                verbs: strings(Some(r.verbs)),
                resources: strings(r.resources),
                api_groups: strings(r.api_groups),
            })
            .collect(),
    }
}
