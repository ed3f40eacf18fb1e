//! Which contexts are production. Operators switch contexts all day; the one that matters
//! must look different, and acting on it must take more than one key.

use crate::model::{Snapshot, SourceInfo, SourceRef};

/// Context name patterns (`*` and `?` globs, case-insensitive) that mark production.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Production {
    patterns: Vec<String>,
}

/// Without configuration: any context whose name contains `prod`.
pub const DEFAULT_PATTERN: &str = "*prod*";

impl Default for Production {
    fn default() -> Self {
        Self::new(vec![DEFAULT_PATTERN.to_owned()])
    }
}

impl Production {
    /// An empty list marks nothing.
    pub fn new(patterns: Vec<String>) -> Self {
        Self {
            patterns: patterns.iter().map(|p| p.to_lowercase()).collect(),
        }
    }

    pub fn matches(&self, context: &str) -> bool {
        let name = context.to_lowercase();
        self.patterns
            .iter()
            .any(|p| crate::rules::waivers::glob(p, &name))
    }

    /// A source is production when its context name matches, or the address it was read
    /// from does (an engine given as `ssh://ops@prod-db` is context `default` but still
    /// production).
    pub fn is_production_source(&self, info: &SourceInfo) -> bool {
        self.matches(&info.context) || self.matches(address(&info.endpoint))
    }

    /// The source of a workload, looked up in the snapshot that holds it.
    pub fn is_production(&self, snapshot: &Snapshot, source: &SourceRef) -> bool {
        match snapshot.sources.iter().find(|s| s.source_ref() == *source) {
            Some(info) => self.is_production_source(info),
            None => self.matches(&source.context),
        }
    }
}

/// `tcp://prod-db:2376` → `prod-db:2376`: patterns are written for names, not URLs.
fn address(endpoint: &str) -> &str {
    endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest)
        .trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceKind;

    #[test]
    fn by_default_names_with_prod_are_production() {
        let p = Production::default();
        assert!(p.matches("prod"));
        assert!(p.matches("eu-PROD-1"));
        assert!(p.matches("production"));
        assert!(!p.matches("staging"));
        assert!(!p.matches("default"));
    }

    #[test]
    fn an_engine_given_by_a_production_address_is_production() {
        let p = Production::new(vec!["prod-*".into()]);
        let by_address = SourceInfo::new(SourceKind::Docker, "default", "ssh://prod-db");
        assert!(p.is_production_source(&by_address));
        let local = SourceInfo::new(SourceKind::Docker, "default", "unix:///var/run/docker.sock");
        assert!(!p.is_production_source(&local));
        let snapshot = Snapshot::new(
            jiff::Timestamp::UNIX_EPOCH,
            vec![by_address.clone()],
            Vec::new(),
            Vec::new(),
        );
        assert!(p.is_production(&snapshot, &by_address.source_ref()));
    }

    #[test]
    fn configured_patterns_replace_the_default() {
        let p = Production::new(vec!["live-*".into(), "gke_*_eu?".into()]);
        assert!(p.matches("live-shop"));
        assert!(p.matches("gke_acme_eu1"));
        assert!(!p.matches("prod"), "the default is replaced, not added to");
        assert!(!Production::new(Vec::new()).matches("prod"));
    }
}
