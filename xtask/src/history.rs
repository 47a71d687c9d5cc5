//! `cargo xtask history`: every earlier version of the document must
//! generate a crate that builds. Reports per version the time, the counts
//! of operations and types, and the result. The crates share one target
//! directory, so dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::codegen::{generate_into, read_documents};
use crate::flags::Flags;
use crate::{pin, project_root};

pub fn run(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &["only", "dir"], &[])?;
    let dir = match flags.one("dir")? {
        Some(dir) => PathBuf::from(dir),
        None => project_root().join(
            pin::read()?
                .history
                .ok_or("spec/pin.yaml names no history folder; give --dir")?,
        ),
    };
    let mut versions: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yml" || e == "yaml" || e == "json")
        })
        .collect();
    versions.sort();
    let only = flags.all("only");
    if !only.is_empty() {
        versions.retain(|p| {
            only.iter().any(|o| {
                p.file_stem()
                    .is_some_and(|s| s.to_string_lossy().starts_with(o.as_str()))
            })
        });
        if versions.len() != only.len() {
            return Err(format!(
                "--only {only:?} matched {} of the versions in {}",
                versions.len(),
                dir.display()
            ));
        }
    }
    println!("| version | operations | types | generate (s) | cargo check (s) | result |");
    println!("|---|---:|---:|---:|---:|---|");
    let mut failed = Vec::new();
    for version in &versions {
        let name = version
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let row = check_version(version, &name);
        match row {
            Ok(row) => println!(
                "| {name} | {} | {} | {:.2} | {:.1} | ok |",
                row.operations, row.types, row.generate, row.check
            ),
            Err(e) => {
                println!("| {name} | | | | | FAILED |");
                failed.push(format!("{name}: {e}"));
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} of {} versions failed:\n{}",
            failed.len(),
            versions.len(),
            failed.join("\n")
        ))
    }
}

struct Row {
    operations: usize,
    types: usize,
    generate: f64,
    check: f64,
}

fn check_version(version: &Path, name: &str) -> Result<Row, String> {
    let out = project_root().join("target/history").join(name);
    let _ = std::fs::remove_dir_all(&out);
    let started = Instant::now();
    let docs = read_documents(&[version.to_path_buf()])?;
    let report = generate_into(&docs, &out, true, false)?;
    let generate = started.elapsed().as_secs_f64();
    std::fs::copy(project_root().join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "--all-targets"])
        .current_dir(&out)
        .env(
            "CARGO_TARGET_DIR",
            project_root().join("target/history-build"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "cargo check failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(Row {
        operations: report.operations,
        types: report.types,
        generate,
        check: started.elapsed().as_secs_f64(),
    })
}
