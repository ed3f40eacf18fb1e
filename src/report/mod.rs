//! Reports render a [`Snapshot`](crate::model::Snapshot) to text. Strings in, strings out:
//! writing files is `export`'s job.

pub mod catalog;
pub mod diff;
pub mod diff_format;
pub mod escape;
pub mod html;
pub mod json;
pub mod load;
pub mod markdown;
pub mod units;

use crate::model::{Severity, Snapshot};

/// The formats a snapshot can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Html,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Json, Format::Markdown, Format::Html];

    pub const fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON (for scripts, diff and view)",
            Format::Markdown => "Markdown (for tickets and chat)",
            Format::Html => "HTML (one self-contained page)",
        }
    }
}

pub fn render(snapshot: &Snapshot, format: Format) -> Result<String, serde_json::Error> {
    match format {
        Format::Json => json::render(snapshot),
        Format::Markdown => Ok(markdown::render(snapshot)),
        Format::Html => Ok(html::render(snapshot)),
    }
}

/// Unwaived findings at or above `severity`, workload and cluster ones: what `--fail-on` counts.
pub fn count_at_or_above(snapshot: &Snapshot, severity: Severity) -> usize {
    snapshot
        .workloads
        .iter()
        .flat_map(|w| &w.findings)
        .chain(&snapshot.findings)
        .filter(|f| !f.waived && f.severity >= severity)
        .count()
}
