//! The objects, the one resource-version counter every change bumps (as etcd's revision),
//! the history of changes a watch can resume from, and the fan-out of new changes to watches.

use super::catalog::ResourceType;
use serde_json::{Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::broadcast;

/// How many past changes are kept; a watch from before them gets 410 Gone.
const HISTORY: usize = 10_000;
/// How far a slow watch may fall behind before it is ended with 410 Gone.
const FAN_OUT: usize = 4_096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
}

/// One change, with the object as it was before (to tell when it enters or leaves a selector).
#[derive(Debug)]
pub struct Change {
    pub revision: u64,
    pub kind: ChangeKind,
    pub resource: &'static ResourceType,
    pub namespace: Option<String>,
    pub object: Value,
    pub previous: Option<Value>,
}

/// Where a watch starts.
#[derive(Debug, Clone, Copy)]
pub enum Since {
    /// resourceVersion unset or "0": every current object as ADDED, then new changes.
    Now,
    /// Every change after this revision.
    Revision(u64),
}

/// What a new watch starts from: objects to send as ADDED, then changes, then live ones.
pub struct Subscription {
    pub objects: Vec<Value>,
    pub backlog: Vec<Arc<Change>>,
    pub revision: u64,
    pub live: broadcast::Receiver<Arc<Change>>,
}

/// One page of a list (see [`Store::list_page`]).
pub struct Page {
    /// The store's revision when the page was read.
    pub revision: u64,
    pub objects: Vec<Value>,
    /// The storage key of the last object in the page.
    pub last_key: Option<String>,
    /// How many more objects match after the page.
    pub remaining: usize,
}

/// A watch asked for changes from before the kept history.
#[derive(Debug)]
pub struct TooOld {
    pub requested: u64,
    pub oldest: u64,
}

/// (group, plural, "namespace/name" or "name"): a string key, so objects come out in etcd's
/// order, which is the order a real list has.
type Key = (&'static str, &'static str, String);

pub struct Store {
    state: Mutex<State>,
    changes: broadcast::Sender<Arc<Change>>,
}

#[derive(Default)]
struct State {
    revision: u64,
    /// Changes up to this revision are forgotten.
    compacted: u64,
    objects: BTreeMap<Key, Value>,
    history: VecDeque<Arc<Change>>,
}

fn key(resource: &ResourceType, namespace: Option<&str>, name: &str) -> Key {
    let path = match namespace {
        Some(ns) => format!("{ns}/{name}"),
        None => name.to_owned(),
    };
    (resource.group, resource.plural, path)
}

fn same_type(a: &ResourceType, b: &ResourceType) -> bool {
    a.group == b.group && a.plural == b.plural
}

