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

/// As [`shipshape`], with the Docker CLI's own variables cleared and then `env` set: the
/// engine is found only the way the test says.
pub fn shipshape_env(args: &[&str], home: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env_remove("KUBECONFIG")
        .env_remove("SHIPSHAPE_CONFIG")
        .env_remove("SHIPSHAPE_DATA")
        .env("RUST_BACKTRACE", "0");
    for var in [
        "DOCKER_HOST",
        "DOCKER_CONTEXT",
        "DOCKER_TLS_VERIFY",
        "DOCKER_CERT_PATH",
        "DOCKER_CONFIG",
    ] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command.output().unwrap()
}

/// The parts of a JSON report that must not depend on how the engine was reached: each
/// workload's id and name with the sorted rule ids of its findings, by id.
pub fn workload_findings(
    report: &serde_json::Value,
) -> std::collections::BTreeMap<String, (String, Vec<String>)> {
    report["workloads"]
        .as_array()
        .expect("workloads[]")
        .iter()
        .map(|w| {
            let mut rules: Vec<String> = w["findings"]
                .as_array()
                .expect("findings[]")
                .iter()
                .map(|f| format!("{}: {}", f["rule"].as_str().unwrap(), f["evidence"]))
                .collect();
            rules.sort();
            (
                w["id"].as_str().unwrap().to_owned(),
                (w["name"].as_str().unwrap().to_owned(), rules),
            )
        })
        .collect()
}
