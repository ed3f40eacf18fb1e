//! Waivers: known, accepted risks. A waived finding stays visible with its reason but no longer
//! counts toward a workload's risk, the summary or `--fail-on`.

use serde::{Deserialize, Serialize};

/// One entry of the waivers file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    /// The rule id it waives (a glob: `*` and `?` work).
    pub rule: String,
    /// Globs on where it applies; unset means everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Matches the container name, the pod name, `pod/container`, or a cluster finding's target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Narrows it to findings whose evidence matches (one capability of several, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    pub reason: String,
    /// The last day it applies (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<jiff::civil::Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

impl Waiver {
    /// Where it applies, for people: `context / namespace / name`, or `everywhere`.
    pub fn scope_label(&self) -> String {
        let parts: Vec<&str> = [&self.context, &self.namespace, &self.name]
            .into_iter()
            .filter_map(|v| v.as_deref())
            .collect();
        if parts.is_empty() {
            "everywhere".to_owned()
        } else {
            parts.join(" / ")
        }
    }
}

/// What a finding carries when a waiver applies to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverNote {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<jiff::civil::Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WaiverStatus {
    Active,
    /// Past its expiry date: it no longer applies.
    Expired,
}

impl WaiverStatus {
    pub fn label(self) -> &'static str {
        match self {
            WaiverStatus::Active => "active",
            WaiverStatus::Expired => "expired",
        }
    }
}

/// A waiver as the report lists it: what it says, whether it still applies, how many findings
/// it covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverState {
    #[serde(flatten)]
    pub waiver: Waiver,
    pub status: WaiverStatus,
    pub matched: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiver() -> Waiver {
        Waiver {
            rule: "docker.privileged".to_owned(),
            context: None,
            namespace: None,
            name: None,
            evidence: None,
            reason: "r".to_owned(),
            expires: None,
            author: None,
        }
    }

    #[test]
    fn scope_label_names_what_is_set_and_says_everywhere_otherwise() {
        assert_eq!(waiver().scope_label(), "everywhere");
        let narrow = Waiver {
            context: Some("lab".to_owned()),
            name: Some("web-*".to_owned()),
            ..waiver()
        };
        assert_eq!(narrow.scope_label(), "lab / web-*");
    }
}
