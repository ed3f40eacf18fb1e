//! Severity of a finding and the risk of a workload (its worst unwaived finding, or none).

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// Worst first, for legends and summaries.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// Explicit rank so reordering variants never changes sorting. Higher is worse.
    pub const fn rank(self) -> u8 {
        match self {
            Severity::Critical => 4,
            Severity::High => 3,
            Severity::Medium => 2,
            Severity::Low => 1,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// The word on a badge: risk must read without colour.
    pub const fn badge(self) -> &'static str {
        match self {
            Severity::Critical => "CRIT",
            Severity::High => "HIGH",
            Severity::Medium => "MED",
            Severity::Low => "LOW",
        }
    }
}

impl Ord for Severity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl PartialOrd for Severity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "critical" => Ok(Severity::Critical),
            "high" => Ok(Severity::High),
            "medium" => Ok(Severity::Medium),
            "low" => Ok(Severity::Low),
            other => Err(format!(
                "unknown severity `{other}` (expected critical, high, medium or low)"
            )),
        }
    }
}

/// A workload's overall risk: the highest severity among its findings, or `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Critical,
    High,
    Medium,
    Low,
    #[default]
    None,
}

impl Risk {
    pub fn from_worst(worst: Option<Severity>) -> Self {
        match worst {
            Some(Severity::Critical) => Risk::Critical,
            Some(Severity::High) => Risk::High,
            Some(Severity::Medium) => Risk::Medium,
            Some(Severity::Low) => Risk::Low,
            None => Risk::None,
        }
    }

    pub const fn severity(self) -> Option<Severity> {
        match self {
            Risk::Critical => Some(Severity::Critical),
            Risk::High => Some(Severity::High),
            Risk::Medium => Some(Severity::Medium),
            Risk::Low => Some(Severity::Low),
            Risk::None => None,
        }
    }

    /// Higher is worse; `None` ranks below every severity.
    pub fn rank(self) -> u8 {
        self.severity().map_or(0, Severity::rank)
    }

    pub fn badge(self) -> &'static str {
        self.severity().map_or("OK", Severity::badge)
    }

    pub fn as_str(self) -> &'static str {
        self.severity().map_or("none", Severity::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_by_rank_not_declaration() {
        let mut all = vec![
            Severity::Low,
            Severity::Critical,
            Severity::Medium,
            Severity::High,
        ];
        all.sort();
        assert_eq!(
            all,
            vec![
                Severity::Low,
                Severity::Medium,
                Severity::High,
                Severity::Critical
            ]
        );
    }

    #[test]
    fn risk_from_worst_and_badges() {
        assert_eq!(Risk::from_worst(None), Risk::None);
        assert_eq!(Risk::from_worst(Some(Severity::High)).badge(), "HIGH");
        assert_eq!(Risk::None.badge(), "OK");
        assert!(Risk::Low.rank() > Risk::None.rank());
    }

    #[test]
    fn severity_parses_case_insensitively() {
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
    }
}
