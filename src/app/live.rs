//! The live model: what every source last said, turned into one snapshot.
//!
//! Rules run when an inventory changes, not on usage updates or redraws; usage is patched into
//! the current snapshot in place.

use crate::learning::ProfileStore;
use crate::model::cluster::ClusterFacts;
use crate::model::engine::EngineFacts;
use crate::model::host::HostFacts;
use crate::model::runtime::{ProfileState, RuntimeFacts};
use crate::model::waiver::Waiver;
use crate::model::{Snapshot, SourceInfo, SourceRef, SourceStatus, Workload};
use crate::sources::{SourceEvent, Usage};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

#[derive(Default)]
struct SourceData {
    info: Option<SourceInfo>,
    /// Shared with the source that sent them.
    workloads: Vec<Arc<Workload>>,
    usage: HashMap<String, Usage>,
    cluster: Option<ClusterFacts>,
    engine: Option<EngineFacts>,
    runtime: HashMap<String, RuntimeFacts>,
    /// Lost at this time; the workloads kept are the last ones read.
    stale_since: Option<jiff::Timestamp>,
}

pub struct LiveModel {
    sources: BTreeMap<SourceRef, SourceData>,
    waivers: Vec<Waiver>,
    host: Option<HostFacts>,
    profiles: ProfileStore,
    /// A problem to show once (a profile that could not be saved).
    pub problem: Option<String>,
    snapshot: Snapshot,
    /// A saved snapshot shown as it is: source events never change it.
    frozen: bool,
}

impl LiveModel {
    /// A model that shows a saved snapshot and nothing else.
    pub fn frozen(snapshot: Snapshot) -> Self {
        Self {
            sources: BTreeMap::new(),
            waivers: Vec::new(),
            host: None,
            profiles: ProfileStore::default(),
            problem: None,
            snapshot,
            frozen: true,
        }
    }

    /// Replaces the waivers (after `w` wrote a new one) and re-assesses.
    pub fn set_waivers(&mut self, waivers: Vec<Waiver>, now: jiff::Timestamp) {
        self.waivers = waivers;
        if !self.frozen {
            self.rebuild(now);
        }
    }

    pub fn with_waivers(mut self, waivers: Vec<Waiver>, now: jiff::Timestamp) -> Self {
        self.set_waivers(waivers, now);
        self
    }

    /// Uses these learned profiles (loaded from the data folder) from now on.
    pub fn with_profiles(mut self, profiles: ProfileStore, now: jiff::Timestamp) -> Self {
        self.problem = profiles.problems.first().cloned();
        self.profiles = profiles;
        if !self.frozen {
            self.rebuild(now);
        }
        self
    }

    /// `l`: starts learning the image, or ends its learning window. Returns a message.
    pub fn toggle_learning(
        &mut self,
        image: &str,
        now: jiff::Timestamp,
        window: std::time::Duration,
    ) -> String {
        if self.frozen {
            return "a saved snapshot cannot learn".to_owned();
        }
        let message = match self.profiles.toggle(image, now, window) {
            Ok(ProfileState::Learning) => format!(
                "learning {} for {} s: what its containers run now is normal; `l` again ends it",
                crate::model::text::clean(image),
                window.as_secs()
            ),
            Ok(ProfileState::Watching) => format!(
                "watching {}: anything new it runs is process drift (profile in {})",
                crate::model::text::clean(image),
                self.profiles.dir().display()
            ),
            Err(e) => e,
        };
        self.rebuild(now);
        message
    }

    pub fn new(now: jiff::Timestamp, initial: Vec<SourceInfo>) -> Self {
        let sources = initial
            .into_iter()
            .map(|info| {
                (
                    info.source_ref(),
                    SourceData {
                        info: Some(info),
                        ..SourceData::default()
                    },
                )
            })
            .collect();
        let mut model = Self {
            sources,
            waivers: Vec::new(),
            host: None,
            profiles: ProfileStore::default(),
            problem: None,
            snapshot: Snapshot::new(now, Vec::new(), Vec::new(), Vec::new()),
            frozen: false,
        };
        model.rebuild(now);
        model
    }

    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// Applies one event; returns whether anything visible changed.
    pub fn apply(&mut self, event: SourceEvent, now: jiff::Timestamp) -> bool {
        if self.frozen {
            return false;
        }
        match event {
            SourceEvent::Status(info) => {
                let entry = self.sources.entry(info.source_ref()).or_default();
                if entry.info.as_ref() == Some(&info) {
                    return false;
                }
                // Keep what was last read, marked as such, until the source is back.
                entry.stale_since = match info.status {
                    SourceStatus::Error if !entry.workloads.is_empty() => {
                        entry.stale_since.or(Some(now))
                    }
                    SourceStatus::Error => entry.stale_since,
                    _ => None,
                };
                entry.info = Some(info);
                self.rebuild(now);
            }
            SourceEvent::Inventory { source, workloads } => {
                let entry = self.sources.entry(source).or_default();
                entry.workloads = workloads;
                entry.stale_since = None;
                self.rebuild(now);
            }
            SourceEvent::Usage { source, usage } => {
                self.sources.entry(source.clone()).or_default().usage = usage;
                self.patch_usage(&source);
            }
            SourceEvent::Cluster { source, facts } => {
                self.sources.entry(source).or_default().cluster = Some(*facts);
                self.rebuild(now);
            }
            SourceEvent::Engine { source, facts } => {
                self.sources.entry(source).or_default().engine = Some(*facts);
                self.rebuild(now);
            }
            SourceEvent::Runtime { source, runtime } => {
                let data = self.sources.entry(source).or_default();
                data.runtime = runtime;
                let sampled: Vec<Workload> = data
                    .workloads
                    .iter()
                    .map(|w| with_runtime(Workload::clone(w), &data.runtime))
                    .collect();
                if let Some(problem) = self.profiles.observe(&sampled, now).into_iter().next() {
                    self.problem = Some(problem);
                }
                self.rebuild(now);
            }
            // The app logs and shows these; nothing in the model changes.
            SourceEvent::ActionDone(_) => return false,
            SourceEvent::Host(facts) => {
                self.host = Some(*facts);
                self.rebuild(now);
            }
            SourceEvent::Removed(source) => {
                if self.sources.remove(&source).is_none() {
                    return false;
                }
                self.rebuild(now);
            }
        }
        true
    }

