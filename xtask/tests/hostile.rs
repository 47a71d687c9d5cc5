//! Hostile documents: for every input the generator gives either a crate
//! that builds cleanly or an error naming its place, never a panic, stack
//! overflow or hang.
//!
//! The corpus is `tests/hostile_documents/*.yaml` (small hand-made
//! documents, one or more per failure class of issue #11; the first line
//! says what is expected: `# expect: ok` or `# expect: error <text>`), plus
//! documents too large to check in, made here (`generated_cases`).
//!
//! Each document runs through the generator in-process on a thread of its
//! own, with a deadline: a panic or a hang fails the test with the
//! document's name. The documents that give a crate are then generated
//! *together* (the generator merges documents) into one crate, which is
//! built the way CI builds the real one (`clippy -D warnings`, `doc` with
//! `-D warnings`, doctests): one build instead of one per document.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use propexo_generator::load::{document, SourceDocument};
use propexo_generator::policy::Policy;
use propexo_generator::{generate, Options, Output};
use support::root;

/// Far more than any case needs (each takes milliseconds): reaching it
/// means the generator hangs.
const DEADLINE: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
enum Expect {
    Crate,
    /// An error whose message contains this (the place, at least).
    Error(String),
}

struct Case {
    name: String,
    bytes: Vec<u8>,
    expect: Expect,
}

fn checked_in_cases() -> Vec<Case> {
    let dir = root().join("xtask/tests/hostile_documents");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let first = text
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap_or_default();
            let expect = match first.strip_prefix("# expect: ") {
                Some("ok") => Expect::Crate,
                Some(rest) => Expect::Error(
                    rest.strip_prefix("error ")
                        .unwrap_or_else(|| panic!("{}: bad expectation {rest:?}", path.display()))
                        .to_owned(),
                ),
                None => panic!("{}: the first line must be `# expect: …`", path.display()),
            };
            Case {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                bytes,
                expect,
            }
        })
        .collect()
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: hostile, version: \"1\"}\n";

/// The classes whose documents are large: made here, not checked in.
fn generated_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    // A `$ref` chain 8,000 deep (overflowed the stack).
    let mut chain = format!("{HEAD}paths:\n  /v1/chains/: {{get: {{responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/S0\"}}}}}}}}}}}}}}\ncomponents:\n  schemas:\n");
    for i in 0..8000 {
        chain.push_str(&format!(
            "    S{i}: {{$ref: \"#/components/schemas/S{}\"}}\n",
            i + 1
        ));
    }
    chain.push_str("    S8000: {type: string}\n");
    cases.push(Case {
        name: "ref_chain_8000 (generated)".into(),
        bytes: chain.into_bytes(),
        expect: Expect::Error(
            "error: #/components/schemas/S64: \"#/components/schemas/S65\" continues a chain of more than 64 references".into(),
        ),
    });
    // YAML and JSON nested 100,000 deep (stack overflow; 30 s to refuse).
    let deep = 100_000;
    cases.push(Case {
        name: "yaml_nesting_100000 (generated)".into(),
        bytes: format!(
            "{HEAD}x-deep: {}{}\npaths: {{}}\n",
            "[".repeat(deep),
            "]".repeat(deep)
        )
        .into_bytes(),
        expect: Expect::Error("line 3 column 1009: nested deeper than 1000 levels".into()),
    });
    cases.push(Case {
        name: "json_nesting_100000 (generated)".into(),
        bytes: format!("{{\"x\": {}{}}}", "{\"a\": ".repeat(deep), "}".repeat(deep)).into_bytes(),
        expect: Expect::Error("line 1 column 6001: nested deeper than 1000 levels".into()),
    });
    // Block-style nesting is bounded by the YAML parser itself.
    let mut block = format!("{HEAD}paths: {{}}\nx-deep:\n");
    for level in 1..400 {
        block.push_str(&format!("{}a:\n", " ".repeat(level)));
    }
    cases.push(Case {
        name: "yaml_block_nesting_400 (generated)".into(),
        bytes: block.into_bytes(),
        expect: Expect::Error("recursion limit exceeded at line".into()),
    });
    // Deep non-cyclic nesting: 300 components, each holding the next twice
    // by value (rustc could not prove `Send` through it).
    let mut nested = format!("{HEAD}paths:\n  /v1/nestings/: {{get: {{responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/C0\"}}}}}}}}}}}}}}\ncomponents:\n  schemas:\n");
    for i in 0..300 {
        nested.push_str(&format!(
            "    C{i}: {{type: object, required: [n], properties: {{n: {{$ref: \"#/components/schemas/C{0}\"}}, m: {{$ref: \"#/components/schemas/C{0}\"}}}}}}\n",
            i + 1
        ));
    }
    nested.push_str("    C300: {type: string}\n");
    cases.push(Case {
        name: "deep_components_300 (generated)".into(),
        bytes: nested.into_bytes(),
        expect: Expect::Crate,
    });
    // Deep inline nesting, within what YAML allows.
    let mut schema = "{type: string}".to_owned();
    for i in 0..38 {
        schema =
            format!("{{type: object, properties: {{f{i}: {{type: array, items: {schema}}}}}}}");
    }
    cases.push(Case {
        name: "deep_inline_38 (generated)".into(),
        bytes: format!("{HEAD}paths:\n  /v1/inline-nestings/: {{get: {{responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}}}}}\n").into_bytes(),
        expect: Expect::Crate,
    });
    // Not UTF-8, and too large.
    cases.push(Case {
        name: "not_utf8 (generated)".into(),
        bytes: [HEAD.as_bytes(), b"x: \"\xff\"\n"].concat(),
        expect: Expect::Error("line 3 column 5: not UTF-8".into()),
    });
    cases.push(Case {
        name: "huge_65_mib (generated)".into(),
        bytes: [HEAD.as_bytes(), &vec![b'#'; 65 << 20]].concat(),
        expect: Expect::Error("bytes; at most 67108864 are accepted".into()),
    });
    cases
}

