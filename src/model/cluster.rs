//! What a Kubernetes context says about the cluster as a whole: the facts cluster-level rules
//! (network policies, RBAC, kubeconfig transport, version) are checked against.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClusterFacts {
    pub context: String,
    /// `gitVersion` from `/version`, e.g. `v1.29.4`.
    pub server_version: Option<String>,
    pub kubeconfig: KubeconfigFacts,
    /// Namespaces and how many NetworkPolicies each has. `None` when they could not be read.
    pub namespaces: Option<Vec<NamespaceFacts>>,
    /// RoleBindings and ClusterRoleBindings. `None` when they could not be read.
    pub bindings: Option<Vec<BindingFacts>>,
    /// Roles and ClusterRoles. `None` when they could not be read.
    pub roles: Option<Vec<RoleFacts>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct KubeconfigFacts {
    pub server: String,
    pub insecure_skip_tls_verify: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamespaceFacts {
    pub name: String,
    pub network_policies: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindingFacts {
    /// `ClusterRoleBinding` or `RoleBinding`.
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub role_kind: String,
    pub role_name: String,
    pub subjects: Vec<SubjectFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectFacts {
    /// `User`, `Group` or `ServiceAccount`.
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
}

impl SubjectFacts {
    /// `ServiceAccount ci/deployer`, `Group system:authenticated`.
    pub fn describe(&self) -> String {
        match &self.namespace {
            Some(ns) if self.kind == "ServiceAccount" => {
                format!("{} {ns}/{}", self.kind, self.name)
            }
            _ => format!("{} {}", self.kind, self.name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleFacts {
    /// `ClusterRole` or `Role`.
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub rules: Vec<PolicyRuleFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRuleFacts {
    pub verbs: Vec<String>,
    pub resources: Vec<String>,
    pub api_groups: Vec<String>,
}
