//! Request paths and query strings, read the way kube-apiserver reads them.

use super::catalog::{self, ResourceType};

#[derive(Debug, PartialEq)]
pub enum Route {
    /// /version
    Version,
    /// /healthz, /livez, /readyz
    Health,
    /// /openapi/v2, /openapi/v3...: not served (404), as clients must cope with.
    OpenApi,
    /// /api: the core group's versions.
    CoreVersions,
    /// /apis: every other group.
    Groups,
    /// /apis/GROUP
    Group(String),
    /// /api/v1 or /apis/GROUP/VERSION: the resources of one group/version.
    Resources {
        group: String,
        version: String,
    },
    /// A list or watch, across namespaces when `namespace` is None.
    Collection {
        resource: &'static ResourceType,
        namespace: Option<String>,
    },
    /// One object.
    Object {
        resource: &'static ResourceType,
        namespace: Option<String>,
        name: String,
    },
    Unknown,
}

pub fn parse(path: &str) -> Route {
    let segments: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["version"] => Route::Version,
        ["healthz" | "livez" | "readyz"] => Route::Health,
        ["openapi", ..] => Route::OpenApi,
        ["api"] => Route::CoreVersions,
        ["apis"] => Route::Groups,
        ["apis", group] => Route::Group((*group).to_owned()),
        ["api", version, rest @ ..] => resource_route("", version, rest),
        ["apis", group, version, rest @ ..] => resource_route(group, version, rest),
        _ => Route::Unknown,
    }
}

fn resource_route(group: &str, version: &str, rest: &[&str]) -> Route {
    let find = |plural: &str| catalog::by_path(group, version, plural);
    match rest {
        [] => Route::Resources {
            group: group.to_owned(),
            version: version.to_owned(),
        },
        [plural] => match find(plural) {
            Some(resource) => Route::Collection {
                resource,
                namespace: None,
            },
            None => Route::Unknown,
        },
        [plural, name] => match find(plural) {
            Some(resource) if !resource.namespaced => Route::Object {
                resource,
                namespace: None,
                name: (*name).to_owned(),
            },
            _ => Route::Unknown,
        },
        ["namespaces", namespace, plural] => match find(plural) {
            Some(resource) if resource.namespaced => Route::Collection {
                resource,
                namespace: Some((*namespace).to_owned()),
            },
            _ => Route::Unknown,
        },
        ["namespaces", namespace, plural, name] => match find(plural) {
            Some(resource) if resource.namespaced => Route::Object {
                resource,
                namespace: Some((*namespace).to_owned()),
                name: (*name).to_owned(),
            },
            _ => Route::Unknown,
        },
        // Subresources (log, status, scale...) are not served.
        _ => Route::Unknown,
    }
}

/// The decoded `name=value` pairs of a query string.
#[derive(Debug, Default)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(query: Option<&str>) -> Self {
        let pairs = query
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(name), form_decode(value))
            })
            .collect();
        Self(pairs)
    }

    /// The last value given for `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `true`/`1` as Go's strconv.ParseBool reads them; absent or anything else is false.
    pub fn flag(&self, name: &str) -> bool {
        matches!(
            self.get(name),
            Some("true" | "1" | "t" | "T" | "TRUE" | "True")
        )
    }
}

/// Query values also use `+` for a space.
fn form_decode(s: &str) -> String {
    percent_decode(&s.replace('+', " "))
}

/// %XX escapes to bytes; a malformed escape stays as it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|_| bytes[i] == b'%')
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
