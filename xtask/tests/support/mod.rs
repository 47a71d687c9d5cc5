//! A crate that depends on `generated/` like a user's would, built for
//! real: shared by the tests that check what such a crate sees.

#![allow(dead_code)] // each test binary uses part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Writes crate `name` (one `src/lib.rs`, depending on `propexo` and
/// serde_json) under `target/dependents/` and runs `cargo check` on it,
/// offline with this workspace's lock file and a shared target directory.
pub fn check_dependent(name: &str, lib: &str) -> Output {
    let dir = root().join("target/dependents").join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\npropexo = {{ path = {:?} }}\nserde_json = \"1\"\n\n[workspace]\n",
            root().join("generated").display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    Command::new(env!("CARGO"))
        .args(["check", "--offline", "--color", "never"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root().join("target/scratch-build"))
        .output()
        .unwrap()
}
