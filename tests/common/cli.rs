//! Runs the real binary with `home` as its whole world: config, data (waivers, reports) and
//! kubeconfig lookups stay inside it, so tests never read or write the operator's own files.

use std::path::Path;
use std::process::{Command, Output};

pub fn shipshape(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("KUBECONFIG")
        .env_remove("SHIPSHAPE_CONFIG")
        .env_remove("SHIPSHAPE_DATA")
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}
