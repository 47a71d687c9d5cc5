//! `cargo xtask update` end to end, on a scratch copy of the project's
//! `spec/` (the command writes the pin, the policy and `generated/`).

use std::path::{Path, PathBuf};
use std::process::Command;

const PINNED_COMMIT: &str = "0e5a2119d094d407b08d9a66026057b7d7a72cba";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn shared() -> PathBuf {
    workspace().join("../shared/propexo-spec")
}

fn sha256(path: &Path) -> String {
    propexo_generator::load::sha256_hex(&std::fs::read(path).unwrap())
}

/// A scratch project whose pin names the 2026-02-12 history version.
fn scratch(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-update-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("spec/supplementary")).unwrap();
    std::fs::create_dir_all(root.join("generated")).unwrap();
    std::fs::copy(
        workspace().join("spec/policy.yaml"),
        root.join("spec/policy.yaml"),
    )
    .unwrap();
    for entry in std::fs::read_dir(workspace().join("spec/supplementary")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(
                &path,
                root.join("spec/supplementary")
                    .join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    let old = shared().join("history/2026-02-12_c9dbd05.yml");
    let pin = format!(
        "repository: propexo/documentation\npath: fern/openapi/openapi.yml\ncommit: c9dbd05\ndate: 2026-02-12\n\
         url: https://example.invalid/not-downloaded\nsha256: {}\nmirrors:\n- {}\n",
        sha256(&old),
        old.display()
    );
    std::fs::write(root.join("spec/pin.yaml"), pin).unwrap();
    root
}

fn xtask(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("PROPEXO_XTASK_ROOT", root)
        .output()
        .unwrap()
}

fn crate_version(root: &Path) -> String {
    let policy = std::fs::read_to_string(root.join("spec/policy.yaml")).unwrap();
    policy
        .lines()
        .find_map(|l| l.strip_prefix("crate_version: "))
        .unwrap()
        .to_owned()
}

#[test]
fn update_rewrites_the_whole_pin_bumps_the_version_regenerates_and_writes_the_pull_request() {
    let root = scratch("ok");
    let before = crate_version(&root);
    let new = shared().join("openapi.yml");
    let body = root.join("pr.md");
    let out = xtask(
        &root,
        &[
            "update",
            "--from",
            new.to_str().unwrap(),
            "--commit",
            PINNED_COMMIT,
            "--date",
            "2026-02-12",
            "--pr-body",
            body.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "update failed:\n{stderr}");

    let pin = std::fs::read_to_string(root.join("spec/pin.yaml")).unwrap();
    assert!(pin.contains(&format!("commit: {PINNED_COMMIT}")), "{pin}");
    assert!(pin.contains(&format!("sha256: {}", sha256(&new))), "{pin}");
    assert!(
        pin.contains(&format!("url: https://raw.githubusercontent.com/propexo/documentation/{PINNED_COMMIT}/fern/openapi/openapi.yml")),
        "the URL must name the new commit, so a fresh clone downloads the new document:\n{pin}"
    );
    // Mirrors are places, not versions: one that no longer matches is
    // skipped by its checksum. Everything else must describe the new one.
    let fields: String = pin
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("- "))
        .collect();
    assert!(
        !fields.contains("c9dbd05"),
        "nothing of the old version may remain:\n{pin}"
    );

    let text = std::fs::read_to_string(&body).unwrap();
    let title = text.lines().next().unwrap();
    assert!(
        title.contains("2026-02-12 (c9dbd05)") && title.contains("2026-02-12 (0e5a211)"),
        "the title names both versions: {title}"
    );
    let after = crate_version(&root);
    assert!(
        text.contains(&format!("| crate version | {before} | {after} |")),
        "{text}"
    );
    // The 2026-02-12 → pinned update adds optional query parameters only:
    // compatible, so the patch number moves (before 1.0, Cargo semver).
    assert!(text.contains("compatible changes only"), "{text}");
    assert!(text.contains("`phone_1: Option<String>` added"), "{text}");
    assert!(
        text.contains(&format!("goes from {before} to **{after}**")),
        "{text}"
    );
    assert_ne!(before, after, "a change for users bumps the version");
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    assert!(
        manifest.contains(&format!("version = \"{after}\"")),
        "{manifest}"
    );
    assert!(root.join("generated/api.json").is_file());
    // The supplementary documents are on both sides: not reported as added.
    assert!(
        !text.contains("leads::resman::create"),
        "supplementary items are not changes:\n{text}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_document_that_does_not_generate_changes_nothing() {
    let root = scratch("bad");
    let pin_before = std::fs::read_to_string(root.join("spec/pin.yaml")).unwrap();
    let policy_before = std::fs::read_to_string(root.join("spec/policy.yaml")).unwrap();
    let bad = root.join("bad.yml");
    std::fs::write(
        &bad,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /v1/x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    )
    .unwrap();
    let out = xtask(
        &root,
        &[
            "update",
            "--from",
            bad.to_str().unwrap(),
            "--commit",
            PINNED_COMMIT,
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not generate"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(root.join("spec/pin.yaml")).unwrap(),
        pin_before
    );
    assert_eq!(
        std::fs::read_to_string(root.join("spec/policy.yaml")).unwrap(),
        policy_before
    );
    assert!(!root.join("generated/Cargo.toml").exists());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn every_command_answers_help() {
    for command in [
        "generate",
        "fetch-spec",
        "update",
        "changelog",
        "history",
        "contract",
    ] {
        let out = xtask(&workspace(), &[command, "--help"]);
        assert!(out.status.success(), "{command} --help failed");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(command), "{command} --help: {text}");
    }
}
