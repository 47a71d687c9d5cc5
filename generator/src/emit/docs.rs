//! Turning document descriptions into rustdoc that builds without
//! warnings and without surprises: no doctests from indented text, no
//! broken intra-doc links from `[brackets]`, bare URLs made links.

use crate::model::{Bound, Constraints};

/// Sanitizes one description for use in a doc comment.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            // Fenced examples are data, never Rust to be compiled as a doctest.
            in_fence = !in_fence;
            out.push(if in_fence {
                "```text".to_owned()
            } else {
                "```".to_owned()
            });
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
        } else if let Some(rows) = inline_table(trimmed) {
            out.extend(rows);
        } else {
            // Leading spaces would make an indented code block (a doctest).
            out.push(escape_line(line.trim_start()));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
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

/// Quotes `text` as inline code, choosing enough backticks.
pub fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
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

    #[test]
    fn unflattens_one_line_tables() {
        assert_eq!(
            sanitize("Update Lead: ResMan | Interface | Method | |---|---| | Lead Management | /MITS/PostLeadManagement4_0 |"),
            "Update Lead: ResMan\n\n| Interface | Method |\n|---|---|\n| Lead Management | /MITS/PostLeadManagement4_0 |"
        );
    }
}
