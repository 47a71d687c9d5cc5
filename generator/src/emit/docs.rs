//! Turning document descriptions into rustdoc that builds without
//! warnings and without surprises: no doctests from indented text, no
//! broken intra-doc links from `[brackets]`, bare URLs made links.

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

#[cfg(test)]
mod tests {
    use super::*;

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
