//! `cargo xtask generate`: runs the generator and writes (or checks) the
//! `propexo` crate.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use propexo_generator::diag::Diagnostic;
use propexo_generator::inventory::VendorInventory;
use propexo_generator::load::{read_document, SourceDocument};
use propexo_generator::names_lock::NamesLock;
use propexo_generator::policy::Policy;
use propexo_generator::{generate_owned, Options};

use crate::flags::Flags;
use crate::{fetch, project_root};

/// The command that regenerates `generated/`, for file headers and errors.
pub const GENERATE_COMMAND: &str = "cargo xtask generate";

/// Files and folders of the output crate the generator owns; anything else
/// there (tests, examples) is written by hand and left alone.
const OWNED: &[&str] = &[
    "src",
    "Cargo.toml",
    "api.json",
    "SUPPORT.md",
    crate::contract_calls::PATH,
];

pub fn run(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &["spec", "out"], &["check", "verbose"])?;
    let specs: Vec<PathBuf> = flags.all("spec").iter().map(PathBuf::from).collect();
    let out = flags.one("out")?.map(PathBuf::from);
    let check = flags.has("check");
    let default_out = project_root().join("generated");
    let standalone = out.is_some();
    let out = out.unwrap_or(default_out);
    // The policy and names lock are read while the documents are parsed.
    let (docs, policy) = std::thread::scope(|scope| {
        let docs = scope.spawn(|| {
            if specs.is_empty() {
                default_documents()
            } else {
                read_documents(&specs)
            }
        });
        let policy = read_policy_for(&out);
        (join(docs), policy)
    });
    let report = generate_with(docs?, policy?, &out, standalone, check)?;
    if !check {
        eprint!(
            "{}",
            crate::warnings::report(
                &report.warnings,
                &report.acknowledged_warnings,
                flags.has("verbose")
            )?
        );
    }
    if check {
        if report.stale.is_empty() {
            println!("{} is up to date ({} files)", out.display(), report.files);
            Ok(())
        } else {
            Err(format!(
                "these generated files are stale:\n  {}\nrun `{GENERATE_COMMAND}` and commit",
                report.stale.join("\n  ")
            ))
        }
    } else {
        println!(
            "wrote {} ({} files, {} changed; {} operations, {} types; {} warnings)",
            out.display(),
            report.files,
            report.stale.len(),
            report.operations,
            report.types,
            report.warnings.len()
        );
        Ok(())
    }
}

/// The pinned document and the supplementary documents in `spec/`, each
/// read once.
///
/// The pinned document is most of the parsing, so it is parsed on a thread
/// of its own while this one parses the others (each parse runs on a
/// thread with the pipeline's large stack: see `load::parse_text`).
pub fn default_documents() -> Result<Vec<SourceDocument>, String> {
    let (pinned, extra) = std::thread::scope(|scope| {
        let pinned = scope.spawn(fetch::pinned_document);
        let extra = read_documents(&supplementary_paths());
        (join(pinned), extra)
    });
    let mut docs = vec![pinned?];
    docs.extend(extra?);
    Ok(docs)
}

/// The result of a scoped thread; its panic, if any, passed on.
fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The supplementary documents in `spec/supplementary/`, sorted.
pub fn supplementary_paths() -> Vec<PathBuf> {
    let dir = project_root().join("spec/supplementary");
    let mut extra: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    extra.sort();
    extra
}

pub fn read_documents(paths: &[PathBuf]) -> Result<Vec<SourceDocument>, String> {
    paths
        .iter()
        .map(|p| read_document(p).map_err(|e| e.to_string()))
        .collect()
}

/// `spec/policy.yaml`, with the reference's inventory of PMS-specific
/// operations from `spec/supplementary/inventory/`.
pub fn read_policy() -> Result<Policy, String> {
    let mut policy =
        Policy::read(&project_root().join("spec/policy.yaml")).map_err(|e| e.to_string())?;
    policy.inventory = read_inventory(&project_root().join("spec/supplementary/inventory"))?;
    Ok(policy)
}

