//! Property tests for every parser of a file someone other than shipshape may write: the config
//! file, themes, the waivers file, saved snapshots, Docker context metadata and config.json,
//! learned profiles and the host baseline. Arbitrary text and mangled valid files must give
//! either a value or an error that names the file: never a panic.
//!
//! Bounded (256 cases each by default; PROPTEST_CASES changes it), so they run in CI.

// In these helpers a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use std::path::Path;

const CONFIG: &str = include_str!("../src/config/default.toml");
const THEME: &str = include_str!("../themes/default.toml");
const SNAPSHOT: &str = include_str!("../src/demo.json");
const WAIVERS: &str =
    "[[waiver]]\nrule = \"cap-add\"\nname = \"web\"\nreason = \"needs it\"\nexpires = 2027-01-01\n";
const META: &str = r#"{"Name":"remote","Endpoints":{"docker":{"Host":"tcp://10.0.0.2:2376","SkipTLSVerify":false}}}"#;
const PROFILE: &str = r#"{"schema":"shipshape.profile/v1","image":"web:1","state":"watching","started":"2026-11-29T07:00:00Z","until":"2026-11-29T07:10:00Z","known":{"sh":{"first_seen":"2026-11-29T07:00:01Z","example":"sh"}},"drift":{}}"#;

/// Arbitrary text, or a valid file with bytes changed, inserted, or cut off: the second finds
/// the deep paths of a parser that random text never reaches.
fn mangled(valid: &'static str) -> impl Strategy<Value = String> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), any::<char>(), 0..3u8), 1..8);
    prop_oneof![
        any::<String>(),
        (edits, any::<prop::sample::Index>(), any::<bool>()).prop_map(
            move |(edits, cut, truncate)| {
                let mut chars: Vec<char> = valid.chars().collect();
                for (at, c, how) in edits {
                    let i = at.index(chars.len().max(1)).min(chars.len());
                    match how {
                        0 if i < chars.len() => chars[i] = c,
                        1 => chars.insert(i, c),
                        _ if i < chars.len() => {
                            chars.remove(i);
                        }
                        _ => chars.push(c),
                    }
                }
                if truncate {
                    chars.truncate(cut.index(chars.len().max(1)));
                }
                chars.into_iter().collect()
            }
        ),
    ]
}

fn names(error: &str, file: &str) -> bool {
    error.contains(file)
}

fn write(dir: &Path, relative: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn config_file(text in mangled(CONFIG)) {
        if let Err(e) = shipshape::config::parse(&text, "/etc/shipshape/config.toml") {
            prop_assert!(names(&e.to_string(), "/etc/shipshape/config.toml"), "{e}");
        }
    }

    #[test]
    fn waivers_file(text in mangled(WAIVERS)) {
        if let Err(e) = shipshape::config::waivers::parse(&text, "waivers.toml") {
            prop_assert!(names(&e.to_string(), "waivers.toml"), "{e}");
        }
    }

    #[test]
    fn saved_snapshot(text in mangled(SNAPSHOT)) {
        if let Err(e) = shipshape::report::load::parse(&text, "snap.json") {
            prop_assert!(names(&e.to_string(), "snap.json"), "{e}");
        }
    }

    #[test]
    fn theme_file(text in mangled(THEME)) {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "mine.toml", &text);
        if let Err(e) = shipshape::ui::theme::load("mine", false, dir.path()) {
            prop_assert!(names(&e.to_string(), &path.display().to_string()), "{e}");
        }
    }

    #[test]
    fn docker_context_metadata(meta in mangled(META), config in mangled(r#"{"currentContext":"remote"}"#)) {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "contexts/meta/abc/meta.json", &meta);
        write(dir.path(), "config.json", &config);
        let env = |_: &str| None;
        match shipshape::sources::docker::endpoint::resolve(None, None, &env, dir.path()) {
            Ok(_) => {}
            Err(e) => {
                let e = e.to_string();
                prop_assert!(e.contains("meta.json") || e.contains("config.json"), "{e}");
            }
        }
        let _ = shipshape::sources::docker::list_contexts(&env, dir.path());
    }

    #[test]
    fn learned_profile(text in mangled(PROFILE)) {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "web.json", &text);
        let store = shipshape::learning::ProfileStore::load(dir.path());
        for problem in &store.problems {
            prop_assert!(names(problem, "web.json"), "{problem}");
        }
    }

    #[test]
    fn host_baseline(text in mangled(r#"{"schema":"shipshape.host-baseline/v1","root":"/","recorded_at":"2026-11-29T07:00:00Z","watched":[],"files":[]}"#)) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("etc/docker")).unwrap();
        let data = dir.path().join("data");
        let section = shipshape::config::HostSection::default();
        let settings = shipshape::sources::host::settings(Some(root), &section, data.clone());
        // The first audit records a baseline; then it is replaced by the mangled text.
        let first = shipshape::sources::host::audit(&settings);
        let file = first.baseline.map(|b| b.path).expect("a baseline was recorded");
        std::fs::write(&file, &text).unwrap();
        let facts = shipshape::sources::host::audit(&settings);
        for e in facts.errors.iter().filter(|e| e.contains("baseline")) {
            prop_assert!(names(e, &file), "{e}");
        }
    }
}
