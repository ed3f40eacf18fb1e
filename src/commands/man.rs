//! `shipshape man`: the manual page in roff, generated from the clap definition (the same
//! text as `--help`), for `man -l -` or to install under `man1/`.

use crate::cli::Cli;
use clap::CommandFactory;
use std::io::Write;

pub fn run() -> color_eyre::Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().write_all(&page)?;
    Ok(super::exit::OK)
}
