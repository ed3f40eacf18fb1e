//! Command-line interface (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "shipshape",
    version,
    about = "Terminal dashboard for container run-time security (Docker and Kubernetes)",
    long_about = "Shows every container of the local Docker engine with a risk badge, CPU and memory \
                  against its limits, its mounts and capabilities, and explains each finding with \
                  the exact fix; the same for every container of every pod of a Kubernetes context, \
                  with the cluster's own risks. Run without a command for the dashboard.",
    after_help = "Exit status: 0 success; 1 error (bad arguments, unreadable files); 2 no source could be \
                  read (report: or an engine or context named on the command line could not be); 3 --fail-on found a finding at or above the severity (waived findings do not count)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Docker engine address (unix:///path, tcp://host:port, ssh://user@host); several, read
    /// side by side: `--docker-host URL,URL`. Default: DOCKER_HOST, then the current Docker
    /// context, then unix:///var/run/docker.sock.
    #[arg(long, global = true, value_name = "URL[,URL]", value_delimiter = ',')]
    pub docker_host: Vec<String>,
    /// Colour theme: default, light, high-contrast, mono, or a file name from
    /// <config dir>/themes. NO_COLOR forces mono.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Configuration file (default: see `shipshape config path`).
    #[arg(long, global = true, value_name = "FILE", env = "SHIPSHAPE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Kubeconfig file (default: KUBECONFIG, several files merged like kubectl does, else
    /// ~/.kube/config, else the in-cluster service account).
    #[arg(long, global = true, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,
    /// Kube contexts to read, side by side: `--kube-context a,b` (default: the kubeconfig's
    /// current-context).
    #[arg(long, global = true, value_name = "NAME[,NAME]", value_delimiter = ',')]
    pub kube_context: Vec<String>,
    /// Docker contexts to read, side by side: `--docker-context default,podman` (default:
    /// --docker-host, DOCKER_HOST, then the current Docker context).
    #[arg(long, global = true, value_name = "NAME[,NAME]", value_delimiter = ',')]
    pub docker_context: Vec<String>,
    /// Only this namespace (default: all the user may list).
    #[arg(long, short = 'n', global = true, value_name = "NS")]
    pub namespace: Option<String>,
    /// Leave Kubernetes out.
    #[arg(long, global = true)]
    pub no_kube: bool,
    /// Leave Docker out.
    #[arg(long, global = true)]
    pub no_docker: bool,
    /// Waivers file (default: waivers.toml next to the config file).
    #[arg(long, global = true, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Audit the host files under DIR instead of / (a mounted host filesystem, or a test
    /// folder). Without it the audit runs when the Docker engine is local.
    #[arg(long, global = true, value_name = "DIR")]
    pub host_root: Option<PathBuf>,
    /// Leave the host file audit out.
    #[arg(long, global = true)]
    pub no_host: bool,
    /// Draw with ASCII only: `+-|` borders, no symbols. The default when the locale (LC_ALL,
    /// else LC_CTYPE, else LANG) is not UTF-8, e.g. LANG=C.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Start without mouse capture, so the terminal selects text (`M` toggles it).
    #[arg(long, global = true)]
    pub no_mouse: bool,
    /// `y` shows a fix plain instead of copying it through OSC 52.
    #[arg(long, global = true)]
    pub no_osc52: bool,
    /// Open a built-in example snapshot: a populated dashboard with no engine or cluster.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Take one snapshot and print or write it: JSON (schema shipshape.report/v1), Markdown or
    /// a self-contained HTML page.
    Report(ReportArgs),
    /// List the rule catalog.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Compare two JSON snapshots: new and resolved findings, new and removed workloads, risk
    /// changes. Workloads match by source, namespace and name (not container ids).
    Diff(DiffArgs),
    /// Open a saved JSON snapshot in the dashboard, read-only.
    View {
        /// A file written by `shipshape report --format json` or by `e` in the dashboard.
        file: PathBuf,
    },
    /// Record the host files' integrity baseline (hash, mode, owner) in the data folder;
    /// later runs report what changed since (`config-changed`).
    Baseline,
    /// Learn what every running container runs, for a while, and save a process profile per
    /// image in the data folder. Afterwards anything else is `process-drift`.
    Learn {
        /// How long to watch, e.g. 30s, 10m (default: the config's learning window, 10m).
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        duration: Option<std::time::Duration>,
    },
    /// Configuration file helpers.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a shell completion script to standard output, e.g.
    /// `shipshape completions bash > ~/.local/share/bash-completion/completions/shipshape`.
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the manual page (roff) to standard output: `shipshape man | man -l -`.
    Man,
}

/// The shells `shipshape completions` writes a script for.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

/// The severity `--fail-on` gates on.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
}

impl FailOn {
    pub fn severity(self) -> crate::model::Severity {
        use crate::model::Severity;
        match self {
            FailOn::Critical => Severity::Critical,
            FailOn::High => Severity::High,
            FailOn::Medium => Severity::Medium,
            FailOn::Low => Severity::Low,
        }
    }
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 3 when a NEW finding at or above this severity (and not waived) appears.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
    pub format: ReportFormat,
    /// Write to FILE (mode 0600, atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Exit 3 when a finding at or above this severity (and not waived) is present.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Markdown,
    Html,
}

impl From<ReportFormat> for crate::report::Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Json => Self::Json,
            ReportFormat::Markdown => Self::Markdown,
            ReportFormat::Html => Self::Html,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RulesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the configuration file's path.
    Path,
    /// Write a commented default configuration file (refuses to overwrite).
    Init,
}

/// `30s`, `10m`, `1h`, `90` (seconds).
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration: write 30s, 10m or 1h"))?;
    let seconds = match unit {
        "" | "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("`{text}`: unknown unit `{unit}`: use s, m or h")),
    };
    if seconds == 0 {
        return Err("a duration must be longer than 0s".to_owned());
    }
    Ok(std::time::Duration::from_secs(seconds))
}
