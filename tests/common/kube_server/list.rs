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
    let mut start = String::new();
    let mut token_revision = None;
    if let Some(token) = req.continue_token.filter(|t| !t.is_empty()) {
        let (revision, from) = decode_token(token)?;
        if revision < store.compacted() {
            return Err(ApiError::expired(
                "The provided continue parameter is too old to display a consistent list \
                 result. You can start a new list without the continue parameter.",
            ));
        }
        start = from;
        token_revision = Some(revision);
    }
    let keep = |o: &Value| req.labels.matches(o) && req.fields.matches(o);
    let limit = req.limit.filter(|l| *l > 0);
    let page = store.list_page(req.resource, req.namespace, &start, keep, limit);
    let list_revision = token_revision.unwrap_or(page.revision);
    let mut objects = page.objects;

    let mut metadata = json!({ "resourceVersion": list_revision.to_string() });
    if page.remaining > 0 {
        if let Some(last) = &page.last_key {
            metadata["continue"] = json!(encode_token(list_revision, last));
        }
        // The real server counts the rest only when it need not filter.
        if req.labels.is_empty() && req.fields.is_empty() {
            metadata["remainingItemCount"] = json!(page.remaining);
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
