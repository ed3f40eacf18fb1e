//! Sources read engines and clusters and convert what they read into the model.
//!
//! Each source runs as its own task and sends [`SourceEvent`]s: whole inventories (cheap at our
//! scale, and they make applying an update a replace rather than a merge), usage samples, and
//! its status. Engine-specific types (bollard, later k8s-openapi) never leave their module.

pub mod docker;
pub mod host;
pub mod kube;
pub mod node;

use crate::model::cluster::ClusterFacts;
use crate::model::engine::EngineFacts;
use crate::model::host::HostFacts;
use crate::model::runtime::RuntimeFacts;
use crate::model::{SourceInfo, SourceRef, Workload};
use std::collections::HashMap;
use std::sync::Arc;

/// Measured use of one workload.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Usage {
    pub cpu_cores: Option<f64>,
    pub memory_bytes: Option<u64>,
}

#[derive(Debug, Clone)]
pub enum SourceEvent {
    /// The source's status changed (connecting, ok, error) or it learnt its version.
    Status(SourceInfo),
    /// Everything the source currently holds; replaces what came before. Shared, so a source
    /// that keeps its workloads (the Kubernetes session, 10,000 of them) and the app hold one
    /// copy between them, not two.
    Inventory {
        source: SourceRef,
        workloads: Vec<Arc<Workload>>,
    },
    /// Latest usage by workload id; replaces what came before.
    Usage {
        source: SourceRef,
        usage: HashMap<String, Usage>,
    },
    /// What a Kubernetes context says about the cluster; replaces what came before.
    Cluster {
        source: SourceRef,
        facts: Box<ClusterFacts>,
    },
    /// What a Docker engine says about its own settings; replaces what came before.
    Engine {
        source: SourceRef,
        facts: Box<EngineFacts>,
    },
    /// Latest process samples by workload id; replaces what came before.
    Runtime {
        source: SourceRef,
        runtime: HashMap<String, RuntimeFacts>,
    },
    /// The host file audit; replaces what came before.
    Host(Box<HostFacts>),
    /// A confirmed container action finished (or failed).
    ActionDone(crate::model::action::ActionRecord),
    /// The source is gone (switched away from); drop its status and workloads.
    Removed(SourceRef),
}

/// An error with its causes: hyper hides "connection refused" deep in the source chain, and
/// the operator needs it to know what to do.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
