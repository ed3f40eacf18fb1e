//! `shipshape report`: collect one snapshot from every enabled source and print or write it.

use super::exit;
use crate::cli::{ReportArgs, ReportFormat};
use crate::model::{Snapshot, SourceStatus};
use crate::report;
use crate::sources::docker::{self, DockerSettings};
use crate::sources::kube::{self, KubeSettings};

/// The sources the operator left in, with their settings.
pub struct Enabled {
    pub docker: Option<DockerSettings>,
    pub kube: Option<KubeSettings>,
}

/// Reads every enabled source once, side by side.
pub async fn collect(enabled: &Enabled) -> Snapshot {
    let docker = async {
        match &enabled.docker {
            Some(settings) => Some(docker::collect_once(settings).await),
            None => None,
        }
    };
    let kube = async {
        match &enabled.kube {
            Some(settings) => kube::collect::collect_once(settings).await,
            None => None,
        }
    };
    let (docker, kube) = tokio::join!(docker, kube);
    let mut sources = Vec::new();
    let mut workloads = Vec::new();
    let mut clusters = Vec::new();
    if let Some(collected) = docker {
        sources.push(collected.info);
        workloads.extend(collected.workloads);
    }
    if let Some(collected) = kube {
        sources.push(collected.info);
        workloads.extend(collected.workloads);
        clusters.extend(collected.facts);
    }
    crate::rules::snapshot(jiff::Timestamp::now(), sources, workloads, &clusters)
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
            eprintln!(
                "shipshape: no source to read: Docker is off (--no-docker) and there is no kubeconfig (or --no-kube)"
            );
        }
        return Ok(exit::NO_SOURCE);
    }
    Ok(exit::OK)
}
