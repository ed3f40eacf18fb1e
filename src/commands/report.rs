//! `shipshape report`: collect one snapshot from every enabled source and print or write it.

use super::exit;
use crate::cli::{ReportArgs, ReportFormat};
use crate::model::{Snapshot, SourceStatus};
use crate::report;
use crate::sources::docker::{self, DockerSettings};

pub struct Enabled {
    pub docker: Option<DockerSettings>,
}

pub async fn collect(enabled: &Enabled) -> Snapshot {
    let mut sources = Vec::new();
    let mut workloads = Vec::new();
    if let Some(settings) = &enabled.docker {
        let collected = docker::collect_once(settings).await;
        sources.push(collected.info);
        workloads.extend(collected.workloads);
    }
    crate::rules::snapshot(jiff::Timestamp::now(), sources, workloads)
}

pub async fn run(args: &ReportArgs, enabled: &Enabled) -> color_eyre::Result<u8> {
    // Refuse before spending seconds on the engines; the write itself checks again.
    if let Some(path) = args.output.as_ref().filter(|p| !args.force && p.exists()) {
        return Err(crate::export::ExportError::Exists {
            path: path.display().to_string(),
        }
        .into());
    }
    let snapshot = collect(enabled).await;
    let text = match args.format {
        ReportFormat::Json => report::json::render(&snapshot)?,
    };
    match &args.output {
        Some(path) => {
            crate::export::write_file(path, text.as_bytes(), args.force)?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    for source in &snapshot.sources {
        if let Some(error) = &source.error {
            eprintln!(
                "shipshape: {} source `{}`: {error}",
                source.kind.as_str(),
                source.context
            );
        }
    }
    let any_ok = snapshot
        .sources
        .iter()
        .any(|s| s.status == SourceStatus::Ok);
    if !any_ok {
        if snapshot.sources.is_empty() {
            eprintln!("shipshape: no source enabled (both --no-docker and --no-kube given)");
        }
        return Ok(exit::NO_SOURCE);
    }
    Ok(exit::OK)
}
