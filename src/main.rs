use clap::Parser;
use shipshape::cli::{Cli, Command};
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
    if let Some(Command::Config { action }) = &cli.command {
        return commands::config::run(action, &paths);
    }
    if let Some(Command::Rules { format }) = &cli.command {
        return commands::rules::run(*format);
    }
    let file = config::load(&paths.config_file)?;
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
    match &cli.command {
        Some(Command::Report(args)) => runtime.block_on(commands::report::run(args, &enabled)),
        _ => runtime.block_on(commands::dashboard::run(
            &cli.global,
            &file,
            &paths,
            enabled,
        )),
    }
}