    fn rebuild(&mut self, now: jiff::Timestamp) {
        let infos = self
            .sources
            .values()
            .filter_map(|d| {
                let mut info = d.info.clone()?;
                info.stale_since = d.stale_since;
                Some(info)
            })
            .collect();
        let mut workloads: Vec<Workload> = self
            .sources
            .values()
            .flat_map(|d| {
                d.workloads
                    .iter()
                    .map(|w| with_runtime(with_usage(Workload::clone(w), &d.usage), &d.runtime))
            })
            .collect();
        self.profiles.attach(&mut workloads, now);
        let facts = crate::rules::ScopedFacts {
            clusters: self
                .sources
                .values()
                .filter_map(|d| d.cluster.clone())
                .collect(),
            engines: self
                .sources
                .values()
                .filter_map(|d| d.engine.clone())
                .collect(),
            host: self.host.clone(),
        };
        self.snapshot =
            crate::rules::snapshot_with_waivers(now, infos, workloads, &facts, &self.waivers);
    }

    fn patch_usage(&mut self, source: &SourceRef) {
        let Some(data) = self.sources.get(source) else {
            return;
        };
        for assessed in &mut self.snapshot.workloads {
            let w = &mut assessed.workload;
            if &w.source == source {
                let u = data.usage.get(&w.id).copied().unwrap_or_default();
                w.resources.cpu_usage_cores = u.cpu_cores;
                w.resources.memory_usage_bytes = u.memory_bytes;
            }
        }
    }
}

fn with_runtime(mut w: Workload, runtime: &HashMap<String, RuntimeFacts>) -> Workload {
    w.runtime = runtime.get(&w.id).cloned();
    w
}

fn with_usage(mut w: Workload, usage: &HashMap<String, Usage>) -> Workload {
    if let Some(u) = usage.get(&w.id) {
        w.resources.cpu_usage_cores = u.cpu_cores;
        w.resources.memory_usage_bytes = u.memory_bytes;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SourceKind, SourceStatus};

    fn source() -> SourceRef {
        SourceRef {
            kind: SourceKind::Docker,
            context: "default".into(),
        }
    }

    fn workload(id: &str) -> Workload {
        let mut w = Workload::new(source(), id, id);
        w.privileged = true;
        w
    }

    #[test]
    fn inventory_then_usage_then_removal() {
        let now = jiff::Timestamp::UNIX_EPOCH;
        let mut info = SourceInfo::new(SourceKind::Docker, "default", "unix:///x");
        let mut m = LiveModel::new(now, vec![info.clone()]);
        assert_eq!(m.snapshot().sources[0].status, SourceStatus::Connecting);
        info.status = SourceStatus::Ok;
        assert!(m.apply(SourceEvent::Status(info.clone()), now));
        assert!(
            !m.apply(SourceEvent::Status(info), now),
            "same status is no change"
        );
        m.apply(
            SourceEvent::Inventory {
                source: source(),
                workloads: vec![Arc::new(workload("a")), Arc::new(workload("b"))],
            },
            now,
        );
        assert_eq!(m.snapshot().workloads.len(), 2);
        assert!(m.snapshot().summary.critical >= 2);
        let usage = HashMap::from([(
            "a".to_owned(),
            Usage {
                cpu_cores: Some(0.25),
                memory_bytes: Some(42),
            },
        )]);
        m.apply(
            SourceEvent::Usage {
                source: source(),
                usage,
            },
            now,
        );
        let a = m
            .snapshot()
            .workloads
            .iter()
            .find(|w| w.workload.id == "a")
            .unwrap();
        assert_eq!(a.workload.resources.memory_usage_bytes, Some(42));
        // The engine goes away: its rows stay, marked stale, until it is back.
        let mut lost = SourceInfo::new(SourceKind::Docker, "default", "unix:///x");
        lost.status = SourceStatus::Error;
        let later = jiff::Timestamp::from_second(60).unwrap();
        m.apply(SourceEvent::Status(lost), later);
        assert_eq!(m.snapshot().workloads.len(), 2);
        assert_eq!(m.snapshot().sources[0].stale_since, Some(later));
        m.apply(
            SourceEvent::Inventory {
                source: source(),
                workloads: vec![Arc::new(workload("a"))],
            },
            later,
        );
        assert_eq!(m.snapshot().sources[0].stale_since, None);
        m.apply(SourceEvent::Removed(source()), now);
        assert!(m.snapshot().workloads.is_empty());
        assert!(m.snapshot().sources.is_empty());
    }
}