fn options(standalone: bool) -> Options {
    Options {
        policy: Policy::parse("{}").unwrap(),
        command: "cargo test --test hostile".into(),
        standalone,
    }
}

fn load(name: &str, bytes: &[u8]) -> Result<SourceDocument, String> {
    document(Path::new(name), bytes, String::new()).map_err(|e| e.to_string())
}

/// Loads and generates on a thread of its own: a panic is an `Err` naming
/// it, a hang fails at [`DEADLINE`].
fn run(case: &Case) -> (Result<Output, String>, Duration) {
    let (name, bytes) = (case.name.clone(), case.bytes.clone());
    let (send, receive) = mpsc::channel();
    let started = Instant::now();
    let thread = std::thread::Builder::new()
        .name(name.clone())
        .spawn(move || {
            let result = load(&name, &bytes)
                .and_then(|doc| generate(&[doc], &options(false)).map_err(|e| e.to_string()));
            let _ = send.send(result);
        })
        .unwrap();
    match receive.recv_timeout(DEADLINE) {
        Ok(result) => {
            thread.join().unwrap();
            (result, started.elapsed())
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => (
            Err(format!(
                "PANIC: {:?}",
                thread.join().err().map(|p| panic_text(&p))
            )),
            started.elapsed(),
        ),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{}: no answer in {DEADLINE:?}", case.name),
    }
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

fn all_cases() -> Vec<Case> {
    let mut cases = checked_in_cases();
    cases.extend(generated_cases());
    cases
}

#[test]
fn every_document_gives_a_crate_or_an_error_that_names_its_place() {
    let mut failures = Vec::new();
    for case in all_cases() {
        let (result, took) = run(&case);
        let outcome = match (&case.expect, &result) {
            (Expect::Crate, Ok(out)) => {
                let warnings = out.diagnostics.to_string().lines().count();
                format!("crate ({} files, {warnings} warnings)", out.files.len())
            }
            (Expect::Error(expected), Err(message))
                if message.contains(expected.as_str())
                    && (message.contains("#/") || message.contains("line ")) =>
            {
                let first = message
                    .lines()
                    .find(|l| l.contains(expected.as_str()))
                    .unwrap_or_default();
                format!(
                    "located error: {}",
                    first.chars().take(110).collect::<String>()
                )
            }
            (expect, result) => {
                failures.push(format!(
                    "{}: expected {expect:?}, got {}",
                    case.name,
                    match result {
                        Ok(_) => "a crate".to_owned(),
                        Err(e) => e.clone(),
                    }
                ));
                "UNEXPECTED".to_owned()
            }
        };
        // Straight to stderr, past the test harness's capture: CI shows the
        // per-class results of every run.
        let _ = writeln!(
            std::io::stderr(),
            "hostile: {:<36} {:>6} ms  {outcome}",
            case.name,
            took.as_millis()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The documents that give a crate, generated together into one crate and
/// built as CI builds the real one.
#[test]
fn the_crates_of_hostile_documents_build_without_warnings_and_their_docs_run_nothing() {
    let docs: Vec<SourceDocument> = all_cases()
        .iter()
        .filter(|c| matches!(c.expect, Expect::Crate))
        .map(|c| load(&c.name, &c.bytes).unwrap())
        .collect();
    let out = generate(&docs, &options(true)).unwrap_or_else(|e| panic!("{e}"));
    let dir = root().join("target/hostile/crate");
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in &out.files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    // No module may land on a file Cargo or the runtime gives a meaning.
    for file in out.files.keys() {
        assert!(
            !file.starts_with("src/bin/") && file != "src/main.rs",
            "{file}"
        );
    }
    let steps: [(&[&str], &str); 3] = [
        (&["clippy", "--all-targets", "--", "-D", "warnings"], ""),
        (&["doc", "--no-deps"], "-D warnings"),
        (&["test", "--doc"], ""),
    ];
    for (args, rustdocflags) in steps {
        let started = Instant::now();
        let output = Command::new(env!("CARGO"))
            .arg(args[0])
            .args(["--offline", "--color", "never", "--quiet"])
            .args(&args[1..])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root().join("target/hostile/build"))
            .env("RUSTDOCFLAGS", rustdocflags)
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let _ = writeln!(
            std::io::stderr(),
            "hostile: the {} documents' crate: cargo {} ({:.1?}): {}",
            docs.len(),
            args.join(" "),
            started.elapsed(),
            if output.status.success() {
                "ok"
            } else {
                "FAILED"
            }
        );
        assert!(
            output.status.success() && !stderr.contains("warning"),
            "cargo {} failed on the hostile crate ({}):\n{stdout}\n{stderr}",
            args.join(" "),
            dir.display()
        );
        // Document text never becomes a doctest: the only doctests are the
        // generator's and the runtime's own.
        if args[0] == "test" {
            assert!(!stdout.contains("panicked"), "{stdout}");
        }
    }
}
