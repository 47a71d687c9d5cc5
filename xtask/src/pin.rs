//! `spec/pin.yaml`: which document is pinned, where it comes from, and
//! its checksum.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::project_root;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub repository: String,
    pub path: String,
    /// The commit of `repository` the document comes from, or `unknown`.
    pub commit: String,
    /// The commit's date (`YYYY-MM-DD`), when known: with the commit it
    /// names the version in changelogs and pull requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub url: String,
    pub sha256: String,
    #[serde(default)]
    pub mirrors: Vec<String>,
    /// Folder of earlier versions, relative to the workspace root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
}

/// What `spec/pin.yaml` says about itself; kept when the pin is rewritten.
const HEADER: &str = "\
# The pinned Propexo OpenAPI document: what `cargo xtask generate` reads.
# The document itself is not committed. `cargo xtask fetch-spec` obtains it
# (from a local mirror when one is present, else from `url`), checks its
# sha256 and stores it in spec/downloaded/ (git-ignored).
# `cargo xtask update --url URL [--commit SHA] [--date YYYY-MM-DD]` moves the
# pin to another version, regenerates and writes the pull-request text; it
# rewrites this whole file, so every field describes the same document.
# `mirrors`: local copies tried before the network, relative to the workspace
# root (CI and developer machines have the shared material beside the repo).
# `history`: earlier versions, for `cargo xtask history` and `changelog`.
";

impl Pin {
    /// A short human name of the pinned version: `2026-02-12 (0e5a211)`.
    pub fn version_label(&self) -> String {
        let commit = short_commit(&self.commit);
        match &self.date {
            Some(date) => format!("{date} ({commit})"),
            None => commit.to_owned(),
        }
    }

    /// The pin as `spec/pin.yaml` text, header included.
    pub fn to_text(&self) -> Result<String, String> {
        let body = serde_yaml::to_string(self).map_err(|e| e.to_string())?;
        Ok(format!("{HEADER}{body}"))
    }
}

/// The first seven characters of a hexadecimal commit, else the text as is.
pub fn short_commit(commit: &str) -> &str {
    if commit.len() > 7 && commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        &commit[..7]
    } else {
        commit
    }
}

/// The commit named in a URL's path: the first segment of 40 hexadecimal
/// digits (`raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH`, GitHub
/// `blob/COMMIT/…`). Decided on path segments, not on the text as a whole.
pub fn commit_in_url(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    path.split('/')
        .skip(1) // the host
        .find(|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}

/// Date and short commit from a history file name (`2026-02-12_c9dbd05.yml`).
pub fn version_in_file_name(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_str()?;
    let (date, commit) = stem.split_once('_')?;
    let is_date = is_date(date);
    let is_commit =
        (7..=40).contains(&commit.len()) && commit.bytes().all(|b| b.is_ascii_hexdigit());
    (is_date && is_commit).then(|| (date.to_owned(), commit.to_owned()))
}

/// `YYYY-MM-DD` (digits and dashes in place; the calendar is not checked).
pub fn is_date(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

pub fn pin_path() -> PathBuf {
    project_root().join("spec/pin.yaml")
}

/// Where the fetched document is kept (git-ignored).
pub fn downloaded_path() -> PathBuf {
    project_root().join("spec/downloaded/openapi.yml")
}

pub fn read() -> Result<Pin, String> {
    read_from(&pin_path())
}

pub fn read_from(path: &Path) -> Result<Pin, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{} is invalid: {e}", path.display()))
}

/// Writes the whole pin: every field at once, so that url, commit, date and
/// checksum always describe the same document.
pub fn write(pin: &Pin) -> Result<(), String> {
    write_to(&pin_path(), pin)
}

pub fn write_to(path: &Path, pin: &Pin) -> Result<(), String> {
    std::fs::write(path, pin.to_text()?)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Pin {
        Pin {
            repository: "propexo/documentation".into(),
            path: "fern/openapi/openapi.yml".into(),
            commit: "0e5a2119d094d407b08d9a66026057b7d7a72cba".into(),
            date: Some("2026-02-12".into()),
            url: "https://raw.githubusercontent.com/propexo/documentation/0e5a2119d094d407b08d9a66026057b7d7a72cba/fern/openapi/openapi.yml".into(),
            sha256: "a".repeat(64),
            mirrors: vec!["../shared/propexo-spec/openapi.yml".into()],
            history: Some("../shared/propexo-spec/history".into()),
        }
    }

    #[test]
    fn a_written_pin_reads_back_identically_with_its_header() {
        let dir = std::env::temp_dir().join(format!("pin-roundtrip-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pin.yaml");
        write_to(&path, &sample()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# The pinned Propexo OpenAPI document"));
        assert_eq!(read_from(&path).unwrap(), sample());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn commits_are_found_in_url_path_segments_only() {
        let c = "0e5a2119d094d407b08d9a66026057b7d7a72cba";
        assert_eq!(
            commit_in_url(&format!("https://raw.githubusercontent.com/o/r/{c}/a.yml")).as_deref(),
            Some(c)
        );
        // A commit-looking host or query is not a commit of the path.
        assert_eq!(commit_in_url(&format!("https://{c}/main/a.yml")), None);
        assert_eq!(
            commit_in_url(&format!("https://h/o/r/main/a.yml?c={c}")),
            None
        );
        assert_eq!(commit_in_url("https://h/o/r/main/a.yml"), None);
    }

    #[test]
    fn history_file_names_give_date_and_commit() {
        assert_eq!(
            version_in_file_name(Path::new("x/2026-02-12_c9dbd05.yml")),
            Some(("2026-02-12".into(), "c9dbd05".into()))
        );
        assert_eq!(version_in_file_name(Path::new("openapi.yml")), None);
        assert_eq!(
            version_in_file_name(Path::new("2026-2-12_c9dbd05.yml")),
            None
        );
        assert_eq!(
            version_in_file_name(Path::new("2026-02-12_nothex.yml")),
            None
        );
    }

    #[test]
    fn version_labels_name_date_and_short_commit() {
        assert_eq!(sample().version_label(), "2026-02-12 (0e5a211)");
        let mut unknown = sample();
        unknown.commit = "unknown".into();
        unknown.date = None;
        assert_eq!(unknown.version_label(), "unknown");
    }

    #[test]
    fn the_committed_pin_is_consistent() {
        let pin = read().unwrap();
        assert_eq!(pin.sha256.len(), 64);
        assert_eq!(
            commit_in_url(&pin.url).as_deref(),
            Some(pin.commit.as_str()),
            "the URL must name the pinned commit"
        );
        // The committed file is exactly what `write` produces, so a rewrite
        // by `update` changes only the values.
        assert_eq!(
            std::fs::read_to_string(pin_path()).unwrap(),
            pin.to_text().unwrap()
        );
    }
}
