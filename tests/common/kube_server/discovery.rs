//! The discovery documents: /version, /api, /api/v1, /apis, /apis/GROUP and
//! /apis/GROUP/VERSION, in the legacy (unaggregated) JSON form. A client that asks for
//! aggregated discovery (apidiscovery.k8s.io/v2) gets this form, as from an older server, and
//! falls back to reading the group/versions one by one.

use super::catalog::{self, METRICS_GROUP, ResourceType};
use serde_json::{Value, json};

/// What /version says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVersion {
    pub git_version: String,
    pub major: String,
    /// Managed clusters say e.g. "29+".
    pub minor: String,
}

impl ServerVersion {
    /// "v1.29.4" (or "v1.29.4-gke.1043002"); major and minor are read from it.
    pub fn new(git_version: &str) -> Self {
        let numbers = git_version.trim_start_matches('v');
        let mut parts = numbers.split(['.', '-', '+']);
        let major = parts.next().unwrap_or_default().to_owned();
        let minor = parts.next().unwrap_or_default().to_owned();
        Self {
            git_version: git_version.to_owned(),
            major,
            minor,
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "major": self.major,
            "minor": self.minor,
            "gitVersion": self.git_version,
            "gitCommit": "55019c83b0fd51ef4ced8c29eec2c4847f896e74",
            "gitTreeState": "clean",
            "buildDate": "2024-04-16T15:07:15Z",
            "goVersion": "go1.21.9",
            "compiler": "gc",
            "platform": "linux/amd64",
        })
    }
}

/// Whether a group is served now (the metrics group comes and goes).
fn served(group: &str, metrics: bool) -> bool {
    group != METRICS_GROUP || metrics
}

/// /api
pub fn core_versions(server_address: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [
            { "clientCIDR": "0.0.0.0/0", "serverAddress": server_address }
        ],
    })
}

fn group_json(group: &str, version: &str) -> Value {
    let gv = json!({ "groupVersion": format!("{group}/{version}"), "version": version });
    json!({ "name": group, "versions": [gv], "preferredVersion": gv })
}

/// /apis
pub fn groups(metrics: bool) -> Value {
    let groups: Vec<Value> = catalog::group_versions()
        .into_iter()
        .filter(|(group, _)| !group.is_empty() && served(group, metrics))
        .map(|(group, version)| group_json(group, version))
        .collect();
    json!({ "kind": "APIGroupList", "apiVersion": "v1", "groups": groups })
}

/// /apis/GROUP
pub fn group(name: &str, metrics: bool) -> Option<Value> {
    let (group, version) = catalog::group_versions()
        .into_iter()
        .find(|(group, _)| !group.is_empty() && *group == name && served(group, metrics))?;
    let mut doc = group_json(group, version);
    doc["kind"] = json!("APIGroup");
    doc["apiVersion"] = json!("v1");
    Some(doc)
}

fn resource_json(r: &ResourceType) -> Value {
    let mut doc = json!({
        "name": r.plural,
        "singularName": r.singular,
        "namespaced": r.namespaced,
        "kind": r.kind,
        "verbs": r.verbs,
    });
    if !r.short_names.is_empty() {
        doc["shortNames"] = json!(r.short_names);
    }
    if !r.categories.is_empty() {
        doc["categories"] = json!(r.categories);
    }
    doc
}

/// /api/v1 or /apis/GROUP/VERSION
pub fn resources(group: &str, version: &str, metrics: bool) -> Option<Value> {
    if !served(group, metrics) {
        return None;
    }
    let resources: Vec<Value> = catalog::RESOURCES
        .iter()
        .filter(|r| r.group == group && r.version == version)
        .map(resource_json)
        .collect();
    if resources.is_empty() {
        return None;
    }
    let group_version = if group.is_empty() {
        version.to_owned()
    } else {
        format!("{group}/{version}")
    };
    let mut doc = json!({
        "kind": "APIResourceList",
        "groupVersion": group_version,
        "resources": resources,
    });
    // The real /api/v1 has no apiVersion; the group ones do.
    if !group.is_empty() {
        doc["apiVersion"] = json!("v1");
    }
    Some(doc)
}
