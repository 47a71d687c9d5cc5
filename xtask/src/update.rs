//! `cargo xtask update`: moves the project to a new version of Propexo's
//! document in one reviewed step. It obtains and checks the document,
//! makes sure it generates, rewrites the whole pin, applies the version
//! bump the changelog computes, regenerates `generated/`, and writes the
//! pull-request text whose title names both versions.
//!
//! Nothing is changed unless the new document generates: the pin, the
//! policy and the crate move together or not at all.

use std::path::{Path, PathBuf};

use propexo_generator::changelog::Bump;
use propexo_generator::load::sha256_hex;
use propexo_generator::{generate, Options};

use crate::changelog::{compare, Side};
use crate::codegen::{
    default_documents, generate_into, read_documents, read_policy, supplementary_paths,
    GENERATE_COMMAND,
};
use crate::flags::Flags;
use crate::{fetch, pin, project_root};

pub fn run(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(
        args,
        &["url", "from", "commit", "date", "sha256", "pr-body"],
        &[],
    )?;
    let url = flags.one("url")?;
    let from = flags.one("from")?;
    let bytes = match (url, from) {
        (Some(url), None) => fetch::download(url)?,
        (None, Some(path)) => fetch::read_local(Path::new(path))?,
        _ => {
            return Err("give the new document with exactly one of --url URL or --from PATH".into())
        }
    };
    let sha256 = sha256_hex(&bytes);
    if let Some(expected) = flags.one("sha256")? {
        fetch::check_sum(&bytes, expected)?;
    }
    let old_pin = pin::read()?;
    let new_pin = next_pin(
        &old_pin,
        url,
        from,
        flags.one("commit")?,
        flags.one("date")?,
        sha256,
    )?;
    if new_pin.sha256 == old_pin.sha256 {
        println!(
            "the pin already names this document ({}); nothing to do",
            new_pin.sha256
        );
        return Ok(());
    }

    // The old version, as generated today, for the changelog.
    let old_document = fetch::obtain_pinned()?;
    let staged = stage(&bytes)?;
    check_generates(&staged)?;

    let old = Side {
        docs: read_documents(&with_supplementary(old_document))?,
        label: old_pin.version_label(),
    };
    let new = Side {
        docs: read_documents(&with_supplementary(staged.clone()))?,
        label: new_pin.version_label(),
    };
    let comparison = compare(&old, &new)?;

    let policy = read_policy()?;
    let next_version = comparison.bump.apply(&policy.crate_version);
    fetch::store(&bytes)?;
    pin::write(&new_pin)?;
    set_crate_version(&project_root().join("spec/policy.yaml"), &next_version)?;
    let _ = std::fs::remove_file(&staged);

    let docs = default_documents()?;
    let report = generate_into(&docs, &project_root().join("generated"), false, false)?;

    let title = format!(
        "Update Propexo's OpenAPI document: {} → {}",
        old_pin.version_label(),
        new_pin.version_label()
    );
    let body = pull_request_body(
        &title,
        &old_pin,
        &new_pin,
        &comparison.markdown,
        &policy.crate_version,
        &next_version,
        comparison.bump,
    );
    let body_path = match flags.one("pr-body")? {
        Some(path) => PathBuf::from(path),
        None => project_root().join("target/update/pull-request.md"),
    };
    if let Some(dir) = body_path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&body_path, &body)
        .map_err(|e| format!("cannot write {}: {e}", body_path.display()))?;
    println!("{title}");
    println!(
        "pin rewritten; crate version {} → {next_version}; {} generated files changed; pull-request text in {}",
        policy.crate_version,
        report.stale.len(),
        body_path.display()
    );
    Ok(())
}

