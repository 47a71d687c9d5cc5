//! `cargo xtask semver`: the changelog's verdict checked against
//! cargo-semver-checks. For consecutive versions of the document, both
//! crates are generated, the changelog says whether the update breaks
//! users, and cargo-semver-checks (on the real crates' public APIs) says
//! the same, or the difference is one written down below with why.

use std::path::{Path, PathBuf};
use std::process::Command;

use propexo_generator::changelog::Bump;

use crate::changelog::{compare, Side};
use crate::codegen::{generate_into, read_documents};
use crate::flags::Flags;
use crate::{pin, project_root};

/// What cargo-semver-checks concluded about one pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Breaking,
    NotBreaking,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &["pairs"], &[])?;
    let count: usize = match flags.one("pairs")? {
        Some(n) => n
            .parse()
            .map_err(|_| format!("--pairs {n} is not a number"))?,
        None => 3,
    };
    let versions = versions()?;
    if versions.len() < 2 {
        return Err("fewer than two versions to compare".into());
    }
    let pairs: Vec<(&PathBuf, &PathBuf)> = versions.iter().zip(versions.iter().skip(1)).collect();
    let pairs = &pairs[pairs.len().saturating_sub(count)..];
    println!("| old → new | changelog | cargo-semver-checks | agree |");
    println!("|---|---|---|---|");
    let mut disagreements = Vec::new();
    for (old, new) in pairs {
        let label = format!("{} → {}", stem(old), stem(new));
        let ours = compare(
            &Side::documents(&[(*old).clone()], false)?,
            &Side::documents(&[(*new).clone()], false)?,
        )?
        .bump;
        let theirs = semver_checks(old, new)?;
        let agree = (ours == Bump::Breaking) == (theirs == Verdict::Breaking);
        println!(
            "| {label} | {} | {} | {} |",
            match ours {
                Bump::Breaking => "breaking",
                Bump::Compatible => "compatible",
                Bump::None => "no change",
            },
            match theirs {
                Verdict::Breaking => "breaking",
                Verdict::NotBreaking => "not breaking",
            },
            if agree { "yes" } else { "NO" }
        );
        if !agree {
            disagreements.push(label);
        }
    }
    if disagreements.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the changelog and cargo-semver-checks disagree on: {}",
            disagreements.join(", ")
        ))
    }
}

/// The history versions in order, then the pinned document.
fn versions() -> Result<Vec<PathBuf>, String> {
    let pin = pin::read()?;
    let dir = project_root().join(
        pin.history
            .as_deref()
            .ok_or("spec/pin.yaml names no history folder")?,
    );
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    found.sort();
    found.push(crate::fetch::obtain_pinned()?);
    Ok(found)
}

fn stem(path: &Path) -> String {
    match pin::version_in_file_name(path) {
        Some((date, commit)) => format!("{date} ({commit})"),
        None => "pinned".to_owned(),
    }
}

/// Generates both crates and asks cargo-semver-checks whether the new one
/// breaks users of the old one.
fn semver_checks(old: &Path, new: &Path) -> Result<Verdict, String> {
    let root = project_root().join("target/semver");
    let old_dir = root.join(format!("old-{}", stem_key(old)));
    let new_dir = root.join(format!("new-{}", stem_key(new)));
    for (doc, dir) in [(old, &old_dir), (new, &new_dir)] {
        let _ = std::fs::remove_dir_all(dir);
        if dir == &new_dir {
            // Regenerated over the old crate: its names are the lock.
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            std::fs::copy(old_dir.join("api.json"), dir.join("api.json"))
                .map_err(|e| e.to_string())?;
        }
        generate_into(&read_documents(&[doc.to_path_buf()])?, dir, true, false)?;
        std::fs::copy(project_root().join("Cargo.lock"), dir.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
    }
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--color", "never", "--manifest-path"])
        .arg(new_dir.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&old_dir)
        .env("CARGO_TARGET_DIR", root.join("build"))
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks (install it with `cargo install --locked cargo-semver-checks`): {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    parse_verdict(&text).ok_or_else(|| format!("cannot read cargo-semver-checks' verdict:\n{text}"))
}

fn stem_key(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "doc".into(), |s| s.to_string_lossy().into_owned())
}

/// cargo-semver-checks ends with a summary line: "requires new major
/// version" when a major-level lint failed (a breaking change), otherwise
/// a minor or no update.
pub fn parse_verdict(text: &str) -> Option<Verdict> {
    let summary = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("Summary"))?;
    if summary.contains("new major version") {
        Some(Verdict::Breaking)
    } else if summary.contains("new minor version") || summary.contains("no semver update required")
    {
        Some(Verdict::NotBreaking)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_decides() {
        assert_eq!(
            parse_verdict("   Checking x\n     Summary semver requires new major version: 2 major and 0 minor checks failed\n"),
            Some(Verdict::Breaking)
        );
        assert_eq!(
            parse_verdict("     Summary no semver update required\n"),
            Some(Verdict::NotBreaking)
        );
        assert_eq!(
            parse_verdict("     Summary semver requires new minor version: 0 major and 1 minor checks failed\n"),
            Some(Verdict::NotBreaking)
        );
        assert_eq!(parse_verdict("error: something else"), None);
    }
}
