//! Limits on document text, checked before the YAML parser runs, so that a
//! hostile document is refused quickly with its place instead of making
//! the parser work for minutes (or run out of stack).
//!
//! `serde_yaml` already bounds nesting (128 levels) and alias expansion,
//! but `libyaml` re-scans its stack of open flow collections (`[`, `{`) for
//! every token: 100,000 nested brackets take half a minute before the
//! nesting error. [`check`] finds such nesting in one pass.

/// The largest document accepted: 64 MiB, over thirty times Propexo's.
pub const MAX_BYTES: usize = 64 << 20;

/// The deepest bracket nesting accepted. Far above what a real document
/// uses (the YAML parser refuses more than 128 nested collections anyway),
/// low enough that the parser's quadratic work on it is negligible.
pub const MAX_FLOW_DEPTH: usize = 1_000;

/// Refuses text that is too large or nested too deeply, naming the line
/// and column. Linear in the text's length.
///
/// The scan is lexical and deliberately simple: a `[` or `{` opens a
/// level only where a YAML token can start (start of a line, after
/// `: `, `- `, `,`, or another bracket), so brackets inside prose do not
/// count; quoted scalars starting there are skipped, and `#` comments.
/// It can only over-count on prose full of unbalanced brackets at those
/// places, and the limit leaves a wide margin for that.
pub fn check(text: &str) -> Result<(), String> {
    let bytes = text.as_bytes();
    if text.len() > MAX_BYTES {
        let (line, column) = line_column(bytes, MAX_BYTES);
        return Err(format!(
            "line {line} column {column}: the document is {} bytes; at most {MAX_BYTES} are accepted",
            text.len()
        ));
    }
    let mut depth = 0usize;
    let mut token_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => token_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' if token_start => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    let (line, column) = line_column(bytes, i);
                    return Err(format!(
                        "line {line} column {column}: nested deeper than {MAX_FLOW_DEPTH} levels"
                    ));
                }
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                token_start = false;
            }
            b',' => token_start = true,
            b'"' | b'\'' if token_start => {
                i = skip_quoted(bytes, i);
                token_start = false;
                continue;
            }
            b'-' | b':' | b'?'
                if bytes
                    .get(i + 1)
                    .is_none_or(|n| matches!(n, b' ' | b'\t' | b'\n' | b'\r')) =>
            {
                token_start = true
            }
            _ => token_start = false,
        }
        i += 1;
    }
    Ok(())
}

/// The index just after the quoted scalar starting at `start`.
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            // '' is an escaped quote inside a single-quoted scalar.
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == quote => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// `serde_yaml`'s message, with a place where it gives none: its alias
/// expansion limit names no location, so the first alias is named.
pub fn locate_yaml_error(text: &str, error: serde_yaml::Error) -> String {
    let message = error.to_string();
    if error.location().is_some() {
        return message;
    }
    match first_alias(text) {
        Some(offset) => {
            let (line, column) = line_column(text.as_bytes(), offset);
            format!("line {line} column {column} (the first alias): {message}: aliases expand to too much")
        }
        None => format!("line 1 column 1: {message}"),
    }
}

/// The byte offset of the first alias (`*name` where a value can start).
fn first_alias(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'*'
            && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric())
            && (i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',' | b'\n' | b'\t'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_brackets_are_refused_with_their_place() {
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        let err = check(&deep).unwrap_err();
        assert_eq!(
            err,
            format!(
                "line 2 column {}: nested deeper than {MAX_FLOW_DEPTH} levels",
                4 + MAX_FLOW_DEPTH
            )
        );
    }

    #[test]
    fn brackets_in_prose_and_strings_do_not_count() {
        let text = format!(
            "d: see [a] and {{b}} {}\nq: \"{}\"\nr: '{}'\n# {}\n",
            "[".repeat(3000),
            "[".repeat(3000),
            "{".repeat(3000),
            "[".repeat(3000)
        );
        check(&text).unwrap();
        let json = format!("{{\"a\": [{}]}}", "[1], ".repeat(5000));
        check(&json).unwrap();
    }

    #[test]
    fn oversized_documents_are_refused() {
        let big = "#".repeat(MAX_BYTES + 1);
        assert!(check(&big).unwrap_err().contains("at most"));
    }

    #[test]
    fn places_are_lines_and_columns() {
        assert_eq!(line_column(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_column("é\né".as_bytes(), 5), (2, 2));
    }
}