/// Every vendor's inventory in `dir`, in file-name order; none when the
/// folder does not exist.
pub fn read_inventory(dir: &Path) -> Result<Vec<VendorInventory>, String> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            VendorInventory::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    /// Files that differed (were written, or in check mode would be).
    pub stale: Vec<String>,
    pub operations: usize,
    pub types: usize,
    /// The generator's warnings about the input, sorted.
    pub warnings: Vec<Diagnostic>,
    /// The policy's acknowledged warning kinds, as read for this run.
    pub acknowledged_warnings: std::collections::BTreeMap<String, String>,
}

pub fn generate_into(
    docs: &[SourceDocument],
    out: &Path,
    standalone: bool,
    check: bool,
) -> Result<Report, String> {
    generate_with(docs.to_vec(), read_policy_for(out)?, out, standalone, check)
}

/// The policy, with the names lock of the crate already in `out`: what
/// still exists keeps its name.
fn read_policy_for(out: &Path) -> Result<Policy, String> {
    let mut policy = read_policy()?;
    if let Ok(text) = std::fs::read_to_string(out.join("api.json")) {
        policy.names_lock = NamesLock::from_manifest(&text)
            .map_err(|e| format!("{}: {e}", out.join("api.json").display()))?;
    }
    Ok(policy)
}

