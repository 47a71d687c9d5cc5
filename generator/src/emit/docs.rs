//! Turning document descriptions into rustdoc that builds without
//! warnings and without surprises. Document text is data, never code:
//!
//! - every code block, whatever its fence (```` ``` ````, `~~~`, in a list
//!   item or a quote) is printed as a `text` block, under a backtick fence
//!   longer than any backtick run inside it, so its content cannot close it
//!   early and turn the rest into a doctest;
//! - no line keeps the indentation that would make it an indented code
//!   block (after any quote or list markers, which keep one space);
//! - `[brackets]` cannot become intra-doc links, `<tags>` HTML, `#` headings;
//!   bare URLs become links;
//! - control characters (a bare CR, NUL, …), bidirectional overrides and
//!   isolates, line and paragraph separators are printed as `\u{…}`
//!   escapes ([`escape_controls`]), so no text can reorder what a reader
//!   sees, end a comment, or add a line (an attribute) of its own.

use crate::model::{Bound, Constraints};

/// Sanitizes one description for use in a doc comment.
pub fn sanitize(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.trim().split('\n').collect();
    let roles = line_roles(&lines);
    // Longer than any backtick run inside a block: nothing can close it.
    let longest = lines
        .iter()
        .zip(&roles)
        .filter(|(_, role)| **role == Role::Code)
        .map(|(line, _)| longest_run(line, '`'))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = Vec::new();
    // The indentation that continues the list item or quote of the line
    // before (a "lazy" continuation line is a clippy warning).
    let mut continuation = String::new();
    for (line, role) in lines.iter().zip(&roles) {
        match role {
            // Fenced examples are data, never Rust to be compiled as a
            // doctest.
            Role::Open => out.push(format!("{fence}text")),
            Role::Close => out.push(fence.clone()),
            Role::Code => out.push(escape_controls(line)),
            Role::Prose => match inline_table(line.trim()) {
                Some(rows) => out.extend(rows),
                None => {
                    let (text, prefix) = prose_line(line);
                    if text.is_empty() {
                        continuation.clear();
                    } else if prefix.is_empty() {
                        out.push(format!("{continuation}{text}"));
                        continue;
                    } else {
                        continuation = prefix;
                    }
                    out.push(text);
                    continue;
                }
            },
        }
        continuation.clear();
    }
    if roles
        .last()
        .is_some_and(|r| matches!(r, Role::Open | Role::Code))
    {
        out.push(fence);
    }
    out.join("\n")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Prose,
    Open,
    Code,
    Close,
}

/// What each line is: prose, a code fence (``` or ~~~, also in a list
/// item or quote) opening or closing a block, or code inside one. A block
/// closes only with a fence of its character at least as long as its
/// opening one, as CommonMark says.
fn line_roles(lines: &[&str]) -> Vec<Role> {
    let mut open: Option<(char, usize)> = None;
    lines
        .iter()
        .map(|line| {
            let marker = fence_marker(strip_containers(line));
            match (open, marker) {
                (None, Some((c, n, _))) => {
                    open = Some((c, n));
                    Role::Open
                }
                (None, None) => Role::Prose,
                (Some((oc, on)), Some((c, n, info)))
                    if oc == c && n >= on && info.trim().is_empty() =>
                {
                    open = None;
                    Role::Close
                }
                (Some(_), _) => Role::Code,
            }
        })
        .collect()
}

/// One line of document text for a place that takes a single line (a
/// deprecation note, a title): whitespace collapsed, nothing that Markdown
/// would read as a code fence, link or tag.
pub fn sanitize_inline(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = escape_line(&joined);
    if line.starts_with("``") || line.starts_with("~~") {
        format!("\\{line}")
    } else {
        line
    }
}

