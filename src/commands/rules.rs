//! `shipshape rules`: the rule catalog.

use crate::cli::RulesFormat;
use crate::report::catalog;

pub fn run(format: RulesFormat) -> color_eyre::Result<u8> {
    let text = match format {
        RulesFormat::Text => catalog::text(),
        RulesFormat::Markdown => catalog::markdown(),
        RulesFormat::Json => catalog::json()?,
    };
    print!("{text}");
    Ok(super::exit::OK)
}
