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
