//! Resolving a pod's owner to the controller an operator knows: ReplicaSet -> Deployment and
//! Job -> CronJob, through the ownerReferences of the ReplicaSets and Jobs.

use crate::model::kube::Owner;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use std::collections::HashMap;

/// (namespace, kind, name) of a ReplicaSet or Job -> its own controller.
#[derive(Debug, Clone, Default)]
pub struct OwnerIndex {
    parents: HashMap<(String, String, String), Owner>,
}

impl OwnerIndex {
    /// Adds ReplicaSets' or Jobs' metadata (`kind` is "ReplicaSet" or "Job").
    pub fn add(&mut self, kind: &str, metas: impl IntoIterator<Item = ObjectMeta>) {
        for meta in metas {
            let (Some(ns), Some(name)) = (meta.namespace.clone(), meta.name.clone()) else {
                continue;
            };
            if let Some(parent) = controller(meta.owner_references.as_ref()) {
                self.parents.insert(
                    (ns, kind.to_owned(), name),
                    Owner {
                        kind: parent.kind.clone(),
                        name: parent.name.clone(),
                    },
                );
            }
        }
    }

    /// The controller of a pod, one level up where the index knows the intermediate object.
    pub fn resolve(&self, pod: &ObjectMeta) -> Option<Owner> {
        let direct = controller(pod.owner_references.as_ref())?;
        let hash = pod.labels.as_ref().and_then(|l| l.get(TEMPLATE_HASH));
        Some(self.resolve_direct(
            pod.namespace.as_deref().unwrap_or_default(),
            &direct.kind,
            &direct.name,
            hash.map(String::as_str),
        ))
    }

    /// The controller of a pod in `namespace` whose own controller is `kind`/`name`;
    /// `template_hash` is the pod's `pod-template-hash` label.
    pub fn resolve_direct(
        &self,
        namespace: &str,
        kind: &str,
        name: &str,
        template_hash: Option<&str>,
    ) -> Owner {
        let key = (namespace.to_owned(), kind.to_owned(), name.to_owned());
        if let Some(parent) = self.parents.get(&key) {
            return parent.clone();
        }
        // Without the ReplicaSet (not readable, say), its name still tells the Deployment:
        // `<deployment>-<pod-template-hash>`.
        if kind == "ReplicaSet"
            && let Some(deployment) =
                template_hash.and_then(|h| name.strip_suffix(&format!("-{h}")))
        {
            return Owner {
                kind: "Deployment".to_owned(),
                name: deployment.to_owned(),
            };
        }
        Owner {
            kind: kind.to_owned(),
            name: name.to_owned(),
        }
    }
}

/// The label a ReplicaSet gives its pods; the ReplicaSet's name is the Deployment's name and
/// this hash.
pub const TEMPLATE_HASH: &str = "pod-template-hash";

/// The owner reference that controls an object: the one marked controller, else the first.
pub fn controller(refs: Option<&Vec<OwnerReference>>) -> Option<&OwnerReference> {
    let refs = refs?;
    refs.iter()
        .find(|r| r.controller == Some(true))
        .or_else(|| refs.first())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn owned(ns: &str, name: &str, kind: &str, owner: &str) -> ObjectMeta {
        ObjectMeta {
            namespace: Some(ns.into()),
            name: Some(name.into()),
            owner_references: Some(vec![OwnerReference {
                api_version: "apps/v1".into(),
                kind: kind.into(),
                name: owner.into(),
                uid: "u".into(),
                controller: Some(true),
                block_owner_deletion: None,
            }]),
            ..ObjectMeta::default()
        }
    }

    #[test]
    fn replicaset_and_job_resolve_one_level_up() {
        let mut index = OwnerIndex::default();
        index.add(
            "ReplicaSet",
            [owned("shop", "web-5d8f", "Deployment", "web")],
        );
        index.add("Job", [owned("ops", "backup-2911", "CronJob", "backup")]);
        let pod = owned("shop", "web-5d8f-abc", "ReplicaSet", "web-5d8f");
        assert_eq!(
            index.resolve(&pod).map(|o| (o.kind, o.name)),
            Some(("Deployment".into(), "web".into()))
        );
        let job_pod = owned("ops", "backup-2911-x", "Job", "backup-2911");
        assert_eq!(
            index.resolve(&job_pod).map(|o| o.kind),
            Some("CronJob".into())
        );
        let ds_pod = owned("mon", "exporter-x", "DaemonSet", "exporter");
        assert_eq!(
            index.resolve(&ds_pod).map(|o| o.name),
            Some("exporter".into())
        );
    }

    #[test]
    fn deployment_from_the_template_hash_when_replicasets_are_unknown() {
        let mut pod = owned("shop", "api-6b7c9-q", "ReplicaSet", "api-6b7c9");
        pod.labels = Some(BTreeMap::from([(
            "pod-template-hash".into(),
            "6b7c9".into(),
        )]));
        let owner = OwnerIndex::default().resolve(&pod);
        assert_eq!(
            owner.map(|o| (o.kind, o.name)),
            Some(("Deployment".into(), "api".into()))
        );
    }

    #[test]
    fn bare_pods_have_no_owner() {
        assert!(
            OwnerIndex::default()
                .resolve(&ObjectMeta::default())
                .is_none()
        );
    }
}
