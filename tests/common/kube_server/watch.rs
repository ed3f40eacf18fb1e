//! Watches: a chunked stream of `{"type":...,"object":...}` lines, one per change after the
//! requested resourceVersion, open until timeoutSeconds. Too old a resourceVersion ends it
//! with a 410 ERROR event, as the real server does.

use super::catalog::ResourceType;
use super::respond::{self, Body};
use super::selectors::{FieldSelector, LabelSelector};
use super::status::ApiError;
use super::store::{Change, ChangeKind, Since, Store, Subscription};
use bytes::Bytes;
use hyper::Response;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

pub struct WatchRequest {
    pub resource: &'static ResourceType,
    pub namespace: Option<String>,
    pub labels: LabelSelector,
    pub fields: FieldSelector,
    pub since: Since,
    /// sendInitialEvents=true: mark the end of the initial ADDED events with a bookmark.
    pub initial_events: bool,
    pub bookmarks: bool,
    pub timeout: Duration,
    pub bookmark_every: Duration,
}

pub fn start(store: &Store, req: WatchRequest) -> Response<Body> {
    let (tx, rx) = mpsc::channel(64);
    match store.subscribe(req.resource, req.namespace.as_deref(), req.since) {
        Ok(subscription) => {
            tokio::spawn(run(req, subscription, tx));
        }
        Err(too_old) => {
            let error = ApiError::expired(format!(
                "too old resource version: {} ({})",
                too_old.requested, too_old.oldest
            ));
            // Fits the channel: sent at once, then the stream ends.
            let _ = tx.try_send(line("ERROR", &error.to_status()));
        }
    }
    respond::streaming(rx)
}

async fn run(req: WatchRequest, sub: Subscription, tx: mpsc::Sender<Bytes>) {
    let Subscription {
        objects,
        backlog,
        revision,
        mut live,
    } = sub;
    let from = match req.since {
        Since::Now => revision,
        Since::Revision(from) => from,
    };
    // The newest revision this watch has looked at: every change up to it has been sent or
    // filtered out, so a bookmark may name it.
    let mut seen = from.max(revision);
    let deadline = tokio::time::sleep(req.timeout);
    tokio::pin!(deadline);
    // interval() panics on zero.
    let mut bookmark_timer =
        tokio::time::interval(req.bookmark_every.max(Duration::from_millis(10)));
    bookmark_timer.tick().await;

    for object in objects.iter().filter(|o| matches(&req, o)) {
        if !send(&tx, line("ADDED", object)).await {
            return;
        }
    }
    if req.initial_events && req.bookmarks {
        let end = bookmark(req.resource, revision, true);
        if !send(&tx, line("BOOKMARK", &end)).await {
            return;
        }
    }
    for change in &backlog {
        if let Some((kind, object)) = translate(&req, change)
            && !send(&tx, line(kind, object)).await
        {
            return;
        }
    }
    loop {
        tokio::select! {
            () = &mut deadline => return,
            () = tx.closed() => return,
            _ = bookmark_timer.tick(), if req.bookmarks => {
                if !send(&tx, line("BOOKMARK", &bookmark(req.resource, seen, false))).await {
                    return;
                }
            }
            received = live.recv() => match received {
                Ok(change) => {
                    seen = seen.max(change.revision);
                    if change.revision <= from {
                        continue;
                    }
                    if let Some((kind, object)) = translate(&req, &change)
                        && !send(&tx, line(kind, object)).await
                    {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let error = ApiError::expired(format!(
                        "too old resource version: {seen} (watch fell behind)"
                    ));
                    let _ = send(&tx, line("ERROR", &error.to_status())).await;
                    return;
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
        }
    }
}

fn matches(req: &WatchRequest, object: &Value) -> bool {
    req.labels.matches(object) && req.fields.matches(object)
}

/// The event this watch sees for a change: one that leaves the selection is DELETED, one
/// that enters it ADDED, as with the real server.
fn translate<'c>(req: &WatchRequest, change: &'c Change) -> Option<(&'static str, &'c Value)> {
    let same_type = change.resource.group == req.resource.group
        && change.resource.plural == req.resource.plural;
    let in_namespace = req.namespace.is_none() || change.namespace == req.namespace;
    if !same_type || !in_namespace {
        return None;
    }
    let now = matches(req, &change.object);
    let before = change.previous.as_ref().is_some_and(|p| matches(req, p));
    let kind = match (change.kind, before, now) {
        (ChangeKind::Added, _, true) | (ChangeKind::Modified, false, true) => "ADDED",
        (ChangeKind::Modified, true, true) => "MODIFIED",
        (ChangeKind::Modified, true, false) | (ChangeKind::Deleted, _, true) => "DELETED",
        _ => return None,
    };
    Some((kind, &change.object))
}

fn bookmark(resource: &ResourceType, revision: u64, initial_events_end: bool) -> Value {
    let mut metadata = json!({ "resourceVersion": revision.to_string() });
    if initial_events_end {
        metadata["annotations"] = json!({ "k8s.io/initial-events-end": "true" });
    }
    json!({ "kind": resource.kind, "apiVersion": resource.api_version(), "metadata": metadata })
}

fn line(kind: &str, object: &Value) -> Bytes {
    Bytes::from(format!("{{\"type\":\"{kind}\",\"object\":{object}}}\n"))
}

/// False once the client has gone.
async fn send(tx: &mpsc::Sender<Bytes>, line: Bytes) -> bool {
    tx.send(line).await.is_ok()
}
