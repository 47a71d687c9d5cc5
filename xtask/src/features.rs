//! `cargo xtask features`: every cargo feature of the generated crate
//! alone (`--no-default-features --features F`), and none at all, must
//! build without a warning. Lints with `-D warnings` on the crate only
//! (dependencies keep their build), one cargo run per feature; prints a
//! table of feature, time and result.

use std::process::Command;
use std::time::Instant;

use crate::project_root;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut only = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--only" => only.push(rest.next().ok_or("--only needs a feature name")?.clone()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let path = project_root().join("generated/Cargo.toml");
    let manifest = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let all = alone_features(&manifest);
    for name in &only {
        if name != NONE && !all.contains(name) {
            return Err(format!("generated/Cargo.toml has no feature {name:?}"));
        }
    }
    let chosen: Vec<String> = if only.is_empty() {
        std::iter::once(NONE.to_owned()).chain(all).collect()
    } else {
        only
    };
    let mut failed = Vec::new();
    println!("| features | seconds | result |\n|---|---|---|");
    for feature in &chosen {
        let start = Instant::now();
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["clippy", "-p", "propexo", "--lib", "--no-default-features"]);
        if feature != NONE {
            cmd.args(["--features", feature]);
        }
        let output = cmd
            .args(["--", "-D", "warnings"])
            .current_dir(project_root())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let ok = output.status.success();
        println!(
            "| {feature} | {:.1} | {} |",
            start.elapsed().as_secs_f64(),
            if ok { "ok" } else { "FAILED" }
        );
        if !ok {
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            failed.push(feature.clone());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "features that do not build cleanly alone: {failed:?}"
        ))
    }
}

/// How the table and `--only` name the build with no feature at all.
const NONE: &str = "none";

/// The features of `[features]` that make sense alone: all but `default`
/// and `full` (which are the default build, tested elsewhere).
fn alone_features(manifest: &str) -> Vec<String> {
    let mut in_features = false;
    let mut out = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((name, _)) = line.split_once('=') {
            let name = name.trim();
            if name != "default" && name != "full" {
                out.push(name.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_but_the_defaults_is_tested_alone() {
        let manifest = "[dependencies]\nx = { version = \"1\", features = [\"a\"] }\n\
                        [features]\n# comment\ndefault = [\"full\"]\nfull = [\"leads\", \"webhooks\"]\n\
                        leads = []\nwebhooks = [\"dep:hmac\"]\naxum = [\"webhooks\"]\n\n[[bench]]\nname = \"b\"\n";
        assert_eq!(alone_features(manifest), ["leads", "webhooks", "axum"]);
        assert!(alone_features("[package]\nname = \"p\"\n").is_empty());
    }
}