impl Store {
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State::default()),
            changes: broadcast::channel(FAN_OUT).0,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the server down with it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn revision(&self) -> u64 {
        self.lock().revision
    }

    /// Creates or replaces the object: stamps a new resourceVersion (and a uid and
    /// creationTimestamp when it has none, keeping those of the object it replaces).
    pub fn apply(
        &self,
        resource: &'static ResourceType,
        namespace: Option<&str>,
        name: &str,
        mut object: Value,
    ) -> Value {
        let mut state = self.lock();
        state.revision += 1;
        let revision = state.revision;
        let key = key(resource, namespace, name);
        let previous = state.objects.get(&key).cloned();
        let metadata = &mut object["metadata"];
        for field in ["uid", "creationTimestamp"] {
            if metadata.get(field).is_none_or(Value::is_null) {
                metadata[field] = previous
                    .as_ref()
                    .and_then(|p| p["metadata"].get(field).cloned())
                    .unwrap_or_else(|| fresh(field, revision));
            }
        }
        metadata["resourceVersion"] = json!(revision.to_string());
        state.objects.insert(key, object.clone());
        let kind = if previous.is_some() {
            ChangeKind::Modified
        } else {
            ChangeKind::Added
        };
        self.record(
            &mut state,
            kind,
            resource,
            namespace,
            object.clone(),
            previous,
        );
        object
    }

    /// Removes the object; returns it as it was deleted (with the deletion's resourceVersion).
    pub fn delete(
        &self,
        resource: &'static ResourceType,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<Value> {
        let mut state = self.lock();
        let mut object = state.objects.remove(&key(resource, namespace, name))?;
        state.revision += 1;
        object["metadata"]["resourceVersion"] = json!(state.revision.to_string());
        self.record(
            &mut state,
            ChangeKind::Deleted,
            resource,
            namespace,
            object.clone(),
            None,
        );
        Some(object)
    }

    fn record(
        &self,
        state: &mut State,
        kind: ChangeKind,
        resource: &'static ResourceType,
        namespace: Option<&str>,
        object: Value,
        previous: Option<Value>,
    ) {
        let change = Arc::new(Change {
            revision: state.revision,
            kind,
            resource,
            namespace: namespace.map(str::to_owned),
            object,
            previous,
        });
        state.history.push_back(Arc::clone(&change));
        while state.history.len() > HISTORY {
            if let Some(old) = state.history.pop_front() {
                state.compacted = old.revision;
            }
        }
        // No receiver is fine: nobody watches.
        let _ = self.changes.send(change);
    }

    pub fn get(
        &self,
        resource: &'static ResourceType,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<Value> {
        self.lock()
            .objects
            .get(&key(resource, namespace, name))
            .cloned()
    }

    /// One page of a list: the objects of one type (in one namespace, or all) whose storage
    /// key is `start` or after it and that `keep` accepts, in order, at most `limit` of them.
    /// Only the page is copied, so paging through a large list costs one copy of it in all.
    pub fn list_page(
        &self,
        resource: &ResourceType,
        namespace: Option<&str>,
        start: &str,
        keep: impl Fn(&Value) -> bool,
        limit: Option<usize>,
    ) -> Page {
        let state = self.lock();
        let prefix = namespace.map(|ns| format!("{ns}/"));
        let from = match &prefix {
            Some(p) if p.as_str() > start => p.clone(),
            _ => start.to_owned(),
        };
        let mut page = Page {
            revision: state.revision,
            objects: Vec::new(),
            last_key: None,
            remaining: 0,
        };
        let matching = state
            .objects
            .range((resource.group, resource.plural, from)..)
            .take_while(|((group, plural, _), _)| {
                *group == resource.group && *plural == resource.plural
            })
            .filter(|((_, _, path), _)| prefix.as_ref().is_none_or(|p| path.starts_with(p)))
            .filter(|(_, object)| keep(object));
        for ((_, _, path), object) in matching {
            if limit.is_some_and(|l| page.objects.len() >= l) {
                page.remaining += 1;
            } else {
                page.objects.push(object.clone());
                page.last_key = Some(path.clone());
            }
        }
        page
    }

    fn objects_of(state: &State, resource: &ResourceType, namespace: Option<&str>) -> Vec<Value> {
        let prefix = namespace.map(|ns| format!("{ns}/"));
        state
            .objects
            .range((resource.group, resource.plural, String::new())..)
            .take_while(|((group, plural, _), _)| {
                *group == resource.group && *plural == resource.plural
            })
            .filter(|((_, _, path), _)| prefix.as_ref().is_none_or(|p| path.starts_with(p)))
            .map(|(_, object)| object.clone())
            .collect()
    }

    /// Changes below this revision can no longer be watched from (410 Gone).
    pub fn compacted(&self) -> u64 {
        self.lock().compacted
    }

    /// Forgets the history, as etcd compaction does.
    pub fn compact(&self) {
        let mut state = self.lock();
        state.compacted = state.revision;
        state.history.clear();
    }

    /// Starts a watch of one type (in one namespace, or all). Taken under the lock, so no
    /// change falls between what it starts from and the live changes.
    pub fn subscribe(
        &self,
        resource: &ResourceType,
        namespace: Option<&str>,
        since: Since,
    ) -> Result<Subscription, TooOld> {
        let state = self.lock();
        let live = self.changes.subscribe();
        let (objects, backlog) = match since {
            Since::Now => (Self::objects_of(&state, resource, namespace), Vec::new()),
            Since::Revision(from) if from < state.compacted => {
                return Err(TooOld {
                    requested: from,
                    oldest: state.compacted,
                });
            }
            Since::Revision(from) => {
                let backlog = state
                    .history
                    .iter()
                    .filter(|c| c.revision > from && same_type(c.resource, resource))
                    .filter(|c| namespace.is_none() || c.namespace.as_deref() == namespace)
                    .cloned()
                    .collect();
                (Vec::new(), backlog)
            }
        };
        Ok(Subscription {
            objects,
            backlog,
            revision: state.revision,
            live,
        })
    }
}

/// A uid or creation time for an object that came without one.
fn fresh(field: &str, revision: u64) -> Value {
    if field == "uid" {
        // Unique per server and readable in a failure message.
        json!(format!("00000000-0000-4000-8000-{revision:012x}"))
    } else {
        json!(
            jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        )
    }
}