/// A prose line: quote and list markers kept with one space after each
/// (more would start an indented code block), the rest escaped; and the
/// prefix that continues its list item or quote on the next line (empty
/// when it has no markers).
fn prose_line(line: &str) -> (String, String) {
    let mut out = String::new();
    let mut continuation = String::new();
    let mut rest = line.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix('>') {
            out.push_str("> ");
            continuation.push_str("> ");
            rest = after.trim_start();
        } else if let Some(len) = list_marker(rest) {
            out.push_str(&rest[..len]);
            out.push(' ');
            continuation.push_str(&" ".repeat(len + 1));
            rest = rest[len..].trim_start();
        } else {
            break;
        }
    }
    if rest.is_empty() {
        return (out.trim_end().to_owned(), String::new());
    }
    out.push_str(&escape_line(rest));
    (out, continuation)
}

/// The length of a list marker (`-`, `*`, `+`, `1.`, `1)`) followed by
/// whitespace at the start of `text`.
fn list_marker(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let len = match text.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        _ if (1..=9).contains(&digits)
            && matches!(text.as_bytes().get(digits), Some(b'.' | b')')) =>
        {
            digits + 1
        }
        _ => return None,
    };
    matches!(text.as_bytes().get(len), Some(b' ' | b'\t')).then_some(len)
}

/// `line` without leading quote and list markers: where a fence would be.
fn strip_containers(line: &str) -> &str {
    let mut rest = line.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix('>') {
            rest = after.trim_start();
        } else if let Some(len) = list_marker(rest) {
            rest = rest[len..].trim_start();
        } else {
            return rest;
        }
    }
}

