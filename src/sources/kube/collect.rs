//! One snapshot of a Kubernetes context for `shipshape report`: pods (falling back to the
//! context's namespace when cluster scope is forbidden), cluster facts, one metrics reading.

use super::KubeSettings;
use super::api;
use super::cluster;
use super::connect::{self, display_server};
use super::convert::{self, Lookups};
use super::kubeconfig::{self, KubeConfigSource};
use super::lean::LeanPod;
use super::metrics;
use crate::model::cluster::ClusterFacts;
use crate::model::{SourceInfo, SourceKind, SourceStatus, Workload};

pub struct Collected {
    pub info: SourceInfo,
    pub workloads: Vec<Workload>,
    pub facts: Option<ClusterFacts>,
}

fn failed(context: &str, server: &str, error: String) -> Collected {
    let mut info = SourceInfo::new(SourceKind::Kubernetes, context, display_server(server));
    info.status = SourceStatus::Error;
    info.error = Some(crate::model::text::clean(&error));
    Collected {
        info,
        workloads: Vec::new(),
        facts: None,
    }
}

/// `None` when there is no Kubernetes configuration at all and no context was asked for.
pub async fn collect_once(settings: &KubeSettings) -> Option<Collected> {
    let env = |k: &str| std::env::var(k).ok();
    let wanted = settings.context.as_deref();
    let source = match kubeconfig::load(settings.kubeconfig.as_deref(), &env) {
        Ok(Some(source)) => source,
        Ok(None) => {
            let name = wanted?;
            return Some(failed(
                name,
                "",
                "no kubeconfig found (--kubeconfig, KUBECONFIG, ~/.kube/config) for --kube-context"
                    .to_owned(),
            ));
        }
        Err(e) => return Some(failed(wanted.unwrap_or("kubeconfig"), "", e.to_string())),
    };
    Some(collect_context(&source, settings).await)
}

pub async fn collect_context(source: &KubeConfigSource, settings: &KubeSettings) -> Collected {
    let entry = match source.pick(settings.context.as_deref()) {
        Ok(entry) => entry,
        Err(e) => {
            return failed(
                settings.context.as_deref().unwrap_or("kubeconfig"),
                "",
                e.to_string(),
            );
        }
    };
    let connected = match connect::connect(source, &entry).await {
        Ok(c) => c,
        Err(e) => return failed(&entry.name, &entry.server, e),
    };
    let client = &connected.client;
    let (scope, scope_note) = match api::decide_scope(
        client,
        settings.namespace.as_deref(),
        &connected.default_namespace,
    )
    .await
    {
        Ok(decided) => decided,
        Err(e) => return failed(&entry.name, &entry.server, format!("listing pods: {e}")),
    };
    // Facts first: converting needs the owners and ServiceAccounts, and each page of pods is
    // converted as it arrives, so the pods of a large cluster are never all in memory.
    let gathered = cluster::gather(
        client,
        &scope,
        connect::base_facts(&entry, Some(&connected.version)),
    )
    .await;
    let usage = metrics::pod_usage(client, &scope).await;
    let lookups = Lookups {
        context: &entry.name,
        owners: &gathered.owners,
        service_accounts: &gathered.service_accounts,
    };
    let mut workloads: Vec<Workload> = Vec::new();
    let listed = api::list_pages::<LeanPod>(client, &scope, |pods| {
        for pod in &pods {
            let mut list = convert::pod_workloads(&pod.0, &lookups);
            if let Some(usage) = &usage {
                super::with_usage(&mut list, usage);
            }
            workloads.append(&mut list);
        }
    })
    .await;
    if let Err(e) = listed {
        return failed(&entry.name, &entry.server, format!("listing pods: {e}"));
    }
    let mut info = SourceInfo::new(
        SourceKind::Kubernetes,
        &entry.name,
        display_server(&entry.server),
    );
    info.status = SourceStatus::Ok;
    info.version = Some(connected.version.clone());
    info.namespace = scope.namespace().map(str::to_owned);
    let notes: Vec<String> = scope_note
        .into_iter()
        .chain(gathered.notes.iter().cloned())
        .collect();
    info.error = (!notes.is_empty()).then(|| notes.join("; "));
    Collected {
        info,
        workloads,
        facts: Some(gathered.facts),
    }
}
