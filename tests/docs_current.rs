//! Documentation generated from code must match the code.

#[test]
fn docs_rules_md_is_generated_from_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let on_disk = std::fs::read_to_string(path).expect("docs/rules.md exists");
    assert!(
        on_disk == shipshape::report::catalog::markdown(),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

/// Every global flag is documented in the README, and every key of the key map in its Keys
/// table, so `--ascii`, `--no-mouse`, `y` and `M` cannot be added without saying so.
#[test]
fn readme_documents_every_global_flag_and_key() {
    use clap::CommandFactory;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md exists");
    let cli = shipshape::cli::Cli::command();
    let missing: Vec<String> = cli
        .get_arguments()
        .filter_map(|a| a.get_long())
        .map(|long| format!("--{long}"))
        .filter(|flag| flag != "--help" && flag != "--version" && !readme.contains(flag.as_str()))
        .collect();
    assert!(missing.is_empty(), "README.md does not mention {missing:?}");
    let keys = readme
        .split("## Keys")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README.md has a Keys section");
    let missing: Vec<char> = shipshape::ui::keymap::BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter())
        .filter_map(|k| match k {
            crossterm::event::KeyCode::Char(c) if *c != ' ' => Some(*c),
            _ => None,
        })
        // `1`-`6` covers the digits between.
        .filter(|c| {
            let documented = keys.contains(&format!("`{c}`"))
                || (c.is_ascii_digit() && keys.contains("`1`-`6`"));
            !documented
        })
        .collect();
    assert!(missing.is_empty(), "the Keys table lacks {missing:?}");
}
