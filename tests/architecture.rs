//! The layering in ARCHITECTURE.md, checked: the pure core (model, rules, report) uses no I/O
//! runtime, terminal, engine or cluster crates; engine types stay inside their source module.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn src(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(sub)
}

/// Lines that mention `crate_name::` or `use crate_name` outside comments.
fn mentions(file: &Path, crate_name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter(|l| has_path(l, crate_name))
        .map(|l| format!("{}: {}", file.display(), l.trim()))
        .collect()
}

/// `name::` starts a path (the crate itself), rather than being a segment inside one such as
/// `model::kube::` or `resources::`.
fn has_path(line: &str, name: &str) -> bool {
    let needle = format!("{name}::");
    line.match_indices(&needle).any(|(i, _)| {
        let before = &line[..i];
        !before.ends_with("::")
            && before
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    }) || line.trim_start().starts_with(&format!("use {name}"))
}

#[test]
fn pure_core_has_no_io_terminal_or_engine_crates() {
    let forbidden = [
        "tokio",
        "ratatui",
        "crossterm",
        "bollard",
        "kube",
        "k8s_openapi",
        "std::fs",
        "std::net",
    ];
    let mut hits = Vec::new();
    for module in ["model", "rules", "report"] {
        for file in rust_files(&src(module)) {
            for name in forbidden {
                hits.extend(mentions(&file, name));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "the pure core must not use these:\n{}",
        hits.join("\n")
    );
}

#[test]
fn bollard_stays_in_the_docker_source() {
    let docker = src("sources/docker");
    let hits: Vec<String> = rust_files(&src(""))
        .into_iter()
        .filter(|f| !f.starts_with(&docker))
        .flat_map(|f| mentions(&f, "bollard"))
        .collect();
    assert!(
        hits.is_empty(),
        "bollard outside sources/docker:\n{}",
        hits.join("\n")
    );
}

#[test]
fn ui_does_not_talk_to_engines() {
    let mut hits = Vec::new();
    for file in rust_files(&src("ui")) {
        for name in ["bollard", "kube", "k8s_openapi", "tokio"] {
            hits.extend(mentions(&file, name));
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        hits.extend(
            text.lines()
                .filter(|l| l.contains("crate::sources") || l.contains("crate::app"))
                .map(|l| format!("{}: {}", file.display(), l.trim())),
        );
    }
    assert!(
        hits.is_empty(),
        "the UI must not reach sources:\n{}",
        hits.join("\n")
    );
}