/// [`generate_into`] with the policy already read, on documents it may
/// free as soon as they are merged.
fn generate_with(
    docs: Vec<SourceDocument>,
    policy: Policy,
    out: &Path,
    standalone: bool,
    check: bool,
) -> Result<Report, String> {
    let options = Options {
        policy,
        command: GENERATE_COMMAND.to_owned(),
        standalone,
    };
    // The owned files already in `out` are listed while the generator
    // runs (on its own threads); each is read only to be compared, below.
    let (output, existing) = std::thread::scope(|scope| {
        let existing = scope.spawn(|| owned_files(out));
        let output = generate_owned(docs, &options);
        (output, join(existing))
    });
    let mut output = output.map_err(|e| e.to_string())?;
    let mut existing: BTreeSet<String> = existing?.into_iter().collect();
    // The contract test's calls follow the manifest: every function. Only
    // the committed crate has the contract test they belong to.
    if let (false, Some(api_json)) = (standalone, output.files.get("api.json")) {
        let calls = crate::contract_calls::render(api_json, GENERATE_COMMAND)?;
        output
            .files
            .insert(crate::contract_calls::PATH.to_owned(), calls);
    }
    let warnings = output.diagnostics.sorted();
    let mut report = Report {
        acknowledged_warnings: options.policy.acknowledged_warnings.clone(),
        files: output.files.len(),
        operations: output.model.operations.len(),
        types: output.model.types.len(),
        warnings,
        ..Report::default()
    };
    // One buffer holds each file on disk in turn: reading them all first
    // made the check touch the crate's size in fresh memory, which costs
    // more than reading it.
    let mut current = Vec::new();
    for (relative, contents) in &output.files {
        let path = out.join(relative);
        existing.remove(relative);
        if holds(&path, contents.as_bytes(), &mut current) {
            continue;
        }
        report.stale.push(display(out, relative));
        if !check {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            std::fs::write(&path, contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    // What is left of the owned files is no longer generated.
    for orphan in existing {
        report
            .stale
            .push(format!("{} (no longer generated)", display(out, &orphan)));
        if !check {
            let path = out.join(&orphan);
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    // Freeing the crate's files and model takes milliseconds nobody
    // waits for.
    propexo_generator::drop_aside(output);
    Ok(report)
}

/// Whether the file at `path` holds exactly `expected`, read into `buffer`
/// (reused from call to call). A file that cannot be read does not.
fn holds(path: &Path, expected: &[u8], buffer: &mut Vec<u8>) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    // A file of another length differs whatever its bytes.
    match file.metadata() {
        Ok(meta) if meta.len() == expected.len() as u64 => {}
        _ => return false,
    }
    buffer.clear();
    // One byte more than expected, to see a file that grew meanwhile.
    let limit = expected.len() as u64 + 1;
    file.take(limit).read_to_end(buffer).is_ok() && buffer.as_slice() == expected
}

fn display(out: &Path, relative: &str) -> String {
    let root = project_root();
    let full = out.join(relative);
    full.strip_prefix(&root)
        .unwrap_or(&full)
        .display()
        .to_string()
}

/// Files under the owned parts of `out`, relative to it, `/`-separated.
fn owned_files(out: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = OWNED.iter().map(|o| out.join(o)).collect();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path)
                .map_err(|e| format!("cannot list {}: {e}", path.display()))?;
            for entry in entries {
                stack.push(entry.map_err(|e| e.to_string())?.path());
            }
        } else if path.is_file() {
            if let Ok(relative) = path.strip_prefix(out) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use propexo_generator::generate;

    /// Same input, byte-identical output: nothing depends on hash-map
    /// order, time or the machine.
    #[test]
    fn generating_the_pinned_document_twice_gives_identical_files() {
        let docs = default_documents().unwrap();
        let options = Options {
            policy: read_policy().unwrap(),
            command: GENERATE_COMMAND.to_owned(),
            standalone: false,
        };
        let first = generate(&docs, &options).unwrap();
        let second = generate(&docs, &options).unwrap();
        assert_eq!(first.files, second.files);
        assert_eq!(
            first.diagnostics.to_string(),
            second.diagnostics.to_string()
        );
    }

    /// The stored earlier versions of the document (`../shared`), sorted.
    fn stored_versions() -> Vec<PathBuf> {
        let history = project_root().join(crate::pin::read().unwrap().history.unwrap());
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&history)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        paths.sort();
        assert!(paths.len() >= 12, "{} stored versions", paths.len());
        paths
    }

    /// The files of types and of resource modules are printed as text
    /// directly; they must be the bytes the token path (`quote!`, syn,
    /// prettyplease) prints, for the pinned document and every stored
    /// earlier version of it.
    #[test]
    fn direct_text_is_what_prettyplease_prints() {
        let options = Options {
            policy: read_policy().unwrap(),
            command: GENERATE_COMMAND.to_owned(),
            standalone: false,
        };
        let mut inputs = vec![("pinned".to_owned(), default_documents().unwrap())];
        for path in stored_versions() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            inputs.push((name, read_documents(&[path]).unwrap()));
        }
        let check = |(name, docs): &(String, Vec<SourceDocument>)| {
            let output = generate(docs, &options).unwrap();
            let through_tokens = propexo_generator::emit::direct_files_through_tokens(
                &output.model,
                &output.layout,
                &options,
            );
            assert!(!through_tokens.is_empty(), "{name}");
            for (file, text) in &through_tokens {
                let direct = &output.files[file];
                if direct != text {
                    let line = direct
                        .lines()
                        .zip(text.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or(0);
                    panic!(
                        "{name}: {file} differs from prettyplease's at line {}:\n  direct: {:?}\n  tokens: {:?}",
                        line + 1,
                        direct.lines().nth(line),
                        text.lines().nth(line)
                    );
                }
            }
        };
        let (odd, even): (Vec<_>, Vec<_>) =
            inputs.iter().enumerate().partition(|(i, _)| i % 2 == 1);
        std::thread::scope(|scope| {
            let helper = scope.spawn(|| odd.iter().for_each(|(_, input)| check(input)));
            even.iter().for_each(|(_, input)| check(input));
            helper.join().unwrap();
        });
    }

    /// The pinned document is parsed in runs on several threads; that must
    /// give the value parsing it whole gives, for it and every stored
    /// earlier version (each either cut or left whole).
    #[test]
    fn documents_parsed_in_runs_are_the_documents_parsed_whole() {
        let mut paths = vec![crate::fetch::obtain_pinned().unwrap()];
        paths.extend(stored_versions());
        let mut cut = 0;
        for path in &paths {
            let text = std::fs::read_to_string(path).unwrap();
            let whole: serde_json::Value = serde_yaml::from_str(&text).unwrap();
            for threads in [2, 3] {
                if let Some(value) = propexo_generator::load::parse_in_runs(&text, threads) {
                    assert!(value == whole, "{} in runs differs", path.display());
                    cut += 1;
                }
            }
        }
        assert!(cut >= 2, "the pinned document was not cut");
    }

    /// Path items and schemas are read into `openapiv3` on several
    /// threads; that must give what reading the document whole gives, for
    /// the pinned documents and every stored earlier version.
    #[test]
    fn documents_read_in_parallel_are_the_documents_read_whole() {
        use propexo_generator::load;
        let mut inputs = vec![default_documents().unwrap()];
        for path in stored_versions() {
            inputs.push(read_documents(&[path]).unwrap());
        }
        for docs in &inputs {
            let mut diags = propexo_generator::diag::Diagnostics::default();
            let mut doc = load::merge(docs, &mut diags);
            load::lower::lower_document(&mut doc, &mut diags);
            let whole = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&doc).unwrap();
            for threads in [1, 2, 3] {
                // Compared as values, not as JSON: two formats that print
                // alike (a known one and an unknown one) must not pass.
                let parallel = load::parse::parse_in_parallel(&doc, threads).unwrap();
                assert!(
                    parallel == whole,
                    "{} read on {threads} threads differs",
                    docs[0].label
                );
            }
        }
    }

    /// Every warning the pinned and supplementary documents cause has a
    /// kind, and every kind is acknowledged: a new kind fails here first.
    #[test]
    fn every_warning_of_the_pinned_document_is_classified_and_acknowledged() {
        let docs = default_documents().unwrap();
        let policy = read_policy().unwrap();
        let options = Options {
            policy: policy.clone(),
            command: GENERATE_COMMAND.to_owned(),
            standalone: false,
        };
        let output = generate(&docs, &options).unwrap();
        for warning in output.diagnostics.sorted() {
            assert_ne!(warning.kind.name(), "other", "unclassified: {warning}");
            assert!(
                policy
                    .acknowledged_warnings
                    .contains_key(warning.kind.name()),
                "not acknowledged in spec/policy.yaml: {warning}"
            );
        }
    }

    /// `--check` compares with the files on disk: a changed file, a file
    /// that is not text, a missing one, an orphan, a file of the right
    /// length with one byte changed, and a directory where a file belongs
    /// are each reported, and a hand-written file outside the owned parts
    /// is left alone.
    #[test]
    fn check_reports_every_kind_of_difference_with_the_crate_on_disk() {
        let out = std::env::temp_dir().join(format!("propexo-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let spec = out.with_extension("yaml");
        std::fs::write(
            &spec,
            "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /v1/leads/:\n    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}}\n",
        )
        .unwrap();
        let docs = read_documents(std::slice::from_ref(&spec)).unwrap();
        let written = generate_into(&docs, &out, true, false).unwrap();
        assert!(written.files > 5, "{written:?}");
        assert!(generate_into(&docs, &out, true, true)
            .unwrap()
            .stale
            .is_empty());

        std::fs::write(out.join("src/lib.rs"), "// edited\n").unwrap();
        // Same length, one byte changed: only the bytes can tell.
        let mut error_rs = std::fs::read(out.join("src/error.rs")).unwrap();
        let last = error_rs.len() - 2;
        error_rs[last] = if error_rs[last] == b'x' { b'y' } else { b'x' };
        std::fs::write(out.join("src/error.rs"), error_rs).unwrap();
        std::fs::write(out.join("Cargo.toml"), b"\xff\xfe not UTF-8").unwrap();
        // A directory where a file belongs: it opens, but is not the file.
        std::fs::remove_file(out.join("src/decode.rs")).unwrap();
        std::fs::create_dir(out.join("src/decode.rs")).unwrap();
        std::fs::remove_file(out.join("api.json")).unwrap();
        std::fs::write(out.join("src/orphan.rs"), "").unwrap();
        std::fs::create_dir_all(out.join("tests")).unwrap();
        std::fs::write(out.join("tests/by_hand.rs"), "").unwrap();
        let stale = generate_into(&docs, &out, true, true).unwrap().stale;
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&spec);
        let names: Vec<String> = stale
            .iter()
            .map(|s| {
                s.trim_start_matches(&format!("{}/", out.display()))
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "Cargo.toml",
                "api.json",
                "src/decode.rs",
                "src/error.rs",
                "src/lib.rs",
                "src/orphan.rs (no longer generated)"
            ],
            "{stale:?}"
        );
    }

    /// The committed crate must be what the pinned document generates
    /// (the rust-analyzer way: an ordinary test, so CI catches it).
    #[test]
    fn generated_crate_is_up_to_date() {
        let docs = default_documents().expect("the pinned document must be obtainable");
        let report = generate_into(&docs, &project_root().join("generated"), false, true).unwrap();
        assert!(
            report.stale.is_empty(),
            "these generated files are stale:\n  {}\nrun `{GENERATE_COMMAND}` and commit",
            report.stale.join("\n  ")
        );
    }
}
