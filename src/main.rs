use clap::Parser;
use shipshape::app::AppEnv;
use shipshape::cli::{Cli, Command};
use shipshape::commands::dashboard::{self, Mode};
use shipshape::commands::{self, report::Enabled};
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
    let docker = (!cli.global.no_docker).then(|| DockerSettings {
        host: cli.global.docker_host.clone().or(file.docker.host.clone()),
        context: None,
    });
    let host = host_settings(&cli, &file, &paths, docker.as_ref());
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
    let enabled = Enabled {
        docker,
        kube: (!cli.global.no_kube).then(|| KubeSettings {
            kubeconfig: cli.global.kubeconfig.clone(),
            context: cli.global.kube_context.clone(),
            namespace: cli.global.namespace.clone(),
        }),
        host,
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
            let Some(docker) = &enabled.docker else {
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

/// The host audit runs when asked for (`--host-root`, `[host] audit = true`) or, by default,
/// when the Docker engine is on this machine; never with `--no-host`.
fn host_settings(
    cli: &Cli,
    file: &config::ConfigFile,
    paths: &Paths,
    docker: Option<&DockerSettings>,
) -> Option<shipshape::sources::host::HostSettings> {
    if cli.global.no_host {
        return None;
    }
    let local_engine = docker
        .and_then(|d| shipshape::sources::docker::resolve_endpoint(d).ok())
        .is_some_and(|e| e.is_local());
    let wanted = cli.global.host_root.is_some() || file.host.audit.unwrap_or(local_engine);
    wanted.then(|| {
        shipshape::sources::host::settings(
            cli.global.host_root.clone(),
            &file.host,
            paths.data_dir.clone(),
        )
    })
}
