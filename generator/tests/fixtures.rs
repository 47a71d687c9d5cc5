//! Snapshot tests of the generator on small documents, one construct each
//! (`tests/fixtures/*.yaml`), and a build of every generated crate: the
//! snapshots are reviewed, and what they show must also compile cleanly.

use std::path::{Path, PathBuf};
use std::process::Command;

use propexo_generator::emit::RUNTIME;
use propexo_generator::load::read_document;
use propexo_generator::policy::Policy;
use propexo_generator::{generate, Options, Output};

/// Files that are the same for every document: the hand-written runtime
/// (tested once, by `generated/tests/`) and the manifest template.
fn is_boilerplate(path: &str) -> bool {
    path == "Cargo.toml"
        || path
            .strip_prefix("src/")
            .is_some_and(|file| RUNTIME.iter().any(|(name, _)| *name == file))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The fixture documents, and the supplementary documents of `spec/`
/// (the per-PMS operations transcribed from Propexo's reference pages).
fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        root().join("spec/supplementary"),
    ] {
        files.extend(
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml")),
        );
    }
    files.sort_by_key(|p| p.file_name().map(|n| n.to_owned()));
    files
}

fn run(fixture: &Path, standalone: bool) -> Output {
    let policy = Policy::read(&root().join("spec/policy.yaml")).unwrap();
    let doc = read_document(fixture).unwrap();
    let options = Options {
        policy,
        command: "cargo xtask generate".into(),
        standalone,
    };
    generate(&[doc], &options).unwrap_or_else(|e| panic!("{}: {e}", fixture.display()))
}

/// Everything the generator decided about one document, for review.
fn snapshot_text(output: &Output) -> String {
    let mut text = String::from("=== diagnostics ===\n");
    for d in output.diagnostics.sorted() {
        text.push_str(&format!("{d}\n"));
    }
    for (path, contents) in &output.files {
        if is_boilerplate(path) {
            continue;
        }
        // Skip the header, which names the fixture's checksum.
        let body: String = contents
            .lines()
            .skip_while(|l| l.starts_with("//") && !l.starts_with("//!") && !l.starts_with("///"))
            .collect::<Vec<_>>()
            .join("\n");
        text.push_str(&format!("\n=== {path} ===\n{}\n", body.trim()));
    }
    text
}

#[test]
fn fixture_snapshots() {
    for fixture in fixtures() {
        let name = fixture.file_stem().unwrap().to_string_lossy().into_owned();
        let output = run(&fixture, false);
        insta::assert_snapshot!(name, snapshot_text(&output));
    }
}

/// The runtime is in every crate exactly as written, below its header: what
/// `generated/tests/` test is what every fixture's crate runs.
#[test]
fn the_runtime_is_copied_verbatim() {
    let fixture = fixtures().into_iter().next().unwrap();
    let files = run(&fixture, false).files;
    for (name, source) in RUNTIME {
        let copied = &files[&format!("src/{name}")];
        assert!(
            copied.ends_with(source),
            "src/{name} differs from the runtime"
        );
        assert!(
            copied.starts_with("// @generated"),
            "src/{name} has no header"
        );
    }
}

#[test]
fn generating_twice_gives_identical_files() {
    for fixture in fixtures() {
        assert_eq!(
            run(&fixture, false).files,
            run(&fixture, false).files,
            "{}",
            fixture.display()
        );
    }
}

/// Each fixture's crate, written with `--out` semantics (a workspace of its
/// own), passes `cargo clippy -D warnings` and its docs build without
/// warnings. Dependencies come from this workspace's lock file, offline.
#[test]
fn fixture_crates_build_without_warnings() {
    let target = root().join("target/fixture-crates");
    // Shared with the other tests that build scratch crates.
    let shared_target = root().join("target/scratch-build");
    for fixture in fixtures() {
        let name = fixture.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = target.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        for (path, contents) in &run(&fixture, true).files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        for args in [
            &[
                "clippy",
                "--offline",
                "--all-targets",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ][..],
            &["doc", "--offline", "--no-deps", "--quiet"][..],
        ] {
            let status = Command::new(env!("CARGO"))
                .args(args)
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &shared_target)
                .env("RUSTDOCFLAGS", "-D warnings")
                .status()
                .unwrap();
            assert!(
                status.success(),
                "`cargo {}` failed for the crate generated from {}",
                args[0],
                fixture.display()
            );
        }
    }
}
