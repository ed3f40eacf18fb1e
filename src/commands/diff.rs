//! `shipshape diff OLD NEW`: what changed between two saved snapshots.

use super::exit;
use crate::cli::{DiffArgs, DiffFormat};
use crate::report::{diff, diff_format, load};

pub fn run(args: &DiffArgs) -> color_eyre::Result<u8> {
    let read = |path: &std::path::Path| -> color_eyre::Result<crate::model::Snapshot> {
        let shown = path.display().to_string();
        let text =
            std::fs::read(path).map_err(|e| color_eyre::eyre::eyre!("cannot read {shown}: {e}"))?;
        Ok(load::parse(&String::from_utf8_lossy(&text), &shown)?)
    };
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let d = diff::diff(&old, &new);
    let text = match args.format {
        DiffFormat::Text => diff_format::text(&d),
        DiffFormat::Json => diff_format::json(&d)?,
        DiffFormat::Markdown => diff_format::markdown(&d),
    };
    print!("{text}");
    if let Some(fail_on) = args.fail_on {
        let count = d.new_at_or_above(fail_on.severity());
        if count > 0 {
            eprintln!(
                "shipshape: {count} new finding(s) at or above {} (not waived): failing as --fail-on asks",
                fail_on.severity()
            );
            return Ok(exit::FAIL_ON);
        }
    }
    Ok(exit::OK)
}
