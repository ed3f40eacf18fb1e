//! Rules about a Docker engine's own settings, read from `/info` and `/version`
//! (CIS Docker Benchmark section 2 and 1.2.2).

use super::scoped::ScopedRule;
use crate::model::Finding;
use crate::model::engine::EngineFacts;
use jiff::civil::Date;

pub type EngineRule = ScopedRule<EngineFacts>;

pub static ENGINE_CATALOG: &[&EngineRule] = &[];

/// Every daemon finding for one engine.
pub fn evaluate(facts: &EngineFacts, today: Date) -> Vec<Finding> {
    super::scoped::evaluate(ENGINE_CATALOG, facts, today)
}
