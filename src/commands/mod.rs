//! One file per subcommand. Each returns the process exit status.

pub mod baseline;
pub mod completions;
pub mod config;
pub mod dashboard;
pub mod diff;
pub mod learn;
pub mod man;
pub mod report;
pub mod rules;

/// Exit statuses, documented in `--help` and the README.
pub mod exit {
    pub const OK: u8 = 0;
    pub const ERROR: u8 = 1;
    pub const NO_SOURCE: u8 = 2;
    /// `--fail-on` found something.
    pub const FAIL_ON: u8 = 3;
}
