//! Stage 1: reading input documents.
//!
//! Documents are read as plain JSON values first (YAML 1.2 or JSON), merged,
//! lowered from OpenAPI 3.1 to 3.0 ([`lower`]) and only then handed to
//! `openapiv3`, which understands 3.0 only ([`parse`]).

mod fast_schema;
mod limits;
pub mod lower;
mod merge;
pub mod parse;
mod split;

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

pub use merge::{merge, merge_owned};

/// One input document as read from disk.
#[derive(Debug, Clone)]
pub struct SourceDocument {
    /// How the document is named in headers and messages (its file name).
    pub label: String,
    pub path: PathBuf,
    /// Hex sha256 of the file's bytes.
    pub sha256: String,
    pub value: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid YAML or JSON: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("{path}: line 1 column 1: the document root must be a mapping (an OpenAPI object)")]
    NotAMapping { path: PathBuf },
}

/// Reads a YAML or JSON document (JSON is valid YAML 1.2).
///
/// `serde_yaml` implements YAML 1.2, where only `true`/`false` are booleans:
/// an unquoted `ON` (Ontario) stays the string `"ON"`, as the document's
/// authors meant. The shape stage still warns about such values, since YAML 1.1
/// readers turn them into booleans.
pub fn read_document(path: &Path) -> Result<SourceDocument, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let sha256 = sha256_hex(&bytes);
    document(path, &bytes, sha256)
}

/// A document from bytes already read (and hashed: `sha256` is theirs), so
/// that a caller who had to read them to check a pin reads and hashes the
/// document only once.
pub fn document(path: &Path, bytes: &[u8], sha256: String) -> Result<SourceDocument, LoadError> {
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let value = parse_text(bytes).map_err(|message| LoadError::Syntax {
        path: path.to_owned(),
        message,
    })?;
    if !value.is_object() {
        return Err(LoadError::NotAMapping {
            path: path.to_owned(),
        });
    }
    Ok(SourceDocument {
        label,
        path: path.to_owned(),
        sha256,
        value,
    })
}

/// Parses document text; exposed for tests that build documents in memory.
///
/// Hostile text is refused before the YAML parser sees it, in time linear
/// in its length, with the line and column of the problem
/// ([`limits::check`]): a document larger than [`limits::MAX_BYTES`], or
/// nested deeper than [`limits::MAX_FLOW_DEPTH`] brackets (the YAML
/// parser's cost grows with the square of that depth). A UTF-8 byte order
/// mark is skipped. Alias expansion ("billion laughs") is bounded by
/// `serde_yaml`; its error is given the place of the first alias.
pub fn parse_text(bytes: &[u8]) -> Result<Value, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = limits::line_column(bytes, e.valid_up_to());
        format!("line {line} column {column}: not UTF-8: {e}")
    })?;
    limits::check(text)?;
    crate::with_stack(|| {
        if text.trim_start().starts_with('{') {
            // JSON is YAML 1.2, but `libyaml` refuses some valid JSON
            // (characters YAML does not allow unescaped, such as U+FEFF
            // inside strings): JSON is read as JSON.
            return serde_json::from_str::<Value>(text)
                .map_err(|e| format!("line {} column {}: {e}", e.line(), e.column()));
        }
        if text.len() >= split::MIN_BYTES {
            if let Some(value) = split::parse(text, crate::parallel::threads()) {
                return Ok(value);
            }
        }
        serde_yaml::from_str::<Value>(text).map_err(|e| limits::locate_yaml_error(text, e))
    })
}

/// The document parsed in runs of entries on `threads` threads (see
/// [`split`]), or `None` when it must be parsed whole; for tests that
/// compare both ways on real documents.
#[doc(hidden)]
pub fn parse_in_runs(text: &str, threads: usize) -> Option<Value> {
    split::parse(text, threads)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
