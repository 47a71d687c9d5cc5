//! `cargo xtask bench-compile`: how long the generated crate alone takes to
//! compile, against openapi-generator's Rust client for the same document
//! and against a build with one resource feature, in one run.
//!
//! Each build is of the crate only: its dependencies are built first
//! (untimed), then its root file is touched and `cargo build` timed with
//! `CARGO_INCREMENTAL=0`. Both crates use the same dev profile settings
//! (line tables only), set through the environment so neither manifest
//! decides. Builds alternate, so a busy machine slows all alike; medians.
//!
//! openapi-generator comes from PyPI (`pip install openapi-generator-cli`,
//! which bundles the jar; it needs Java): give its command with
//! `--openapi-generator CMD`, else `openapi-generator-cli` on PATH.
//! Without it (`--skip-openapi-generator`) only the feature ratio is
//! measured. Too slow for CI: minutes per run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::flags::Flags;
use crate::project_root;

pub fn run(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(
        args,
        &["runs", "openapi-generator", "feature"],
        &["skip-openapi-generator"],
    )?;
    let runs: usize = match flags.one("runs")? {
        Some(n) => n
            .parse()
            .map_err(|_| format!("--runs {n:?}: not a number"))?,
        None => 1,
    };
    if runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    let feature = flags.one("feature")?.unwrap_or("leads").to_owned();
    let root = project_root();
    let work = root.join("target/bench-compile");
    let ours = Build {
        label: "propexo (default features)".into(),
        dir: root.clone(),
        touch: root.join("generated/src/lib.rs"),
        args: vec!["-p".into(), "propexo".into(), "--lib".into()],
    };
    let one = Build {
        label: format!("propexo (--no-default-features --features {feature})"),
        args: vec![
            "-p".into(),
            "propexo".into(),
            "--lib".into(),
            "--no-default-features".into(),
            "--features".into(),
            feature.clone(),
        ],
        ..ours.clone()
    };
    let mut builds = vec![ours, one];
    if !flags.has("skip-openapi-generator") {
        let cmd = flags
            .one("openapi-generator")?
            .unwrap_or("openapi-generator-cli")
            .to_owned();
        builds.push(openapi_generator_crate(&cmd, &work)?);
    }
    for build in &builds {
        println!("==> dependencies of {} (untimed)", build.label);
        build.cargo()?;
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); builds.len()];
    for run in 0..runs {
        for (i, build) in builds.iter().enumerate() {
            let t = build.timed()?;
            println!("run {}: {}: {:.1} s", run + 1, build.label, t.as_secs_f64());
            times[i].push(t);
        }
    }
    let medians: Vec<f64> = times.iter().map(|t| median(t).as_secs_f64()).collect();
    println!("\n| crate | seconds (median of {runs}) |\n|---|---|");
    for (build, m) in builds.iter().zip(&medians) {
        println!("| {} | {m:.1} |", build.label);
    }
    println!(
        "\nratio {feature}-only / full: {:.2}",
        medians[1] / medians[0]
    );
    if let Some(oag) = medians.get(2) {
        println!("ratio ours / openapi-generator: {:.2}", medians[0] / oag);
    }
    Ok(())
}

#[derive(Clone)]
struct Build {
    label: String,
    /// Where cargo runs.
    dir: PathBuf,
    /// The crate's root file, touched to rebuild the crate alone.
    touch: PathBuf,
    args: Vec<String>,
}

impl Build {
    fn cargo(&self) -> Result<(), String> {
        let status = Command::new(env!("CARGO"))
            .arg("build")
            .args(&self.args)
            .current_dir(&self.dir)
            .env("CARGO_INCREMENTAL", "0")
            .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("building {} failed", self.label))
        }
    }

    fn timed(&self) -> Result<Duration, String> {
        touch(&self.touch)?;
        let start = Instant::now();
        self.cargo()?;
        Ok(start.elapsed())
    }
}

/// openapi-generator's Rust client of the pinned document, generated into
/// `work/openapi-generator` as a crate of its own (a workspace of its own,
/// its own target directory).
fn openapi_generator_crate(cmd: &str, work: &Path) -> Result<Build, String> {
    let doc = crate::fetch::obtain_pinned()?;
    let out = work.join("openapi-generator");
    if !out.join("Cargo.toml").exists() {
        let log_path = work.join("openapi-generator.log");
        println!("==> {cmd} generate -g rust (log: {})", log_path.display());
        std::fs::create_dir_all(work)
            .map_err(|e| format!("cannot create {}: {e}", work.display()))?;
        // It reports every `$ref` with braces at length and goes on.
        let log = std::fs::File::create(&log_path)
            .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
        let status = Command::new(cmd)
            .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
            .arg(&doc)
            .arg("-o")
            .arg(&out)
            .args(["--additional-properties=packageName=openapi_generator_client"])
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .status()
            .map_err(|e| {
                format!("cannot run {cmd} (pip install openapi-generator-cli; needs Java): {e}")
            })?;
        if !status.success() {
            return Err(format!("{cmd} failed"));
        }
        let manifest = out.join("Cargo.toml");
        let mut text = std::fs::read_to_string(&manifest)
            .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
        // Inside this project's directory: a workspace of its own.
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text)
            .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
        repair(&out)?;
    }
    Ok(Build {
        label: "openapi-generator's client".into(),
        touch: out.join("src/lib.rs"),
        dir: out,
        args: vec!["--lib".into()],
    })
}

/// openapi-generator's client of Propexo's document does not compile: a
/// model merging several credential shapes declares fields twice. Each
/// model file rustc reports an error in becomes an alias of
/// `serde_json::Value` (one or two of its ~700 models, so the comparison
/// barely moves; the repaired files are listed).
fn repair(dir: &Path) -> Result<(), String> {
    let output = Command::new(env!("CARGO"))
        .args(["check", "--lib", "--message-format", "short"])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let broken: std::collections::BTreeSet<&str> = stderr
        .lines()
        .filter(|l| l.contains(": error"))
        .filter_map(|l| l.split(':').next())
        .filter(|f| f.starts_with("src/models/") && f.ends_with(".rs"))
        .collect();
    if broken.is_empty() {
        return Err(format!(
            "openapi-generator's client does not build:\n{stderr}"
        ));
    }
    for file in broken {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = text
            .lines()
            .find_map(|l| l.strip_prefix("pub struct "))
            .and_then(|rest| rest.split_whitespace().next())
            .ok_or_else(|| format!("{file}: no struct to replace"))?;
        println!("    repaired {file}: `{name}` is now `serde_json::Value`");
        std::fs::write(&path, format!("pub type {name} = serde_json::Value;\n"))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    repair(dir)
}

/// Sets the file's modification time to now.
fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}
