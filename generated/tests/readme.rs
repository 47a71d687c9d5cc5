//! The README's usage example is `examples/readme.rs`, which cargo compiles
//! (and clippy checks) with the crate: the README cannot show code that
//! does not build.

#[test]
fn the_readme_example_is_the_compiled_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/readme.rs")).unwrap();
    let section = readme.split("## Using the crate").nth(1).unwrap();
    let code = section.split("```rust,no_run\n").nth(1).unwrap().split("```").next().unwrap();
    let body = example.lines().skip_while(|l| l.starts_with("//!") || l.is_empty()).collect::<Vec<_>>().join("\n");
    assert_eq!(body.trim_end(), code.trim_end(), "README.md and examples/readme.rs differ");
}
