//! A Pod as read for conversion: parsed without what conversion never reads and an API server
//! sends with every pod, so that it is never built in memory at all. managedFields (often the
//! largest part of a pod) and every annotation but AppArmor's (among them kubectl's
//! last-applied-configuration, the whole manifest again) are skipped while the JSON is read.
//! A page of such pods takes a fraction of the memory and leaves fewer freed holes behind
//! (docs/performance.md). Converting one gives the same workloads as converting the full pod.

use k8s_openapi::api::core::v1::{Pod, PodSpec, PodStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// The only annotations conversion reads: the pre-1.30 AppArmor profiles.
pub const APPARMOR_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

/// A pod with only the metadata conversion and the watcher read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(from = "Wire")]
pub struct LeanPod(pub Pod);

#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    metadata: Meta,
    spec: Option<PodSpec>,
    status: Option<PodStatus>,
}

/// The ObjectMeta fields that are read: identity, labels, AppArmor annotations, owners,
/// creation and deletion times, and the resourceVersion the watcher resumes from.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    name: Option<String>,
    namespace: Option<String>,
    uid: Option<String>,
    resource_version: Option<String>,
    generation: Option<i64>,
    labels: Option<BTreeMap<String, String>>,
    #[serde(default, deserialize_with = "apparmor_only")]
    annotations: Option<BTreeMap<String, String>>,
    owner_references: Option<Vec<OwnerReference>>,
    creation_timestamp: Option<Time>,
    deletion_timestamp: Option<Time>,
}

impl From<Wire> for LeanPod {
    fn from(wire: Wire) -> Self {
        let m = wire.metadata;
        LeanPod(Pod {
            metadata: ObjectMeta {
                name: m.name,
                namespace: m.namespace,
                uid: m.uid,
                resource_version: m.resource_version,
                generation: m.generation,
                labels: m.labels,
                annotations: m.annotations,
                owner_references: m.owner_references,
                creation_timestamp: m.creation_timestamp,
                deletion_timestamp: m.deletion_timestamp,
                ..ObjectMeta::default()
            },
            spec: wire.spec,
            status: wire.status,
        })
    }
}

/// Reads an annotation map keeping only the AppArmor keys; other values are skipped unread.
fn apparmor_only<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    struct Keep;
    impl<'de> Visitor<'de> for Keep {
        type Value = Option<BTreeMap<String, String>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map of annotations or null")
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut kept = BTreeMap::new();
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                if key.starts_with(APPARMOR_ANNOTATION) {
                    kept.insert(key.into_owned(), map.next_value()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(Some(kept))
        }
    }
    deserializer.deserialize_option(Keep)
}

impl kube::Resource for LeanPod {
    type DynamicType = ();
    type Scope = k8s_openapi::NamespaceResourceScope;

    fn kind(_: &()) -> Cow<'_, str> {
        <Pod as kube::Resource>::kind(&())
    }
    fn group(_: &()) -> Cow<'_, str> {
        <Pod as kube::Resource>::group(&())
    }
    fn version(_: &()) -> Cow<'_, str> {
        <Pod as kube::Resource>::version(&())
    }
    fn plural(_: &()) -> Cow<'_, str> {
        <Pod as kube::Resource>::plural(&())
    }
    fn meta(&self) -> &ObjectMeta {
        &self.0.metadata
    }
    fn meta_mut(&mut self) -> &mut ObjectMeta {
        &mut self.0.metadata
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::kube::convert::{Lookups, pod_workloads};
    use crate::sources::kube::owners::OwnerIndex;
    use std::collections::HashMap;

    fn fixture_pods() -> Vec<serde_json::Value> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/kube/cluster.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let objects: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
        objects.into_iter().filter(|o| o["kind"] == "Pod").collect()
    }

    #[test]
    fn lean_pods_convert_the_same() {
        let owners = OwnerIndex::default();
        let service_accounts = HashMap::new();
        let lookups = Lookups {
            context: "lab",
            owners: &owners,
            service_accounts: &service_accounts,
        };
        let pods = fixture_pods();
        assert!(pods.len() > 10, "the demo cluster's pods: {}", pods.len());
        for mut json in pods {
            // What a real API server adds besides.
            json["metadata"]["managedFields"] =
                serde_json::json!([{"manager": "kubelet", "fieldsV1": {"f:status": {}}}]);
            json["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] =
                serde_json::json!("{\"kind\":\"Pod\"}");
            let full: Pod = serde_json::from_value(json.clone()).unwrap();
            let lean: LeanPod = serde_json::from_value(json).unwrap();
            assert!(lean.0.metadata.managed_fields.is_none());
            assert!(
                lean.0
                    .metadata
                    .annotations
                    .iter()
                    .flatten()
                    .all(|(k, _)| k.starts_with(APPARMOR_ANNOTATION))
            );
            assert_eq!(
                pod_workloads(&lean.0, &lookups),
                pod_workloads(&full, &lookups),
                "{:?}",
                full.metadata.name
            );
        }
    }

    #[test]
    fn keeps_apparmor_annotations_and_reads_null_ones() {
        let pod: LeanPod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "p", "resourceVersion": "7", "annotations": {
                "container.apparmor.security.beta.kubernetes.io/app": "unconfined",
                "prometheus.io/scrape": "true"
            }}
        }))
        .unwrap();
        let kept: Vec<&String> = pod
            .0
            .metadata
            .annotations
            .iter()
            .flatten()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(kept, [&format!("{APPARMOR_ANNOTATION}app")]);
        assert_eq!(
            kube::ResourceExt::resource_version(&pod).as_deref(),
            Some("7")
        );
        let bare: LeanPod =
            serde_json::from_value(serde_json::json!({"metadata": {"annotations": null}})).unwrap();
        assert_eq!(bare.0.metadata.annotations, None);
        assert_eq!(<LeanPod as kube::Resource>::plural(&()), "pods");
    }
}