/// A code fence at the start of `text`: its character, length and info
/// string.
fn fence_marker(text: &str) -> Option<(char, usize, &str)> {
    let c = text.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = text.chars().take_while(|&x| x == c).count();
    (n >= 3).then(|| (c, n, &text[n..]))
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in text.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Whether `c` must not reach a doc comment as itself: control characters
/// (a bare CR is an error in a doc comment, others are invisible),
/// bidirectional formatting (which can make code read differently from
/// what it is; rustc denies it), line/paragraph separators and the byte
/// order mark.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// [`escape_controls`] on each line of `text` (its newlines kept), and
/// tabs as four spaces (clippy's `tabs_in_doc_comments`).
pub fn escape_controls_keeping_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| escape_controls(line).replace('\t', "    "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with every [`is_unsafe_char`] printed as a `\u{…}` escape.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            c if is_unsafe_char(c) => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// A Markdown table flattened onto one line, as Propexo's docs site shows
/// some descriptions (`Title | Interface | Method | |---|---| | A | B |`),
/// back as a table: the text before it, a blank line, a row per line.
fn inline_table(line: &str) -> Option<Vec<String>> {
    if !line.contains("|---") || !line.contains("| |") {
        return None;
    }
    let start = line.find('|')?;
    let preface = line[..start].trim();
    let mut out = Vec::new();
    if !preface.is_empty() {
        out.push(escape_line(preface));
        out.push(String::new());
    }
    for row in line[start..].split("| |") {
        let row = row.trim().trim_matches('|').trim();
        if row.chars().all(|c| matches!(c, '-' | '|' | ':' | ' ')) {
            out.push(format!("|{row}|"));
        } else {
            out.push(format!("| {} |", escape_line(row)));
        }
    }
    Some(out)
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            let url = &rest[..url_len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            '#' if out.is_empty() => out.push_str("\\#"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a bare URL at the start of `text`, if there is one.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let len = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(text.len());
    // A sentence's full stop or comma is not part of the URL.
    let trimmed = text[..len].trim_end_matches(['.', ',', ';', ':']);
    Some(trimmed.len())
}

/// Quotes `text` as inline code, choosing enough backticks; control
/// characters (a newline in a JSON key, say) are escaped, so the code
/// stays on its line.
pub fn code(text: &str) -> String {
    let text = escape_controls(text);
    if text.contains('`') {
        let ticks = "`".repeat(longest_run(&text, '`') + 1);
        format!("{ticks} {text} {ticks}")
    } else {
        format!("`{text}`")
    }
}

/// A code span that holds any text on one line: fenced by one more
/// backtick than the longest run inside it.
fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// One line saying what the document allows beyond the type (range,
/// length, pattern, items, format, default), or `None` when it says
/// nothing.
pub fn constraints(c: &Constraints) -> Option<String> {
    let mut parts = Vec::new();
    let bound = |b: &Bound, inclusive: &str, exclusive: &str| {
        format!(
            "{} {}",
            if b.exclusive { exclusive } else { inclusive },
            b.value
        )
    };
    match (&c.minimum, &c.maximum) {
        (Some(min), Some(max)) if !min.exclusive && !max.exclusive => {
            parts.push(format!("from {} to {}", min.value, max.value));
        }
        (min, max) => {
            if let Some(min) = min {
                parts.push(bound(min, "at least", "greater than"));
            }
            if let Some(max) = max {
                parts.push(bound(max, "at most", "less than"));
            }
        }
    }
    if let Some(step) = &c.multiple_of {
        parts.push(format!("a multiple of {step}"));
    }
    parts.extend(count(c.min_length, c.max_length, "character"));
    parts.extend(count(c.min_items, c.max_items, "item"));
    if c.unique_items {
        parts.push("items unique".to_owned());
    }
    if let Some(pattern) = &c.pattern {
        parts.push(format!("matches {}", code_span(pattern)));
    }
    if let Some(format) = &c.format {
        parts.push(format!("format {}", code_span(format)));
    }
    if let Some(default) = &c.default {
        parts.push(format!("default {}", code_span(default)));
    }
    (!parts.is_empty()).then(|| format!("**Constraints**: {}.", parts.join("; ")))
}

/// `exactly 1 character`, `1 to 20 characters`, `at least 2 items`, …
fn count(min: Option<usize>, max: Option<usize>, unit: &str) -> Option<String> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match (min, max) {
        (Some(min), Some(max)) if min == max => {
            Some(format!("exactly {min} {unit}{}", plural(min)))
        }
        (Some(min), Some(max)) => Some(format!("{min} to {max} {unit}s")),
        (Some(min), None) => Some(format!("at least {min} {unit}{}", plural(min))),
        (None, Some(max)) => Some(format!("at most {max} {unit}{}", plural(max))),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_read_as_one_line() {
        let c = Constraints {
            minimum: Some(Bound {
                value: "1".into(),
                exclusive: false,
            }),
            maximum: Some(Bound {
                value: "250".into(),
                exclusive: false,
            }),
            default: Some("50".into()),
            ..Constraints::default()
        };
        assert_eq!(
            constraints(&c).unwrap(),
            "**Constraints**: from 1 to 250; default `50`."
        );
        let one = Constraints {
            min_length: Some(1),
            max_length: Some(1),
            pattern: Some("^a`b``c$\nx".into()),
            minimum: Some(Bound {
                value: "0".into(),
                exclusive: true,
            }),
            ..Constraints::default()
        };
        assert_eq!(
            constraints(&one).unwrap(),
            "**Constraints**: greater than 0; exactly 1 character; matches ``` ^a`b``c$ x ```."
        );
        assert_eq!(constraints(&Constraints::default()), None);
        let items = Constraints {
            min_items: Some(2),
            unique_items: true,
            format: Some("uuid".into()),
            ..Constraints::default()
        };
        assert_eq!(
            constraints(&items).unwrap(),
            "**Constraints**: at least 2 items; items unique; format `uuid`."
        );
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(sanitize("  indented [x] <b>"), "indented \\[x\\] &lt;b&gt;");
        assert_eq!(sanitize("see https://a.b/c."), "see <https://a.b/c>.");
        assert_eq!(sanitize("```\nlet x;\n```"), "```text\nlet x;\n```");
        assert_eq!(sanitize("# Title"), "\\# Title");
    }

    /// Nothing in document text may reach rustdoc as Rust code.
    fn assert_inert(doc: &str) {
        let mut open: Option<usize> = None;
        for line in doc.lines() {
            let ticks = line.chars().take_while(|&c| c == '`').count();
            match open {
                None if ticks >= 3 => {
                    assert_eq!(&line[ticks..], "text", "{line:?} in\n{doc}");
                    open = Some(ticks);
                    continue;
                }
                Some(n) if ticks >= n && line.len() == ticks => {
                    open = None;
                    continue;
                }
                _ => {}
            }
            if open.is_none() {
                let t = line.trim_start();
                assert!(
                    !t.starts_with("~~~") && !t.starts_with("```"),
                    "{line:?} in\n{doc}"
                );
                let after = strip_containers(line);
                assert!(
                    !after.starts_with("    ") && !line.starts_with("    "),
                    "{line:?} in\n{doc}"
                );
            }
            assert!(!line.chars().any(is_unsafe_char), "{line:?}");
        }
        assert!(open.is_none(), "unclosed block in\n{doc}");
    }

    #[test]
    fn every_code_block_is_text_whatever_its_fence() {
        for text in [
            "~~~\npanic!();\n~~~",
            "~~~rust\npanic!();\n~~~",
            "```rust\npanic!();\n```",
            "- ```\n  panic!();\n  ```",
            "1. ~~~\n   panic!();\n   ~~~",
            "> ```\n> panic!();\n> ```",
            "```\nunterminated",
            "~~~~\n```\npanic!();\n```\n~~~~\nafter",
            "```\n````\n```",
        ] {
            let doc = sanitize(text);
            assert_inert(&doc);
            assert!(doc.contains("text"), "{doc}");
        }
        // Content that looks like a closing fence cannot close the block.
        let doc = sanitize("~~~\n```\npanic!();\n```\n~~~");
        assert_eq!(doc, "````text\n```\npanic!();\n```\n````");
    }

    #[test]
    fn indentation_never_makes_code() {
        for text in [
            "a\n\n    panic!();",
            "a\n\n\t\tpanic!();",
            "-     panic!();",
            ">     panic!();",
            "> -     panic!();",
            "1.      panic!();",
        ] {
            assert_inert(&sanitize(text));
        }
        assert_eq!(sanitize("-     x"), "- x");
        // Continuation lines of an item stay in it (not "lazy").
        assert_eq!(
            sanitize("1. first\n2. second\n     more\nstill\n\nafter"),
            "1. first\n2. second\n   more\n   still\n\nafter"
        );
        assert_eq!(sanitize("> a\nb"), "> a\n> b");
        assert_eq!(sanitize(">   > y"), "> > y");
    }

    #[test]
    fn controls_and_bidi_characters_are_escaped() {
        let doc = sanitize("a\u{202e}b\rc\u{0}d\u{2066}e\u{2028}f\u{7}");
        assert_eq!(doc, "a\\u{202e}b\\u{d}c\\u{0}d\\u{2066}e\\u{2028}f\\u{7}");
        assert_eq!(sanitize("a\r\nb"), "a\nb");
        assert_eq!(code("a\nb"), "`a\\u{a}b`");
        assert_eq!(code("a``b"), "``` a``b ```");
    }

    #[test]
    fn inline_text_is_one_inert_line() {
        assert_eq!(
            sanitize_inline("Use [this]\n instead"),
            "Use \\[this\\] instead"
        );
        assert_eq!(sanitize_inline("```panic!()```"), "\\```panic!()```");
        assert_eq!(sanitize_inline("~~~\nx"), "\\~~~ x");
        assert_eq!(sanitize_inline("a\u{202e}"), "a\\u{202e}");
    }

    #[test]
    fn unflattens_one_line_tables() {
        assert_eq!(
            sanitize("Update Lead: ResMan | Interface | Method | |---|---| | Lead Management | /MITS/PostLeadManagement4_0 |"),
            "Update Lead: ResMan\n\n| Interface | Method |\n|---|---|\n| Lead Management | /MITS/PostLeadManagement4_0 |"
        );
    }
}
