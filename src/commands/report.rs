//! `shipshape report`: collect one snapshot from every enabled source and print or write it.

use super::exit;
use crate::cli::ReportArgs;
use crate::model::waiver::Waiver;
use crate::model::{Snapshot, SourceStatus};
use crate::report;
use crate::sources::docker::{self, DockerSettings};
use crate::sources::kube::{self, KubeSettings};

/// The sources the operator left in, with their settings.
pub struct Enabled {
    pub docker: Option<DockerSettings>,
    pub kube: Option<KubeSettings>,
}

/// Reads every enabled source once, side by side, and applies the waivers.
pub async fn collect(enabled: &Enabled, waivers: &[Waiver]) -> Snapshot {
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
    let facts = crate::rules::ScopedFacts {
        clusters,
        ..Default::default()
    };
    crate::rules::snapshot_with_waivers(jiff::Timestamp::now(), sources, workloads, &facts, waivers)
}

pub async fn run(
    args: &ReportArgs,
    enabled: &Enabled,
    waivers: &[Waiver],
) -> color_eyre::Result<u8> {
    // Refuse before spending seconds on the engines; the write itself checks again.
    if let Some(path) = args.output.as_ref().filter(|p| !args.force && p.exists()) {
        return Err(crate::export::ExportError::Exists {
            path: path.display().to_string(),
        }
        .into());
    }
    let snapshot = collect(enabled, waivers).await;
    let text = report::render(&snapshot, args.format.into())?;
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
    for w in snapshot
        .waivers
        .iter()
        .filter(|w| w.status == crate::model::waiver::WaiverStatus::Expired)
    {
        eprintln!(
            "shipshape: waiver for {} expired on {}; it no longer applies",
            w.waiver.rule,
            w.waiver.expires.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    if !snapshot
        .sources
        .iter()
        .any(|s| s.status == SourceStatus::Ok)
    {
        if snapshot.sources.is_empty() {
            eprintln!(
                "shipshape: no source to read: Docker is off (--no-docker) and there is no kubeconfig (or --no-kube)"
            );
        }
        return Ok(exit::NO_SOURCE);
    }
    if let Some(fail_on) = args.fail_on {
        let count = report::count_at_or_above(&snapshot, fail_on.severity());
        if count > 0 {
            eprintln!(
                "shipshape: {count} finding(s) at or above {} (not waived): failing as --fail-on asks",
                fail_on.severity()
            );
            return Ok(exit::FAIL_ON);
        }
    }
    Ok(exit::OK)
}
