//! `shipshape report`: collect one snapshot from every enabled source and print or write it.

use super::exit;
use crate::cli::ReportArgs;
use crate::learning::ProfileStore;
use crate::model::waiver::Waiver;
use crate::model::{Snapshot, SourceStatus};
use crate::report;
use crate::sources::docker::{self, DockerSettings};
use crate::sources::host::HostSettings;
use crate::sources::kube::{self, KubeSettings};
use futures_util::future::join_all;
use std::path::Path;

/// The sources the operator left in, with their settings.
pub struct Enabled {
    /// Every Docker engine to read (none with --no-docker).
    pub docker: Vec<DockerSettings>,
    /// Every kube context to read (none with --no-kube).
    pub kube: Vec<KubeSettings>,
    /// The host file audit, when it runs.
    pub host: Option<HostSettings>,
    /// Which kinds the operator named on the command line: for `report`, each engine or
    /// context named must be read.
    pub named: Named,
}

/// `--docker-host`/`--docker-context` (Docker), `--kube-context` (Kubernetes).
#[derive(Debug, Clone, Copy, Default)]
pub struct Named {
    pub docker: bool,
    pub kube: bool,
}

impl Named {
    fn includes(self, kind: crate::model::SourceKind) -> bool {
        match kind {
            crate::model::SourceKind::Docker => self.docker,
            crate::model::SourceKind::Kubernetes => self.kube,
        }
    }
}

/// Reads every enabled source once, side by side, applies the learned profiles in
/// `profiles_dir` (learning from this sample too) and the waivers.
pub async fn collect(enabled: &Enabled, waivers: &[Waiver], profiles_dir: &Path) -> Snapshot {
    let docker = join_all(enabled.docker.iter().map(docker::collect_once));
    let kube = join_all(enabled.kube.iter().map(kube::collect::collect_once));
    let host = async {
        let settings = enabled.host.clone()?;
        tokio::task::spawn_blocking(move || crate::sources::host::audit(&settings))
            .await
            .ok()
    };
    let (docker, kube, host) = tokio::join!(docker, kube, host);
    let mut sources = Vec::new();
    let mut workloads = Vec::new();
    let mut clusters = Vec::new();
    let mut engines = Vec::new();
    for collected in docker {
        sources.push(collected.info);
        workloads.extend(collected.workloads);
        engines.extend(collected.engine);
    }
    for collected in kube.into_iter().flatten() {
        sources.push(collected.info);
        workloads.extend(collected.workloads);
        clusters.extend(collected.facts);
    }
    let now = jiff::Timestamp::now();
    let mut profiles = ProfileStore::load(profiles_dir);
    let unsaved = profiles.observe(&workloads, now);
    for problem in profiles.problems.iter().chain(&unsaved) {
        eprintln!("shipshape: {problem}");
    }
    profiles.attach(&mut workloads, now);
    let facts = crate::rules::ScopedFacts {
        clusters,
        engines,
        host,
    };
    crate::rules::snapshot_with_waivers(now, sources, workloads, &facts, waivers)
}

pub async fn run(
    args: &ReportArgs,
    enabled: &Enabled,
    waivers: &[Waiver],
    profiles_dir: &Path,
) -> color_eyre::Result<u8> {
    // Refuse before spending seconds on the engines; the write itself checks again.
    if let Some(path) = args.output.as_ref().filter(|p| !args.force && p.exists()) {
        return Err(crate::export::ExportError::Exists {
            path: path.display().to_string(),
        }
        .into());
    }
    let snapshot = collect(enabled, waivers, profiles_dir).await;
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
    if let Some(host) = &snapshot.host {
        for error in &host.errors {
            eprintln!("shipshape: host audit: {error}");
        }
        if let Some(b) = host.baseline.as_ref().filter(|b| b.recorded_now) {
            eprintln!(
                "shipshape: recorded the host baseline in {} (first run); later runs report changes",
                b.path
            );
        }
    }
    // The host audit alone counts only when no engine or cluster was asked for: it must not
    // hide an engine that could not be read.
    let any_read = snapshot
        .sources
        .iter()
        .any(|s| s.status == SourceStatus::Ok)
        || (snapshot.sources.is_empty() && snapshot.host.is_some());
    if !any_read {
        if snapshot.sources.is_empty() {
            eprintln!(
                "shipshape: no source to read: Docker is off (--no-docker) and there is no kubeconfig (or --no-kube)"
            );
        }
        return Ok(exit::NO_SOURCE);
    }
    // A context asked for by name that could not be read must fail a CI job, even when the
    // others were read (the report still holds them, and says which failed).
    let named_failed = snapshot
        .sources
        .iter()
        .any(|s| s.status == SourceStatus::Error && enabled.named.includes(s.kind));
    if named_failed {
        eprintln!("shipshape: a source named on the command line could not be read (above)");
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
