//! `cargo xtask test`: the whole test suite, with the generated crate
//! built the way its users build it.
//!
//! `cargo test --workspace` would build `propexo` together with the
//! generator, and Cargo unifies features across what it builds together:
//! the generator's `serde_json/preserve_order` would be on in the tests and
//! off for every user. So the generated crate is tested in a cargo
//! invocation of its own (default features, as a user gets them, then all
//! features for the feature-gated tests), and the rest of the workspace in
//! another.

use std::process::Command;

use crate::project_root;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["test", "--workspace", "--exclude", "propexo"],
        vec!["test", "-p", "propexo"],
    ];
    if has_optional_features()? {
        runs.push(vec!["test", "-p", "propexo", "--all-features"]);
    }
    for run in runs {
        println!("\n==> cargo {}", run.join(" "));
        let status = Command::new(env!("CARGO"))
            .args(&run)
            .args(args)
            .current_dir(project_root())
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("`cargo {}` failed", run.join(" ")));
        }
    }
    Ok(())
}

/// Does the generated crate have features beyond its defaults?
fn has_optional_features() -> Result<bool, String> {
    let path = project_root().join("generated/Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(optional_features(&text))
}

fn optional_features(manifest: &str) -> bool {
    let mut in_features = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if in_features && !line.is_empty() && !line.starts_with('#') && !line.starts_with("default")
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_other_than_default_are_found() {
        assert!(!optional_features(
            "[package]\nname = \"p\"\n[dependencies]\nx = \"1\"\n"
        ));
        assert!(!optional_features(
            "[features]\ndefault = []\n\n[dependencies]\n"
        ));
        assert!(optional_features(
            "[features]\ndefault = []\naxum = [\"dep:axum\"]\n"
        ));
        assert!(!optional_features(
            "[dependencies]\naxum = { version = \"0.8\", optional = true }\n"
        ));
    }
}
