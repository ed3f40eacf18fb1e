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
        _ => {}
    }
    let file = config::load(&paths.config_file)?;
    let waivers_file = cli
        .global
        .waivers
        .clone()
        .unwrap_or_else(|| paths.waivers_file());
    let waivers = config::waivers::load(&waivers_file)?;
    let env = AppEnv {
        reports_dir: file
            .report
            .dir
            .clone()
            .unwrap_or_else(|| paths.reports_dir()),
        waivers_file,
    };
    let enabled = Enabled {
        docker: (!cli.global.no_docker).then(|| DockerSettings {
            host: cli.global.docker_host.clone().or(file.docker.host.clone()),
            context: None,
        }),
        kube: (!cli.global.no_kube).then(|| KubeSettings {
            kubeconfig: cli.global.kubeconfig.clone(),
            context: cli.global.kube_context.clone(),
            namespace: cli.global.namespace.clone(),
        }),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let mode = match &cli.command {
        Some(Command::Report(args)) => {
            return runtime.block_on(commands::report::run(args, &enabled, &waivers));
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
