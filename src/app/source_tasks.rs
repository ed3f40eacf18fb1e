//! The background work around the sources: retiring a source so its rows go only after its
//! last event, and the host audit loop.

use crate::model::SourceRef;
use crate::sources::SourceEvent;
use crate::sources::host::HostSettings;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, mpsc};

/// Sources told to stop whose `Removed` has not been sent yet.
pub type Retiring = Arc<Mutex<HashSet<SourceRef>>>;

/// A source that was told to shut down: waits for its task to end (a kube source stops its
/// watch session first), so nothing it sent can arrive after the `Removed` that drops its
/// rows; a task that does not end in time is aborted.
pub async fn retire(
    task: tokio::task::JoinHandle<()>,
    events: mpsc::Sender<SourceEvent>,
    gone: SourceRef,
    retiring: Retiring,
) {
    let abort = task.abort_handle();
    if tokio::time::timeout(RETIRE_WITHIN, task).await.is_err() {
        abort.abort();
    }
    let _ = events.send(SourceEvent::Removed(gone.clone())).await;
    lock(&retiring).remove(&gone);
}

/// The set is only ever held for an insert or a lookup: a poisoned lock still holds a
/// usable set.
pub fn lock(set: &Mutex<HashSet<SourceRef>>) -> std::sync::MutexGuard<'_, HashSet<SourceRef>> {
    set.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How long a source gets to stop by itself.
const RETIRE_WITHIN: Duration = Duration::from_secs(5);

/// Host files change rarely and hashing them costs a little: once a minute is plenty.
const HOST_AUDIT_EVERY: Duration = Duration::from_secs(60);

pub fn spawn_host_audit(
    settings: HostSettings,
    events: mpsc::Sender<SourceEvent>,
) -> (tokio::task::JoinHandle<()>, Arc<Notify>) {
    let wake = Arc::new(Notify::new());
    let woken = wake.clone();
    let task = tokio::spawn(async move {
        loop {
            let s = settings.clone();
            let Ok(facts) =
                tokio::task::spawn_blocking(move || crate::sources::host::audit(&s)).await
            else {
                return;
            };
            if events
                .send(SourceEvent::Host(Box::new(facts)))
                .await
                .is_err()
            {
                return;
            }
            tokio::select! {
                () = tokio::time::sleep(HOST_AUDIT_EVERY) => {}
                () = woken.notified() => {}
            }
        }
    });
    (task, wake)
}
