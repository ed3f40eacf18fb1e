//! Which contexts are production. Operators switch contexts all day; the one that matters
//! must look different, and acting on it must take more than one key.

use crate::model::SourceRef;

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

    pub fn is_production(&self, source: &SourceRef) -> bool {
        self.matches(&source.context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn configured_patterns_replace_the_default() {
        let p = Production::new(vec!["live-*".into(), "gke_*_eu?".into()]);
        assert!(p.matches("live-shop"));
        assert!(p.matches("gke_acme_eu1"));
        assert!(!p.matches("prod"), "the default is replaced, not added to");
        assert!(!Production::new(Vec::new()).matches("prod"));
    }
}
