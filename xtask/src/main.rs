//! `cargo xtask`: this project's automation, in Rust (the matklad xtask
//! convention). Run `cargo xtask help` for the commands.

mod changelog;
mod codegen;
mod contract;
mod fetch;
mod flags;
mod history;
mod pin;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command> [options]

Commands:
  fetch-spec [--from PATH | --url URL] [--sha256 SUM]
      Obtain the pinned OpenAPI document into spec/downloaded/ and check its
      sha256. With --sha256, the document must have that sum and the pin in
      spec/pin.yaml moves to it (and to --url, when given).
  generate [--spec FILE]... [--out DIR] [--check]
      Generate the `propexo` crate. By default from the pinned document and
      spec/supplementary/*.yaml into generated/. --spec (repeatable) reads
      other documents instead; --out writes a complete crate elsewhere;
      --check writes nothing and fails when files differ.
  changelog OLD NEW
      Markdown for a pull request: what changes for users of the crate from
      document OLD to NEW (each a path, several joined by commas, or
      `pinned`), breaking or not, and the version bump that needs.
  history [--only NAME]... [--dir DIR]
      Generate every earlier version of the document (spec/pin.yaml
      `history`, or DIR) as a standalone crate and `cargo check` it; print a
      table of time, operations, types and result.
  contract
      Call the generated functions through Prism (installed from the npm
      registry into target/prism), a mock server of the same document with
      request validation on.
  help
      Show this text.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("fetch-spec") => fetch::run(&args[1..]),
        Some("generate") => codegen::run(&args[1..]),
        Some("contract") => contract::run(&args[1..]),
        Some("history") => history::run(&args[1..]),
        Some("changelog") => changelog::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
