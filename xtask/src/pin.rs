//! `spec/pin.yaml`: which document is pinned, where it comes from, and
//! its checksum.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::project_root;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub repository: String,
    pub path: String,
    pub commit: String,
    pub url: String,
    pub sha256: String,
    #[serde(default)]
    pub mirrors: Vec<String>,
    /// Folder of earlier versions, relative to the workspace root.
    #[serde(default)]
    pub history: Option<String>,
}

pub fn pin_path() -> PathBuf {
    project_root().join("spec/pin.yaml")
}

/// Where the fetched document is kept (git-ignored).
pub fn downloaded_path() -> PathBuf {
    project_root().join("spec/downloaded/openapi.yml")
}

pub fn read() -> Result<Pin, String> {
    let path = pin_path();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{} is invalid: {e}", path.display()))
}

/// Rewrites the pin's `url` and `sha256` lines, keeping its comments.
pub fn update(url: Option<&str>, sha256: &str) -> Result<(), String> {
    let path = pin_path();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("sha256:") {
            out.push_str(&format!("sha256: {sha256}\n"));
        } else if let (Some(url), true) = (url, line.starts_with("url:")) {
            out.push_str(&format!("url: {url}\n"));
        } else if url.is_some() && line.starts_with("commit:") {
            // A new URL may point at another commit; record that it is unknown
            // rather than keep a commit the document no longer comes from.
            out.push_str("commit: unknown (see url)\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    std::fs::write(&path, out).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
