//! Rules about a Docker engine's own settings, read from `/info` and `/version`
//! (CIS Docker Benchmark section 2 and 1.2.2). Scope `daemon`, target `docker/<context>`.

mod confinement;
mod settings;
mod transport;
mod version;

use super::scoped::{Scope, ScopedHit, ScopedRule};
use crate::model::engine::EngineFacts;
use crate::model::{Finding, Severity};
use jiff::civil::Date;

pub type EngineRule = ScopedRule<EngineFacts>;

pub static ENGINE_CATALOG: &[&EngineRule] = &[
    &transport::ENGINE_TCP_NO_TLS,
    &confinement::ENGINE_SECCOMP_OFF,
    &settings::ENGINE_INSECURE_REGISTRY,
    &confinement::ENGINE_NO_LSM,
    &confinement::ENGINE_USERNS_OFF,
    &settings::ENGINE_LOCAL_LOGGING,
    &version::ENGINE_OUTDATED,
    &settings::ENGINE_LIVE_RESTORE_OFF,
    &settings::ENGINE_EXPERIMENTAL,
    &settings::ENGINE_DEBUG,
];

/// Every daemon finding for one engine.
pub fn evaluate(facts: &EngineFacts, today: Date) -> Vec<Finding> {
    super::scoped::evaluate(ENGINE_CATALOG, facts, today)
}

/// One daemon hit when `fired`, none otherwise.
fn hit(e: &EngineFacts, fired: bool, severity: Severity, evidence: String) -> Vec<ScopedHit> {
    if !fired {
        return Vec::new();
    }
    vec![ScopedHit {
        severity,
        evidence,
        scope: Scope::Daemon,
        target: format!("docker/{}", e.context),
    }]
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::EngineRule;
    use crate::model::engine::EngineFacts;

    /// An engine with every setting the rules want.
    pub fn hardened() -> EngineFacts {
        EngineFacts {
            context: "default".into(),
            endpoint: "unix:///var/run/docker.sock".into(),
            version: Some("29.1.0".into()),
            security_options: vec![
                "name=apparmor".into(),
                "name=seccomp,profile=builtin".into(),
                "name=userns".into(),
            ],
            logging_driver: Some("journald".into()),
            live_restore: true,
            insecure_registry_cidrs: vec!["127.0.0.0/8".into(), "::1/128".into()],
            ..EngineFacts::default()
        }
    }

    pub fn today() -> jiff::civil::Date {
        jiff::civil::date(2026, 11, 29)
    }

    pub fn rule_fires(rule: &EngineRule, e: &EngineFacts) -> bool {
        !(rule.check)(e, today()).is_empty()
    }

    #[test]
    fn a_hardened_engine_has_no_findings() {
        assert!(super::evaluate(&hardened(), today()).is_empty());
    }

    #[test]
    fn catalog_is_worst_first_with_unique_ids() {
        let c = super::ENGINE_CATALOG;
        assert!(c.windows(2).all(|w| w[0].severity >= w[1].severity));
        let mut ids: Vec<_> = c.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), c.len());
    }
}
