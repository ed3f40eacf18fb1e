use clap::Parser;
use shipshape::app::AppEnv;
use shipshape::cli::{Cli, Command};
use shipshape::commands::dashboard::{self, Mode};
use shipshape::commands::{
    self,
    report::{Enabled, Named},
};
use shipshape::config::{self, Paths};
use shipshape::sources::docker::DockerSettings;
use shipshape::sources::kube::KubeSettings;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("shipshape: cannot install error handler: {e}");
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("shipshape: {e:#}");
            ExitCode::from(commands::exit::ERROR)
        }
    }
}

fn run(cli: Cli) -> color_eyre::Result<u8> {
    let mut paths = Paths::discover();
    if let Some(file) = &cli.global.config {
        paths.config_file.clone_from(file);
    }
    match &cli.command {
        Some(Command::Config { action }) => return commands::config::run(action, &paths),
        Some(Command::Rules { format }) => return commands::rules::run(*format),
        Some(Command::Diff(args)) => return commands::diff::run(args),
        Some(Command::Completions { shell }) => return commands::completions::run(*shell),
        Some(Command::Man) => return commands::man::run(),
        _ => {}
    }
    let file = config::load(&paths.config_file)?;
    let waivers_file = cli
        .global
        .waivers
        .clone()
        .unwrap_or_else(|| paths.waivers_file());
    let waivers = config::waivers::load(&waivers_file)?;
    let learning_window = match &file.learning.window {
        Some(text) => shipshape::cli::parse_duration(text).map_err(|e| {
            color_eyre::eyre::eyre!(
                "config file {}: [learning] window: {e}",
                paths.config_file.display()
            )
        })?,
        None => shipshape::learning::DEFAULT_WINDOW,
    };
    let env = AppEnv {
        reports_dir: file
            .report
            .dir
            .clone()
            .unwrap_or_else(|| paths.reports_dir()),
        waivers_file,
        profiles_dir: paths.profiles_dir(),
        actions_log: paths.data_dir.join("actions.log"),
        learning_window,
    };
    let docker = docker_settings(&cli, &file);
    let host = host_settings(&cli, &file, &paths, &docker);
    if let Some(Command::Baseline) = &cli.command {
        let settings = host.unwrap_or_else(|| {
            shipshape::sources::host::settings(
                cli.global.host_root.clone(),
                &file.host,
                paths.data_dir.clone(),
            )
        });
        return commands::baseline::run(&settings);
    }
    let g = &cli.global;
    let enabled = Enabled {
        docker,
        kube: kube_settings(&cli),
        host,
        named: Named {
            docker: !(g.docker_host.is_empty() && g.docker_context.is_empty()),
            kube: !g.kube_context.is_empty(),
        },
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let mode = match &cli.command {
        Some(Command::Report(args)) => {
            return runtime.block_on(commands::report::run(
                args,
                &enabled,
                &waivers,
                &env.profiles_dir,
            ));
        }
        Some(Command::Learn { duration }) => {
            let Some(docker) = enabled.docker.first() else {
                color_eyre::eyre::bail!(
                    "`shipshape learn` watches Docker containers; drop --no-docker"
                );
            };
            let duration = duration.unwrap_or(env.learning_window);
            return runtime.block_on(commands::learn::run(docker, duration, &env.profiles_dir));
        }
        Some(Command::View { file }) => {
            let (snapshot, label) = dashboard::saved(file)?;
            Mode::Saved {
                snapshot: Box::new(snapshot),
                label: format!("read-only: {label}"),
            }
        }
        _ if cli.global.demo => Mode::Saved {
            snapshot: Box::new(dashboard::demo_snapshot()?),
            label: "read-only: built-in demo snapshot (no engine or cluster is read)".to_owned(),
        },
        _ => Mode::Live { enabled, waivers },
    };
    runtime.block_on(dashboard::run(&cli.global, &file, &paths, env, mode))
}

/// One entry per Docker engine to read: each `--docker-context`, each `--docker-host` URL, else
/// the one engine that the config's host, DOCKER_HOST or the current context names.
fn docker_settings(cli: &Cli, file: &config::ConfigFile) -> Vec<DockerSettings> {
    if cli.global.no_docker {
        return Vec::new();
    }
    let hosts = named_once(&cli.global.docker_host);
    let contexts = named_once(&cli.global.docker_context);
    // Several engines: each is known by its context name, or by its address.
    let several = hosts.len() + contexts.len() > 1;
    let mut out: Vec<DockerSettings> = hosts
        .into_iter()
        .map(|host| DockerSettings {
            name: several.then(|| shipshape::sources::docker::endpoint::short_name(&host)),
            host: Some(host),
            context: None,
        })
        .collect();
    out.extend(contexts.into_iter().map(|name| DockerSettings {
        host: None,
        context: Some(name),
        name: None,
    }));
    // Two addresses can shorten alike (`ssh://alice@h`, `ssh://bob@h`): each source needs a
    // name of its own.
    let mut seen: Vec<String> = Vec::new();
    for settings in &mut out {
        if let Some(name) = settings.name.as_mut() {
            let base = name.clone();
            let mut n = 1;
            while seen.contains(name) {
                n += 1;
                *name = format!("{base}#{n}");
            }
            seen.push(name.clone());
        }
    }
    if out.is_empty() {
        out.push(DockerSettings {
            host: file.docker.host.clone(),
            context: None,
            name: None,
        });
    }
    out
}

/// The names given, trimmed, each once, in the order given.
fn named_once(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if !out.iter().any(|o| o == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// One entry per kube context to read (the current context when none is named).
fn kube_settings(cli: &Cli) -> Vec<KubeSettings> {
    if cli.global.no_kube {
        return Vec::new();
    }
    let mut contexts: Vec<Option<String>> = named_once(&cli.global.kube_context)
        .into_iter()
        .map(Some)
        .collect();
    if contexts.is_empty() {
        contexts.push(None);
    }
    contexts
        .into_iter()
        .map(|context| KubeSettings {
            kubeconfig: cli.global.kubeconfig.clone(),
            context,
            namespace: cli.global.namespace.clone(),
        })
        .collect()
}

/// The host audit runs when asked for (`--host-root`, `[host] audit = true`) or, by default,
/// when the Docker engine is on this machine; never with `--no-host`.
fn host_settings(
    cli: &Cli,
    file: &config::ConfigFile,
    paths: &Paths,
    docker: &[DockerSettings],
) -> Option<shipshape::sources::host::HostSettings> {
    if cli.global.no_host {
        return None;
    }
    let local_engine = docker
        .iter()
        .any(|d| shipshape::sources::docker::resolve_endpoint(d).is_ok_and(|e| e.is_local()));
    let wanted = cli.global.host_root.is_some() || file.host.audit.unwrap_or(local_engine);
    wanted.then(|| {
        shipshape::sources::host::settings(
            cli.global.host_root.clone(),
            &file.host,
            paths.data_dir.clone(),
        )
    })
}
