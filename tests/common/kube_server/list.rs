//! Lists: the `XxxList` document, selectors, and `limit`/`continue` paging with tokens shaped
//! like the real ones (base64 of the list's revision and the key to start from).

use super::catalog::ResourceType;
use super::selectors::{FieldSelector, LabelSelector};
use super::status::ApiError;
use super::store::Store;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

pub struct ListRequest<'a> {
    pub resource: &'static ResourceType,
    pub namespace: Option<&'a str>,
    pub labels: LabelSelector,
    pub fields: FieldSelector,
    /// 0 or absent: everything in one page.
    pub limit: Option<usize>,
    pub continue_token: Option<&'a str>,
}

pub fn list(store: &Store, req: &ListRequest<'_>) -> Result<Value, ApiError> {
    let (revision, mut objects) = store.list(req.resource, req.namespace);
    let mut list_revision = revision;
    if let Some(token) = req.continue_token.filter(|t| !t.is_empty()) {
        let (token_revision, start) = decode_token(token)?;
        if token_revision < store.compacted() {
            return Err(ApiError::expired(
                "The provided continue parameter is too old to display a consistent list \
                 result. You can start a new list without the continue parameter.",
            ));
        }
        objects.retain(|o| storage_key(o) >= start);
        list_revision = token_revision;
    }
    objects.retain(|o| req.labels.matches(o) && req.fields.matches(o));

    let mut metadata = json!({ "resourceVersion": list_revision.to_string() });
    if let Some(limit) = req.limit.filter(|l| *l > 0 && *l < objects.len()) {
        let rest = objects.split_off(limit);
        if let Some(last) = objects.last() {
            metadata["continue"] = json!(encode_token(list_revision, &storage_key(last)));
        }
        // The real server counts the rest only when it need not filter.
        if req.labels.is_empty() && req.fields.is_empty() {
            metadata["remainingItemCount"] = json!(rest.len());
        }
    }
    // Items of a real list carry no apiVersion and kind of their own.
    for object in &mut objects {
        if let Some(fields) = object.as_object_mut() {
            fields.remove("apiVersion");
            fields.remove("kind");
        }
    }
    Ok(json!({
        "kind": format!("{}List", req.resource.kind),
        "apiVersion": req.resource.api_version(),
        "metadata": metadata,
        "items": objects,
    }))
}

/// "namespace/name" or "name", as the object is keyed in storage.
fn storage_key(object: &Value) -> String {
    let meta = &object["metadata"];
    let name = meta["name"].as_str().unwrap_or_default();
    match meta["namespace"].as_str() {
        Some(ns) => format!("{ns}/{name}"),
        None => name.to_owned(),
    }
}

fn encode_token(revision: u64, last_key: &str) -> String {
    // "\u{0}" after the last key: the next page starts just past it.
    let token =
        json!({ "v": "meta.k8s.io/v1", "rv": revision, "start": format!("{last_key}\u{0}") });
    URL_SAFE_NO_PAD.encode(token.to_string())
}

fn decode_token(token: &str) -> Result<(u64, String), ApiError> {
    let bad = || {
        ApiError::bad_request(
            "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| bad())?;
    let token: Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    let revision = token["rv"].as_u64().ok_or_else(bad)?;
    let start = token["start"].as_str().ok_or_else(bad)?.to_owned();
    Ok((revision, start))
}
