//! The Kubernetes session's pods: each pod's converted workloads and the links to apply again
//! when the owner and ServiceAccount lookups change, fed by the watcher's events. Never the
//! pods themselves (at 10,000 containers a store of `Pod`s was most of the dashboard's memory).

use super::convert::{self, Lookups, PodLinks};
use super::lean::LeanPod;
use crate::model::Workload;
use k8s_openapi::api::core::v1::Pod;
use kube::runtime::watcher;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// (namespace, name): how the API server tells pods apart, and how a reflector store keys them.
type PodKey = (String, String);

/// One pod as the session keeps it: its workloads, and what to apply again when the lookups
/// change. Never the pod itself.
struct PodEntry {
    links: PodLinks,
    /// Shared with the inventory the UI holds: one copy between them.
    workloads: Vec<Arc<Workload>>,
}

/// The converted workloads of every pod the watch has seen, fed by the watcher's events.
#[derive(Default)]
pub(super) struct PodTable {
    pods: BTreeMap<PodKey, PodEntry>,
    /// While the watcher lists pods anew (`Init` .. `InitDone`): the pods listed so far. Those
    /// not listed by `InitDone` are gone.
    listed: Option<HashSet<PodKey>>,
}

impl PodTable {
    /// Takes one watcher event. True when the inventory changed (complete lists only).
    pub(super) fn apply(&mut self, event: watcher::Event<LeanPod>, lookups: &Lookups<'_>) -> bool {
        match event {
            watcher::Event::Init => {
                self.listed = Some(HashSet::new());
                false
            }
            watcher::Event::InitApply(pod) => {
                if let Some(key) = self.insert(&pod.0, lookups)
                    && let Some(listed) = &mut self.listed
                {
                    listed.insert(key);
                }
                false
            }
            watcher::Event::InitDone => {
                if let Some(listed) = self.listed.take() {
                    self.pods.retain(|key, _| listed.contains(key));
                }
                true
            }
            watcher::Event::Apply(pod) => {
                self.insert(&pod.0, lookups);
                true
            }
            watcher::Event::Delete(pod) => {
                if let Some(key) = key_of(&pod.0) {
                    self.pods.remove(&key);
                }
                true
            }
        }
    }

    fn insert(&mut self, pod: &Pod, lookups: &Lookups<'_>) -> Option<PodKey> {
        let key = key_of(pod)?;
        let entry = PodEntry {
            links: PodLinks::of(pod),
            workloads: convert::pod_workloads(pod, lookups)
                .into_iter()
                .map(Arc::new)
                .collect(),
        };
        self.pods.insert(key.clone(), entry);
        Some(key)
    }

    pub(super) fn relisting(&self) -> bool {
        self.listed.is_some()
    }

    /// Applies new owner and ServiceAccount lookups to every pod's workloads.
    pub(super) fn relink(&mut self, lookups: &Lookups<'_>) {
        for entry in self.pods.values_mut() {
            entry.links.apply(&mut entry.workloads, lookups);
        }
    }

    /// Every workload for the UI: the shared ones, not copies.
    pub(super) fn inventory(&self) -> Vec<Arc<Workload>> {
        let mut all = Vec::with_capacity(self.pods.values().map(|e| e.workloads.len()).sum());
        all.extend(self.pods.values().flat_map(|e| e.workloads.iter().cloned()));
        all
    }

    pub(super) fn workloads(&self) -> impl Iterator<Item = &Workload> {
        self.pods
            .values()
            .flat_map(|entry| entry.workloads.iter().map(|w| &**w))
    }
}

fn key_of(pod: &Pod) -> Option<PodKey> {
    let meta = &pod.metadata;
    Some((
        meta.namespace.clone().unwrap_or_default(),
        meta.name.clone()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{Container, PodSpec};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use std::collections::HashMap;
    use watcher::Event;

    fn pod(ns: &str, name: &str, image: &str) -> LeanPod {
        LeanPod(Pod {
            metadata: ObjectMeta {
                namespace: Some(ns.into()),
                name: Some(name.into()),
                uid: Some(format!("uid-{name}")),
                ..ObjectMeta::default()
            },
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: "app".into(),
                    image: Some(image.into()),
                    ..Container::default()
                }],
                ..PodSpec::default()
            }),
            status: None,
        })
    }

    fn shown(table: &PodTable) -> Vec<(String, String)> {
        table
            .inventory()
            .into_iter()
            .map(|w| (w.pod.clone().unwrap_or_default(), w.image.clone()))
            .collect()
    }

    #[test]
    fn events_keep_one_entry_per_pod_and_a_relist_drops_the_unlisted() {
        let owners = super::super::owners::OwnerIndex::default();
        let accounts = HashMap::new();
        let lookups = Lookups {
            context: "lab",
            owners: &owners,
            service_accounts: &accounts,
        };
        let mut table = PodTable::default();
        assert!(!table.apply(Event::Init, &lookups));
        assert!(table.relisting());
        for name in ["a", "b", "c"] {
            assert!(!table.apply(Event::InitApply(pod("ns", name, "img:1")), &lookups));
        }
        assert!(table.apply(Event::InitDone, &lookups));
        assert!(!table.relisting());
        assert_eq!(shown(&table).len(), 3);
        assert!(table.apply(Event::Apply(pod("ns", "b", "img:2")), &lookups));
        assert!(table.apply(Event::Delete(pod("ns", "c", "img:1")), &lookups));
        assert_eq!(
            shown(&table),
            [("a".into(), "img:1".into()), ("b".into(), "img:2".into())]
        );
        // The watch restarts: "a" is gone meanwhile, "d" is new.
        table.apply(Event::Init, &lookups);
        table.apply(Event::InitApply(pod("ns", "b", "img:3")), &lookups);
        table.apply(Event::InitApply(pod("ns", "d", "img:1")), &lookups);
        assert!(table.relisting());
        assert!(table.apply(Event::InitDone, &lookups));
        assert_eq!(
            shown(&table),
            [("b".into(), "img:3".into()), ("d".into(), "img:1".into())]
        );
        // Same name in another namespace is another pod.
        table.apply(Event::Apply(pod("other", "b", "img:9")), &lookups);
        assert_eq!(table.inventory().len(), 3);
    }
}
