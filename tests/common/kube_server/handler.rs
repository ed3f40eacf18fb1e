//! One request: authenticate, route, authorize, answer. Everything a client sends is checked;
//! nothing it sends can panic the server.

use super::auth::{self, Identity, User};
use super::catalog::ResourceType;
use super::discovery::{self, ServerVersion};
use super::list::{self, ListRequest};
use super::respond::{self, Body};
use super::routes::{self, Query, Route};
use super::selectors::{FieldSelector, LabelSelector};
use super::status::ApiError;
use super::store::{Since, Store};
use super::watch::{self, WatchRequest};
use hyper::header::{ACCEPT, AUTHORIZATION};
use hyper::{Method, Request, Response, Uri};
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a watch without timeoutSeconds gets (kube-apiserver picks 30 to 60 minutes).
const DEFAULT_WATCH_TIMEOUT: Duration = Duration::from_secs(1800);

/// The state all connections share.
pub struct Shared {
    pub store: Store,
    pub users: Vec<User>,
    pub anonymous: bool,
    pub version: ServerVersion,
    pub metrics: AtomicBool,
    /// "127.0.0.1:PORT", for /api's serverAddressByClientCIDRs.
    pub address: String,
    pub bookmark_every: Duration,
    pub requests: Mutex<Vec<RequestRecord>>,
}

/// One request as the server saw it, for tests that check what a client asked.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub method: String,
    /// Path and query, as sent.
    pub uri: String,
    /// The authenticated user; None when the request was rejected as unauthenticated.
    pub user: Option<String>,
    pub accept: Option<String>,
    pub status: u16,
}

pub async fn handle<B>(shared: Arc<Shared>, req: Request<B>) -> Result<Response<Body>, Infallible> {
    let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let identity = auth::authenticate(&shared.users, shared.anonymous, header(AUTHORIZATION));
    let response = match &identity {
        Err(e) => respond::error(e),
        Ok(who) => {
            answer(&shared, who, req.method(), req.uri()).unwrap_or_else(|e| respond::error(&e))
        }
    };
    let record = RequestRecord {
        method: req.method().to_string(),
        uri: req.uri().to_string(),
        user: identity.ok().map(|who| who.name),
        accept: header(ACCEPT).map(str::to_owned),
        status: response.status().as_u16(),
    };
    shared
        .requests
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(record);
    Ok(response)
}

fn answer(
    shared: &Shared,
    who: &Identity,
    method: &Method,
    uri: &Uri,
) -> Result<Response<Body>, ApiError> {
    // Read-only: writes are refused as for a resource without those verbs.
    if method != Method::GET {
        return Err(ApiError::method_not_allowed());
    }
    let query = Query::parse(uri.query());
    let metrics = shared.metrics.load(Ordering::Relaxed);
    let found = |doc: Option<serde_json::Value>| {
        doc.map(|d| respond::ok(&d))
            .ok_or_else(ApiError::no_such_path)
    };
    match routes::parse(uri.path()) {
        Route::Version => Ok(respond::ok(&shared.version.to_json())),
        Route::Health => Ok(respond::text("ok")),
        Route::CoreVersions => Ok(respond::ok(&discovery::core_versions(&shared.address))),
        Route::Groups => Ok(respond::ok(&discovery::groups(metrics))),
        Route::Group(group) => found(discovery::group(&group, metrics)),
        Route::Resources { group, version } => {
            found(discovery::resources(&group, &version, metrics))
        }
        Route::OpenApi | Route::Unknown => Err(ApiError::no_such_path()),
        Route::Collection { resource, .. } | Route::Object { resource, .. }
            if resource.is_metrics() && !metrics =>
        {
            Err(ApiError::no_such_path())
        }
        Route::Collection {
            resource,
            namespace,
        } => collection(shared, who, &query, resource, namespace, None),
        // The old form of watching one object: GET .../pods/NAME?watch=true.
        Route::Object {
            resource,
            namespace,
            name,
        } if query.flag("watch") => {
            collection(shared, who, &query, resource, namespace, Some(&name))
        }
        Route::Object {
            resource,
            namespace,
            name,
        } => {
            who.authorize("get", resource, namespace.as_deref(), Some(&name))?;
            shared
                .store
                .get(resource, namespace.as_deref(), &name)
                .map(|object| respond::ok(&object))
                .ok_or_else(|| ApiError::not_found(resource, &name))
        }
    }
}

/// A list or a watch.
fn collection(
    shared: &Shared,
    who: &Identity,
    query: &Query,
    resource: &'static ResourceType,
    namespace: Option<String>,
    name: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    let watching = query.flag("watch");
    let verb = if watching { "watch" } else { "list" };
    if !resource.serves(verb) {
        return Err(ApiError::method_not_allowed());
    }
    who.authorize(verb, resource, namespace.as_deref(), name)?;
    let labels = LabelSelector::parse(query.get("labelSelector").unwrap_or_default())?;
    let mut fields =
        FieldSelector::parse(query.get("fieldSelector").unwrap_or_default(), resource)?;
    if let Some(name) = name {
        fields = fields.with_name(name);
    }
    if !watching {
        let limit = match query.get("limit") {
            None | Some("") => None,
            Some(limit) => Some(limit.parse::<usize>().map_err(|_| {
                ApiError::bad_request(format!("limit: Invalid value: {limit:?}: must be a number"))
            })?),
        };
        let req = ListRequest {
            resource,
            namespace: namespace.as_deref(),
            labels,
            fields,
            limit,
            continue_token: query.get("continue"),
        };
        return list::list(&shared.store, &req).map(|doc| respond::ok(&doc));
    }
    let initial_events = query.flag("sendInitialEvents");
    let since = match query.get("resourceVersion") {
        _ if initial_events => Since::Now,
        None | Some("" | "0") => Since::Now,
        Some(rv) => Since::Revision(rv.parse().map_err(|_| {
            ApiError::bad_request(format!(
                "resourceVersion: Invalid value: {rv:?}: must be a number"
            ))
        })?),
    };
    let timeout = query
        .get("timeoutSeconds")
        .and_then(|t| t.parse().ok())
        .map_or(DEFAULT_WATCH_TIMEOUT, Duration::from_secs);
    let req = WatchRequest {
        resource,
        namespace,
        labels,
        fields,
        since,
        initial_events,
        bookmarks: query.flag("allowWatchBookmarks"),
        timeout,
        bookmark_every: shared.bookmark_every,
    };
    Ok(watch::start(&shared.store, req))
}
