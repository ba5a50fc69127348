//! The crate's front page shows the README's Rust example: the two stay identical.

#[test]
fn the_front_page_example_is_the_readme_example() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let rust = readme.split("\n## Rust\n").nth(1).expect("README has a `## Rust` section");
    let block = rust.split("```rust\n").nth(1).and_then(|b| b.split("\n```").next()).expect("a rust block");
    let front = std::fs::read_to_string(format!("{root}/core/src/quickstart.rs")).unwrap();
    assert_eq!(front.trim_end(), block.trim_end(), "core/src/quickstart.rs differs from the README's example");
}
