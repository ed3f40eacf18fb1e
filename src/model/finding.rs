//! A finding: one rule that fired on one workload, with the evidence and the fix.
//!
//! Most of a finding is the rule's own text (id, title, why, fix, references), the same for
//! every workload it fires on. Those fields borrow the catalog's `'static` text instead of
//! copying it into every finding; a finding read back from a file owns its text. The JSON form
//! is the same either way.

use super::severity::Severity;
use super::waiver::WaiverNote;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Text that is usually the rule catalog's own (`Borrowed`) and owned when read from a file.
pub type Text = Cow<'static, str>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, e.g. `cap-add`. A contract: never renamed.
    pub rule: Text,
    pub severity: Severity,
    pub title: Text,
    /// What triggered it: the mount path, the capability, the field and its value.
    pub evidence: String,
    /// How to fix it, with the exact `docker run` flag and Compose key.
    pub remediation: Text,
    /// Benchmark ids, e.g. `CIS Docker 1.6.0 5.32`.
    pub references: References,
    /// Why it matters.
    #[serde(default)]
    pub risk: Text,
    /// The Pod Security Standards level it breaks (`baseline`, `restricted`), for pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pss: Option<Text>,
    /// For findings about a cluster or namespace: `cluster` or `namespace`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// What a cluster or namespace finding is about, e.g. `clusterrolebinding/ci-admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// For a cluster or daemon finding: the kube context or Docker engine it is about (several
    /// may be read at once). Workload findings have their workload's source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<super::SourceRef>,
    /// An accepted risk: shown, but not counted in risk, summary or `--fail-on`.
    #[serde(default)]
    pub waived: bool,
    /// Why, when `waived` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<WaiverNote>,
}

/// A finding's benchmark ids: the catalog's list, or the strings a saved file holds. A JSON
/// array of strings either way; two lists with the same strings are equal.
#[derive(Debug, Clone)]
pub enum References {
    Static(&'static [&'static str]),
    Owned(Vec<String>),
}

impl References {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (statics, owned) = match self {
            References::Static(s) => (*s, &[][..]),
            References::Owned(v) => (&[][..], v.as_slice()),
        };
        statics
            .iter()
            .copied()
            .chain(owned.iter().map(String::as_str))
    }

    pub fn len(&self) -> usize {
        match self {
            References::Static(s) => s.len(),
            References::Owned(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ids joined with `sep`, as `[String]::join` would.
    pub fn join(&self, sep: &str) -> String {
        match self {
            References::Static(s) => s.join(sep),
            References::Owned(v) => v.join(sep),
        }
    }
}

impl Default for References {
    fn default() -> Self {
        References::Static(&[])
    }
}

impl From<Vec<String>> for References {
    fn from(v: Vec<String>) -> Self {
        References::Owned(v)
    }
}

impl From<&'static [&'static str]> for References {
    fn from(s: &'static [&'static str]) -> Self {
        References::Static(s)
    }
}

impl PartialEq for References {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for References {}

impl Serialize for References {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for References {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(deserializer).map(References::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_compare_and_serialise_by_content() {
        let s = References::Static(&["CIS 1", "CIS 2"]);
        let o = References::from(vec!["CIS 1".to_owned(), "CIS 2".to_owned()]);
        assert_eq!(s, o);
        assert_ne!(s, References::default());
        assert_eq!(s.join(", "), "CIS 1, CIS 2");
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            serde_json::to_string(&o).unwrap()
        );
        let back: References = serde_json::from_str("[\"CIS 1\",\"CIS 2\"]").unwrap();
        assert_eq!(back, s);
        assert_eq!(s.iter().collect::<Vec<_>>(), ["CIS 1", "CIS 2"]);
    }
}
