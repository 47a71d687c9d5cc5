//! `cargo xtask`: this project's automation, in Rust (the matklad xtask
//! convention). Run `cargo xtask help` for the commands, and
//! `cargo xtask COMMAND --help` for one.

mod bench_compile;
mod bench_generate;
mod changelog;
mod codegen;
mod contract;
mod contract_calls;
mod features;
mod fetch;
mod flags;
mod history;
mod pin;
mod semver;
mod test;
mod update;
mod warnings;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation allocates and frees millions of small token and syntax-tree
/// nodes; with glibc's allocator that was a third of its time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Run = fn(&[String]) -> Result<(), String>;

/// Every command: its name, its usage text, and what runs it.
const COMMANDS: &[(&str, &str, Run)] = &[
    (
        "generate",
        "\
  generate [--spec FILE]... [--out DIR] [--check] [--verbose]
      Generate the `propexo` crate. By default from the pinned document and
      spec/supplementary/*.yaml into generated/. --spec (repeatable) reads
      other documents instead; --out writes a complete crate elsewhere;
      --check writes nothing and fails when files differ. Warnings are
      grouped by kind; kinds acknowledged in spec/policy.yaml take one line
      each, others are listed in full (--verbose lists all).
",
        codegen::run,
    ),
    (
        "test",
        "\
  test [ARGS…]
      The whole test suite: the workspace without the generated crate, then
      the generated crate on its own with the features a user gets (and with
      all features), so Cargo's feature unification cannot make the tests
      build another crate than users do. ARGS go to every `cargo test`.
",
        test::run,
    ),
    (
        "bench-compile",
        "\
  bench-compile [--runs N] [--feature F] [--openapi-generator CMD]
                [--skip-openapi-generator]
      Time building the generated crate alone (dependencies built first,
      CARGO_INCREMENTAL=0, touch + cargo build): with default features, with
      only feature F (default `leads`), and openapi-generator's Rust client
      of the pinned document (CMD, default `openapi-generator-cli` from
      PyPI; needs Java); print the medians and the ratios. Slow, not in CI.
",
        bench_compile::run,
    ),
    (
        "bench-generate",
        "\
  bench-generate [--runs N]
      Time the whole `generate --check` process of a release build against
      `parse-floor` (the same inputs parsed into serde_yaml::Value), runs
      alternating (default 7 each); print the medians, the ratio and each
      side's peak memory.
",
        bench_generate::run,
    ),
    (
        "parse-floor",
        "\
  parse-floor
      Read every input of `generate` into serde_yaml::Value and nothing
      else: the floor `bench-generate` compares generation with.
",
        bench_generate::parse_floor,
    ),
    (
        "features",
        "\
  features [--only FEATURE]...
      Build the generated crate with each cargo feature alone
      (`--no-default-features --features FEATURE`) and with none, linting
      with `-D warnings`; print a table. --only picks features (`none` is
      the build without any). Slow: about one crate build per feature.
",
        features::run,
    ),
    (
        "fetch-spec",
        "\
  fetch-spec [--from PATH]
      Obtain the pinned OpenAPI document into spec/downloaded/ and check its
      sha256 against spec/pin.yaml: from PATH, else from a mirror named in
      the pin, else from its URL. To move the pin, use `update`.
",
        fetch::run,
    ),
    (
        "update",
        "\
  update (--url URL | --from PATH) [--commit SHA] [--date YYYY-MM-DD]
         [--sha256 SUM] [--pr-body FILE]
      Move to a new version of the document in one step: obtain it (checking
      SUM when given), make sure it generates, rewrite the whole pin (url,
      commit, date, sha256), apply the version bump the changelog computes to
      `crate_version` in spec/policy.yaml, regenerate generated/, and write
      the pull-request text (title naming both versions) to FILE, by default
      target/update/pull-request.md. The commit is taken from the URL when
      it names one; with --from, --commit must be the full commit.
",
        update::run,
    ),
    (
        "changelog",
        "\
  changelog OLD NEW [--without-supplementary]
      Markdown for a pull request: what changes for users of the crate from
      document OLD to NEW (each a path, several joined by commas, or
      `pinned`), breaking or not, and the version bump that needs. Both sides
      get spec/supplementary/*.yaml unless --without-supplementary.
",
        changelog::run,
    ),
    (
        "history",
        "\
  history [--only NAME]... [--dir DIR]
      Generate every earlier version of the document (spec/pin.yaml
      `history`, or DIR) as a standalone crate and `cargo check` it; print a
      table of time, operations, types and result.
",
        history::run,
    ),
    (
        "semver",
        "\
  semver [--pairs N]
      For the N most recent consecutive versions (history, then the pinned
      document; default 3), generate both crates and check that the
      changelog's verdict (breaking or not) agrees with cargo-semver-checks
      (`cargo install --locked cargo-semver-checks`); print a table.
",
        semver::run,
    ),
    (
        "contract",
        "\
  contract
      Call the generated functions through Prism (installed from the npm
      registry into target/prism; needs Node.js and npm, see the README), a
      mock server of the same document with request validation on.
",
        contract::run,
    ),
];

fn help() -> String {
    let mut text =
        String::from("cargo xtask <command> [options]   (COMMAND --help for one)\n\nCommands:\n");
    for (_, usage, _) in COMMANDS {
        text.push_str(usage);
    }
    text.push_str("  help\n      Show this text.\n");
    text
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("help" | "--help" | "-h") | None => {
            print!("{}", help());
            Ok(())
        }
        Some(name) => match COMMANDS.iter().find(|(n, _, _)| *n == name) {
            Some((_, usage, _)) if args[1..].iter().any(|a| a == "--help" || a == "-h") => {
                print!("cargo xtask\n{usage}");
                Ok(())
            }
            Some((_, _, run)) => run(&args[1..]),
            None => Err(format!("unknown command {name:?}\n\n{}", help())),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: where this crate's workspace is, unless
/// `PROPEXO_XTASK_ROOT` names another copy of the project (tests run the
/// commands that write files against a scratch copy).
pub fn project_root() -> PathBuf {
    if let Some(root) = std::env::var_os("PROPEXO_XTASK_ROOT") {
        return PathBuf::from(root);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
