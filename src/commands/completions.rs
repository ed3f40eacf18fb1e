//! `shipshape completions SHELL`: a completion script generated from the clap definition, so
//! it can never fall behind the real flags and subcommands.

use crate::cli::{Cli, CompletionShell};
use clap::CommandFactory;
use clap_complete::Shell;

pub fn run(shell: CompletionShell) -> color_eyre::Result<u8> {
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    clap_complete::generate(shell, &mut command, name, &mut std::io::stdout());
    Ok(super::exit::OK)
}
