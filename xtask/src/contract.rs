//! `cargo xtask contract`: the generated crate against Prism
//! (`@stoplight/prism-cli`, from the npm registry), a mock server built
//! from the same document with request validation on.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use propexo_generator::diag::Diagnostics;
use propexo_generator::load::merge;

use crate::{codegen, project_root};

/// The newest Prism whose `engines` accept the LTS Node.js this project
/// documents (Node 20; 5.15 and later need Node 24).
const PRISM_PACKAGE: &str = "@stoplight/prism-cli@5.14.2";

/// Stops Prism however the run ends.
struct Prism(Child);

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err(format!("`contract` takes no arguments, got {args:?}"));
    }
    let dir = project_root().join("target/contract");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    // Prism serves the same merged document the crate is generated from.
    let docs = codegen::default_documents()?;
    let mut diags = Diagnostics::default();
    let merged = merge(&docs, &mut diags);
    if diags.has_errors() {
        return Err(diags.to_string());
    }
    let spec = dir.join("openapi.json");
    std::fs::write(
        &spec,
        serde_json::to_vec_pretty(&merged).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;

    let prism = prism_binary()?;
    let port = free_port()?;
    let log = std::fs::File::create(dir.join("prism.log")).map_err(|e| e.to_string())?;
    let child = Command::new(&prism)
        .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
        .arg(&spec)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
    let _prism = Prism(child);
    wait_for_port(port, Duration::from_secs(180))?;
    println!("Prism listens on 127.0.0.1:{port}; calling the generated functions");

    let status = Command::new(env!("CARGO"))
        .args([
            "test",
            "-p",
            "propexo",
            "--test",
            "contract",
            // Bodies synthesized from the document are read into request
            // types, which only implement `Deserialize` with it.
            "--features",
            "deserialize",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .current_dir(project_root())
        .env("PROPEXO_CONTRACT_URL", format!("http://127.0.0.1:{port}"))
        .env("PROPEXO_CONTRACT_SPEC", &spec)
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "the contract test failed (Prism's log: {})",
            dir.join("prism.log").display()
        ))
    }
}

/// Prism, installed into `target/prism` from the npm registry if needed.
fn prism_binary() -> Result<PathBuf, String> {
    // One folder per version, so a changed pin never reuses an old install.
    let version = PRISM_PACKAGE.rsplit('@').next().unwrap_or(PRISM_PACKAGE);
    let prefix = project_root().join("target/prism").join(version);
    let binary = prefix.join("node_modules/.bin/prism");
    if binary.exists() {
        return Ok(binary);
    }
    check_node()?;
    println!("installing {PRISM_PACKAGE} into {}", prefix.display());
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&prefix)
        .arg(PRISM_PACKAGE)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    if !status.success() || !binary.exists() {
        return Err(format!("npm could not install {PRISM_PACKAGE}"));
    }
    Ok(binary)
}

/// The oldest Node.js major version Prism (see `PRISM_PACKAGE`) runs on.
const MIN_NODE_MAJOR: u32 = 18;

/// Fails with what to install when Node.js is missing or too old, instead of
/// letting npm install a Prism that then cannot start.
fn check_node() -> Result<(), String> {
    let output = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| {
            format!("cannot run node (install Node.js {MIN_NODE_MAJOR} or later with npm): {e}")
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    let major = text
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok())
        .ok_or_else(|| format!("cannot read the Node.js version from {text:?}"))?;
    if major < MIN_NODE_MAJOR {
        return Err(format!(
            "Node.js {} is too old for {PRISM_PACKAGE}: install Node.js {MIN_NODE_MAJOR} or later",
            text.trim()
        ));
    }
    Ok(())
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn wait_for_port(port: u16, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!(
        "Prism did not listen on port {port} within {} s",
        limit.as_secs()
    ))
}
