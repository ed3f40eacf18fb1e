//! Whether the server's minor version still gets upstream patches. The table is data
//! (`kubernetes-releases.toml`) and carries the date it was made.

use super::{ClusterHit, ClusterRule, Scope};
use crate::model::Severity;
use jiff::civil::Date;
use serde::Deserialize;
use std::sync::LazyLock;

/// Within this many days of end of life, warn.
const WARN_DAYS: i32 = 60;

#[derive(Debug, Deserialize)]
pub struct Releases {
    pub as_of: Date,
    pub releases: Vec<Release>,
}

#[derive(Debug, Deserialize)]
pub struct Release {
    pub minor: String,
    pub eol: Date,
    #[serde(default)]
    pub planned: bool,
}

/// The embedded table; a test checks it parses, so the empty fallback never ships.
pub static TABLE: LazyLock<Releases> = LazyLock::new(|| {
    toml::from_str(include_str!("kubernetes-releases.toml")).unwrap_or(Releases {
        as_of: Date::constant(2026, 11, 29),
        releases: Vec::new(),
    })
});

/// `v1.29.4+k3s1` -> (1, 29).
fn minor_of(git_version: &str) -> Option<(u32, u32)> {
    let mut parts = git_version.trim_start_matches('v').split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>();
    Some((major, minor.parse().ok()?))
}

fn parse_minor(minor: &str) -> Option<(u32, u32)> {
    let (a, b) = minor.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

pub static KUBERNETES_EOL: ClusterRule = ClusterRule {
    id: "kubernetes-eol",
    title: "Kubernetes version past or near end of life",
    severity: Severity::High,
    risk: "Upstream no longer ships security fixes for this minor version: known CVEs in the API \
           server, kubelet and controllers stay open.",
    fix: "Upgrade the control plane, then the nodes, one minor version at a time to a supported \
          release (see kubernetes.io/releases); check deprecated APIs first, e.g. with \
          `kubectl convert` or pluto.",
    references: &["kubernetes/website data/releases/eol.yaml", "Popeye 405"],
    check: |facts, today| {
        let Some(version) = facts.server_version.as_deref() else {
            return Vec::new();
        };
        let Some(server) = minor_of(version) else {
            return Vec::new();
        };
        let table = &*TABLE;
        let oldest = table
            .releases
            .iter()
            .filter_map(|r| parse_minor(&r.minor))
            .min();
        let entry = table
            .releases
            .iter()
            .find(|r| parse_minor(&r.minor) == Some(server));
        let target = format!("context/{}", facts.context);
        let hit = |severity, evidence| {
            vec![ClusterHit {
                severity,
                evidence,
                scope: Scope::Cluster,
                target: target.clone(),
            }]
        };
        match entry {
            Some(r) if r.eol < today => hit(
                Severity::High,
                format!(
                    "server {version}: {} reached end of life on {} (release table as of {})",
                    r.minor, r.eol, table.as_of
                ),
            ),
            Some(r)
                if today.until(r.eol).map(|s| s.get_days()).unwrap_or(i32::MAX) <= WARN_DAYS =>
            {
                hit(
                    Severity::Medium,
                    format!(
                        "server {version}: {} reaches end of life on {}{} (release table as of {})",
                        r.minor,
                        r.eol,
                        if r.planned { " (planned)" } else { "" },
                        table.as_of
                    ),
                )
            }
            None if oldest.is_some_and(|o| server < o) => hit(
                Severity::High,
                format!(
                    "server {version}: older than every release in the table, long past end of life (release table as of {})",
                    table.as_of
                ),
            ),
            _ => Vec::new(),
        }
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{tidy, today};
    use super::*;

    fn with_version(v: &str) -> crate::model::cluster::ClusterFacts {
        let mut f = tidy();
        f.server_version = Some(v.into());
        f
    }

    #[test]
    fn the_table_parses_and_is_dated() {
        assert!(TABLE.releases.len() > 10);
        assert!(TABLE.as_of >= jiff::civil::date(2026, 11, 1));
    }

    #[test]
    fn past_near_and_supported() {
        let past = (KUBERNETES_EOL.check)(&with_version("v1.29.4"), today());
        assert_eq!(past[0].severity, Severity::High);
        assert!(past[0].evidence.contains("2025-02-28") && past[0].evidence.contains("as of"));
        let near = (KUBERNETES_EOL.check)(&with_version("v1.35.0"), jiff::civil::date(2027, 1, 15));
        assert_eq!(near[0].severity, Severity::Medium);
        assert!((KUBERNETES_EOL.check)(&with_version("v1.35.2+k3s1"), today()).is_empty());
    }

    #[test]
    fn ancient_and_unknown_versions() {
        assert_eq!(
            (KUBERNETES_EOL.check)(&with_version("v1.16.0"), today())[0].severity,
            Severity::High
        );
        assert!((KUBERNETES_EOL.check)(&with_version("v1.99.0"), today()).is_empty());
        assert!((KUBERNETES_EOL.check)(&with_version("garbage"), today()).is_empty());
    }
}
