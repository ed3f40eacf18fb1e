//! `labelSelector` and `fieldSelector` from a list or watch query: parsing (a bad one is a
//! 400, as on a real server) and matching against a stored object.

use super::catalog::ResourceType;
use super::status::ApiError;
use serde_json::Value;

/// Label requirements, all of which must hold.
#[derive(Debug, Default, Clone)]
pub struct LabelSelector(Vec<LabelRequirement>);

#[derive(Debug, Clone)]
enum LabelRequirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

impl LabelSelector {
    /// Equality (`a=b`, `a==b`, `a!=b`), existence (`a`, `!a`) and set (`a in (x,y)`,
    /// `a notin (x)`) requirements, comma-separated.
    pub fn parse(selector: &str) -> Result<Self, ApiError> {
        split_outside_parens(selector)
            .into_iter()
            .map(|req| req.trim().to_owned())
            .filter(|req| !req.is_empty())
            .map(|req| parse_label_requirement(&req))
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn matches(&self, object: &Value) -> bool {
        let labels = &object["metadata"]["labels"];
        let label = |key: &str| labels.get(key).and_then(Value::as_str);
        self.0.iter().all(|req| match req {
            LabelRequirement::Equals(k, v) => label(k) == Some(v.as_str()),
            LabelRequirement::NotEquals(k, v) => label(k) != Some(v.as_str()),
            LabelRequirement::In(k, vs) => label(k).is_some_and(|l| vs.iter().any(|v| v == l)),
            LabelRequirement::NotIn(k, vs) => !label(k).is_some_and(|l| vs.iter().any(|v| v == l)),
            LabelRequirement::Exists(k) => label(k).is_some(),
            LabelRequirement::NotExists(k) => label(k).is_none(),
        })
    }
}

fn parse_label_requirement(req: &str) -> Result<LabelRequirement, ApiError> {
    let bad = || ApiError::bad_request(format!("unable to parse requirement: {req:?}"));
    let key = |k: &str| {
        let k = k.trim();
        if k.is_empty() || k.contains(char::is_whitespace) {
            Err(bad())
        } else {
            Ok(k.to_owned())
        }
    };
    if let Some((k, v)) = req.split_once("!=") {
        return Ok(LabelRequirement::NotEquals(key(k)?, v.trim().to_owned()));
    }
    if let Some((k, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
        return Ok(LabelRequirement::Equals(key(k)?, v.trim().to_owned()));
    }
    if let Some((k, set)) = req.split_once(" notin ") {
        return Ok(LabelRequirement::NotIn(
            key(k)?,
            parse_set(set).ok_or_else(bad)?,
        ));
    }
    if let Some((k, set)) = req.split_once(" in ") {
        return Ok(LabelRequirement::In(
            key(k)?,
            parse_set(set).ok_or_else(bad)?,
        ));
    }
    match req.strip_prefix('!') {
        Some(k) => Ok(LabelRequirement::NotExists(key(k)?)),
        None => Ok(LabelRequirement::Exists(key(req)?)),
    }
}

/// `(a, b)` -> ["a", "b"].
fn parse_set(set: &str) -> Option<Vec<String>> {
    let inner = set.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some(
        inner
            .split(',')
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect(),
    )
}

fn split_outside_parens(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0_i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// Field requirements (`path=value`, `path==value`, `path!=value`), all of which must hold.
#[derive(Debug, Default, Clone)]
pub struct FieldSelector(Vec<(String, bool, String)>);

/// Fields every resource supports.
const COMMON_FIELDS: &[&str] = &["metadata.name", "metadata.namespace"];

/// The extra field labels kube-apiserver accepts per kind (a subset of the real tables).
fn extra_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "Pod" => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        "Node" => &["spec.unschedulable"],
        "Namespace" => &["status.phase"],
        "Job" => &["status.successful"],
        _ => &[],
    }
}

impl FieldSelector {
    pub fn parse(selector: &str, resource: &ResourceType) -> Result<Self, ApiError> {
        let mut requirements = Vec::new();
        for req in selector.split(',').map(str::trim).filter(|r| !r.is_empty()) {
            let (field, equal, value) = if let Some((f, v)) = req.split_once("!=") {
                (f, false, v)
            } else if let Some((f, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
                (f, true, v)
            } else {
                return Err(ApiError::bad_request(format!(
                    "invalid selector: '{selector}'; can't understand '{req}'"
                )));
            };
            let field = field.trim();
            if !COMMON_FIELDS.contains(&field) && !extra_fields(resource.kind).contains(&field) {
                return Err(ApiError::bad_request(format!(
                    "field label not supported: {field}"
                )));
            }
            requirements.push((field.to_owned(), equal, value.trim().to_owned()));
        }
        Ok(Self(requirements))
    }

    /// Only objects with this name (a watch on one object's path).
    pub fn with_name(mut self, name: &str) -> Self {
        self.0
            .push(("metadata.name".to_owned(), true, name.to_owned()));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn matches(&self, object: &Value) -> bool {
        self.0
            .iter()
            .all(|(field, equal, value)| (field_value(object, field) == *value) == *equal)
    }
}

/// A field as the server renders it for selection: a missing field is "".
fn field_value(object: &Value, path: &str) -> String {
    let found = path
        .split('.')
        .try_fold(object, |value, key| value.get(key));
    match found {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}
