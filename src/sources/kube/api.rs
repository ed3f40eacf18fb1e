//! Reading from the API server with a deadline, within the scope the user may read, and
//! turning kube errors into sentences an operator can act on.

use kube::api::{Api, ListParams};
use kube::{Client, Resource};
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

/// A request that gets no answer in this time fails: a dead or hanging context must not
/// freeze anything.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Which namespaces the session reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Namespace(String),
}

impl Scope {
    pub fn namespace(&self) -> Option<&str> {
        match self {
            Scope::All => None,
            Scope::Namespace(ns) => Some(ns),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("unauthorized: the server rejected the credentials ({0})")]
    Unauthorized(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// The server answered, with an error of its own (500, a proxy's 502...).
    #[error("the API server answered with an error: {0}")]
    Server(String),
    /// The server did not answer; says which deadline passed.
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("{0}")]
    Other(String),
}

impl ReadError {
    pub fn from_kube(e: &kube::Error) -> Self {
        let text = |s: &str| crate::model::text::clean(s);
        match e {
            kube::Error::Api(status) => match status.code {
                401 => ReadError::Unauthorized(text(&status.message)),
                403 => ReadError::Forbidden(text(&status.message)),
                404 => ReadError::NotFound(text(&status.message)),
                _ => ReadError::Server(text(&format!("{} ({})", status.message, status.code))),
            },
            other => {
                let message = text(&crate::sources::error_chain(other));
                if message.contains("deadline has elapsed") {
                    ReadError::Timeout(format!(
                        "no connection within {} s ({message})",
                        super::kubeconfig::CONNECT_TIMEOUT.as_secs()
                    ))
                } else {
                    ReadError::Other(message)
                }
            }
        }
    }
}

/// Runs a request with the deadline.
pub async fn timed<T>(
    request: impl Future<Output = Result<T, kube::Error>>,
) -> Result<T, ReadError> {
    match tokio::time::timeout(REQUEST_TIMEOUT, request).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(ReadError::from_kube(&e)),
        Err(_) => Err(ReadError::Timeout(format!(
            "no answer within {} s",
            REQUEST_TIMEOUT.as_secs()
        ))),
    }
}

/// The API of a namespaced resource across the scope: every namespace, or the one.
pub fn in_scope<K>(client: &Client, scope: &Scope) -> Api<K>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope>,
    K::DynamicType: Default,
{
    match scope {
        Scope::All => Api::all(client.clone()),
        Scope::Namespace(ns) => Api::namespaced(client.clone(), ns),
    }
}

/// Lists a namespaced resource in the scope.
pub async fn list<K>(client: &Client, scope: &Scope) -> Result<Vec<K>, ReadError>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope> + Clone + DeserializeOwned + Debug,
    K::DynamicType: Default,
{
    let api: Api<K> = in_scope(client, scope);
    timed(api.list(&ListParams::default()))
        .await
        .map(|l| l.items)
}

/// How many objects one page of a paged list asks for (the live pod watch lists in pages of as
/// many). A page is read and parsed whole: at 10,000 pod containers, pages of 100 pods instead
/// of 500 took 30 MB off `report`'s peak RSS and 70 MB off the dashboard's
/// (docs/performance.md), for one round trip per 100 pods.
pub const PAGE_SIZE: u32 = 100;

/// Lists a namespaced resource in the scope a page at a time (`limit`/`continue`), handing
/// each page to `page` before the next is read: a list of thousands of pods is never in
/// memory at once, neither as the response nor as objects.
pub async fn list_pages<K>(
    client: &Client,
    scope: &Scope,
    mut page: impl FnMut(Vec<K>),
) -> Result<(), ReadError>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope> + Clone + DeserializeOwned + Debug,
    K::DynamicType: Default,
{
    let api: Api<K> = in_scope(client, scope);
    let mut params = ListParams::default().limit(PAGE_SIZE);
    loop {
        let list = timed(api.list(&params)).await?;
        let next = list.metadata.continue_.filter(|token| !token.is_empty());
        page(list.items);
        match next {
            Some(token) => params = params.continue_token(&token),
            None => return Ok(()),
        }
    }
}

/// Lists a cluster-scoped resource.
pub async fn list_cluster<K>(client: &Client) -> Result<Vec<K>, ReadError>
where
    K: Resource<Scope = k8s_openapi::ClusterResourceScope> + Clone + DeserializeOwned + Debug,
    K::DynamicType: Default,
{
    let api: Api<K> = Api::all(client.clone());
    timed(api.list(&ListParams::default()))
        .await
        .map(|l| l.items)
}

/// Decides the scope: the namespace asked for; else every namespace if pods may be listed
/// cluster-wide; else the context's own namespace, with a note saying what was forbidden.
pub async fn decide_scope(
    client: &Client,
    wanted: Option<&str>,
    context_namespace: &str,
) -> Result<(Scope, Option<String>), ReadError> {
    if let Some(ns) = wanted {
        return Ok((Scope::Namespace(ns.to_owned()), None));
    }
    let api: Api<k8s_openapi::api::core::v1::Pod> = Api::all(client.clone());
    match timed(api.list(&ListParams::default().limit(1))).await {
        Ok(_) => Ok((Scope::All, None)),
        Err(ReadError::Forbidden(message)) => Ok((
            Scope::Namespace(context_namespace.to_owned()),
            Some(format!(
                "forbidden: cannot list pods at cluster scope ({message}); showing namespace {context_namespace}"
            )),
        )),
        Err(other) => Err(other),
    }
}