/// The new pin: every field about the document is replaced at once. The
/// commit is the one given, else the one the URL names, else `unknown`;
/// a commit or date that cannot be known is never carried over from the
/// old pin.
fn next_pin(
    old: &pin::Pin,
    url: Option<&str>,
    from: Option<&str>,
    commit: Option<&str>,
    date: Option<&str>,
    sha256: String,
) -> Result<pin::Pin, String> {
    let from_name = from.and_then(|p| pin::version_in_file_name(Path::new(p)));
    let commit = match (commit, url.and_then(pin::commit_in_url)) {
        (Some(given), Some(in_url)) if !in_url.starts_with(&given.to_ascii_lowercase()) => {
            return Err(format!(
                "--commit {given} is not the commit the URL names ({in_url})"
            ));
        }
        (Some(given), _) => given.to_ascii_lowercase(),
        (None, Some(in_url)) => in_url,
        (None, None) => from_name
            .as_ref()
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| "unknown".to_owned()),
    };
    if commit != "unknown"
        && !(commit.len() >= 7
            && commit.len() <= 40
            && commit.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(format!("--commit {commit} is not a hexadecimal commit id"));
    }
    let date = match date {
        Some(d) if pin::is_date(d) => Some(d.to_owned()),
        Some(d) => return Err(format!("--date {d} is not a date of the form YYYY-MM-DD")),
        None => from_name.map(|(d, _)| d),
    };
    let url = match url {
        Some(url) => url.to_owned(),
        // Without a URL the document must still be obtainable on a fresh
        // clone: point at the pinned repository's raw file at the commit.
        None if commit.len() == 40 => format!(
            "https://raw.githubusercontent.com/{}/{commit}/{}",
            old.repository, old.path
        ),
        None => {
            return Err(
                "with --from, give --commit with the full 40-digit commit, so a fresh clone can download the document"
                    .into(),
            )
        }
    };
    Ok(pin::Pin {
        commit,
        date,
        url,
        sha256,
        ..old.clone()
    })
}

