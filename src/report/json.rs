//! The `shipshape.report/v1` JSON report: the snapshot itself, serialised.

use crate::model::Snapshot;

pub fn render(snapshot: &Snapshot) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(snapshot)?;
    text.push('\n');
    Ok(text)
}