/// The new document in a temporary file beside the downloaded one.
fn stage(bytes: &[u8]) -> Result<PathBuf, String> {
    let path = pin::downloaded_path().with_file_name("openapi.next.yml");
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

fn with_supplementary(document: PathBuf) -> Vec<PathBuf> {
    let mut paths = vec![document];
    paths.extend(supplementary_paths());
    paths
}

/// The new document, with the supplementary ones, must generate a crate.
fn check_generates(document: &Path) -> Result<(), String> {
    let docs = read_documents(&with_supplementary(document.to_path_buf()))?;
    let options = Options {
        policy: read_policy()?,
        command: GENERATE_COMMAND.to_owned(),
        standalone: false,
    };
    generate(&docs, &options)
        .map(|_| ())
        .map_err(|e| format!("the new document does not generate; the pin is unchanged:\n{e}"))
}

/// Rewrites the `crate_version:` line of the policy file, keeping the rest.
pub fn set_crate_version(policy: &Path, version: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(policy)
        .map_err(|e| format!("cannot read {}: {e}", policy.display()))?;
    let mut found = 0;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.starts_with("crate_version:") {
            found += 1;
            out.push_str(&format!("crate_version: {version}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if found != 1 {
        return Err(format!(
            "{} must have exactly one top-level `crate_version:` line, found {found}",
            policy.display()
        ));
    }
    std::fs::write(policy, out).map_err(|e| format!("cannot write {}: {e}", policy.display()))
}

#[allow(clippy::too_many_arguments)]
fn pull_request_body(
    title: &str,
    old: &pin::Pin,
    new: &pin::Pin,
    changelog: &str,
    old_version: &str,
    new_version: &str,
    bump: Bump,
) -> String {
    let verdict = match bump {
        Bump::None => "no change for users",
        Bump::Compatible => "compatible changes only",
        Bump::Breaking => "breaking changes",
    };
    format!(
        "# {title}\n\n\
         | | before | after |\n|---|---|---|\n\
         | commit | `{}` | `{}` |\n| date | {} | {} |\n| sha256 | `{}` | `{}` |\n| crate version | {old_version} | {new_version} |\n\n\
         Generated by `cargo xtask update` ({verdict}). Review `generated/api.json` first.\n\n{}",
        old.commit,
        new.commit,
        old.date.as_deref().unwrap_or("unknown"),
        new.date.as_deref().unwrap_or("unknown"),
        old.sha256,
        new.sha256,
        // The changelog's own title repeats the versions; keep its sections.
        changelog.split_once('\n').map_or(changelog, |(_, rest)| rest).trim_start()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old_pin() -> pin::Pin {
        pin::Pin {
            repository: "propexo/documentation".into(),
            path: "fern/openapi/openapi.yml".into(),
            commit: "c9dbd05".into(),
            date: Some("2026-02-11".into()),
            url: "https://example.invalid/old".into(),
            sha256: "0".repeat(64),
            mirrors: vec![],
            history: None,
        }
    }

    const FULL: &str = "0e5a2119d094d407b08d9a66026057b7d7a72cba";

    #[test]
    fn a_url_pin_takes_the_commit_from_the_url_and_drops_the_old_date() {
        let url = format!("https://raw.githubusercontent.com/propexo/documentation/{FULL}/fern/openapi/openapi.yml");
        let pin = next_pin(&old_pin(), Some(&url), None, None, None, "1".repeat(64)).unwrap();
        assert_eq!(pin.commit, FULL);
        assert_eq!(pin.url, url);
        assert_eq!(
            pin.date, None,
            "the old date must not describe the new document"
        );
        assert_eq!(pin.sha256, "1".repeat(64));
    }

    #[test]
    fn a_commit_contradicting_the_url_is_refused() {
        let url = format!("https://raw.githubusercontent.com/o/r/{FULL}/x.yml");
        assert!(next_pin(
            &old_pin(),
            Some(&url),
            None,
            Some("abcdef0"),
            None,
            "1".repeat(64)
        )
        .is_err());
        assert!(next_pin(
            &old_pin(),
            Some(&url),
            None,
            Some("0e5a211"),
            None,
            "1".repeat(64)
        )
        .is_ok());
    }

    #[test]
    fn a_local_file_needs_a_full_commit_so_that_a_fresh_clone_can_download_it() {
        let err = next_pin(
            &old_pin(),
            None,
            Some("/x/2026-02-12_0e5a211.yml"),
            None,
            None,
            "1".repeat(64),
        )
        .unwrap_err();
        assert!(err.contains("40-digit"), "{err}");
        let pin = next_pin(
            &old_pin(),
            None,
            Some("/x/2026-02-12_0e5a211.yml"),
            Some(FULL),
            None,
            "1".repeat(64),
        )
        .unwrap();
        assert_eq!(
            pin.date.as_deref(),
            Some("2026-02-12"),
            "the date comes from the history file name"
        );
        assert!(
            pin.url.contains(FULL) && pin.url.ends_with("fern/openapi/openapi.yml"),
            "{}",
            pin.url
        );
    }

    #[test]
    fn bad_dates_and_commits_are_refused() {
        let url = "https://h/o/r/main/x.yml";
        assert!(next_pin(
            &old_pin(),
            Some(url),
            None,
            None,
            Some("12/02/2026"),
            "1".repeat(64)
        )
        .is_err());
        assert!(next_pin(
            &old_pin(),
            Some(url),
            None,
            Some("zzz"),
            None,
            "1".repeat(64)
        )
        .is_err());
        let pin = next_pin(&old_pin(), Some(url), None, None, None, "1".repeat(64)).unwrap();
        assert_eq!(pin.commit, "unknown");
    }

    #[test]
    fn the_crate_version_line_is_rewritten_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("policy-version-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("policy.yaml");
        std::fs::write(&path, "# comment\nfoo: 1\ncrate_version: 0.1.0\nbar: [a]\n").unwrap();
        set_crate_version(&path, "0.2.0").unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# comment\nfoo: 1\ncrate_version: 0.2.0\nbar: [a]\n"
        );
        std::fs::write(&path, "foo: 1\n").unwrap();
        assert!(set_crate_version(&path, "0.2.0").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
