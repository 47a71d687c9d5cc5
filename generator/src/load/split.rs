//! Parsing a large YAML document on several threads.
//!
//! libyaml parses on one thread, and the pinned document is most of the
//! generator's parsing. A document whose root is a block mapping is a
//! list of entries, each starting on a line with a key at the mapping's
//! indentation; a run of entries is itself a YAML document (libyaml takes
//! an indented block mapping as a root). So the text is cut into runs of
//! entries, a large entry whose value is a block mapping (`components:`,
//! then `schemas:`) is cut the same way inside, the runs are parsed on the
//! available threads, and the maps are joined in the document's order.
//!
//! Anything unusual makes [`parse`] give up and the caller parse the
//! document whole, with its usual errors: text before the first key (a
//! directive, `---`), a run that does not parse on its own (an alias to an
//! anchor in another run, a quoted string across a cut), a run that is not
//! a mapping, or a key that two runs both have.

use serde_json::{Map, Value};

/// Documents smaller than this are parsed whole: threads would cost more
/// than they save.
pub const MIN_BYTES: usize = 256 << 10;

/// How many levels of nested mappings are cut into.
const MAX_DEPTH: usize = 3;

/// A run of entries, and the keys of the mapping it belongs in.
struct Run<'t> {
    path: Vec<&'t str>,
    text: &'t str,
}

/// The document parsed in runs on up to `threads` threads, or `None` when
/// it must be parsed whole.
pub fn parse(text: &str, threads: usize) -> Option<Value> {
    let mut runs = Vec::new();
    let pieces = (threads * 4).max(2);
    cut(text, 0, Vec::new(), text.len() / pieces + 1, 0, &mut runs)?;
    if runs.len() < 2 {
        return None;
    }
    let maps = parse_runs(&runs, threads)?;
    let mut root = Map::new();
    for (run, map) in runs.iter().zip(maps) {
        let mut at = &mut root;
        for key in &run.path {
            let entry = at
                .entry((*key).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            at = entry.as_object_mut()?;
        }
        for (key, value) in map {
            if at.contains_key(&key) {
                return None;
            }
            at.insert(key, value);
        }
    }
    Some(Value::Object(root))
}

/// Cuts `text`, a block mapping with its keys at `indent` spaces, into
/// runs of at most about `size` bytes (a larger entry whose value is a
/// block mapping is cut inside); `None` when it is not such a mapping.
fn cut<'t>(
    text: &'t str,
    indent: usize,
    path: Vec<&'t str>,
    size: usize,
    depth: usize,
    runs: &mut Vec<Run<'t>>,
) -> Option<()> {
    let starts = entry_starts(text, indent)?;
    let mut run_start = starts[0];
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let entry = &text[start..end];
        let nested = (entry.len() > size && depth < MAX_DEPTH)
            .then(|| nested_mapping(entry, indent))
            .flatten();
        if let Some((key, body, child_indent)) = nested {
            if run_start < start {
                runs.push(Run {
                    path: path.clone(),
                    text: &text[run_start..start],
                });
            }
            let mut inner = path.clone();
            inner.push(key);
            cut(body, child_indent, inner, size, depth + 1, runs)?;
            run_start = end;
        } else if end - run_start >= size {
            runs.push(Run {
                path: path.clone(),
                text: &text[run_start..end],
            });
            run_start = end;
        }
    }
    if run_start < text.len() && !text[run_start..].trim().is_empty() {
        runs.push(Run {
            path,
            text: &text[run_start..],
        });
    }
    Some(())
}

/// Byte offsets of the lines starting an entry at `indent`; `None` when
/// something other than blank lines and comments comes before the first.
fn entry_starts(text: &str, indent: usize) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let content = line.trim_end();
        if starts.is_empty()
            && (content.trim_start().is_empty() || content.trim_start().starts_with('#'))
        {
            continue;
        }
        if key_at(content, indent).is_some() {
            starts.push(at);
        } else if starts.is_empty() {
            return None;
        }
    }
    (!starts.is_empty()).then_some(starts)
}

/// The key of a line `key:` or `key: value` indented by exactly `indent`
/// spaces, for a plain key of the characters OpenAPI names use.
fn key_at(line: &str, indent: usize) -> Option<&str> {
    let rest = line
        .get(indent..)
        .filter(|_| line.bytes().take(indent).all(|b| b == b' '))?;
    let end = rest.find(':')?;
    let key = &rest[..end];
    let plain = !key.is_empty()
        && key.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b'$' | b'{' | b'}')
        })
        && !key.starts_with(['-', '.', '{', '}']);
    let after = &rest[end + 1..];
    (plain && (after.is_empty() || after.starts_with(' '))).then_some(key)
}

/// For an entry `key:` whose value is a block mapping on the lines after
/// it: the key, the value's text and its indentation.
fn nested_mapping(entry: &str, indent: usize) -> Option<(&str, &str, usize)> {
    let (first, body) = entry.split_once('\n')?;
    let key = key_at(first.trim_end(), indent)?;
    if first.trim_end().len() != indent + key.len() + 1 {
        return None;
    }
    let line = body
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let child = line.len() - line.trim_start().len();
    (child > indent && key_at(line.trim_end(), child).is_some()).then_some((key, body, child))
}

/// Each run parsed on up to `threads` threads, in the runs' order; `None`
/// when one is not a mapping.
fn parse_runs(runs: &[Run<'_>], threads: usize) -> Option<Vec<Map<String, Value>>> {
    let parsed =
        crate::parallel::map(
            runs.iter().collect(),
            threads,
            |run| match serde_yaml::from_str::<Value>(run.text) {
                Ok(Value::Object(map)) => Some(map),
                _ => None,
            },
        );
    parsed.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    /// A document cut at every level gives the value parsed whole, keys in
    /// the same order.
    #[test]
    fn runs_join_into_the_whole_document_in_order() {
        let mut text = String::from(
            "# a comment\nopenapi: 3.0.0\ninfo:\n  title: t\ncomponents:\n  schemas:\n",
        );
        for i in 0..300 {
            text.push_str(&format!(
                "    S{i}:\n      type: object\n      description: |\n        line one\n        S{i}: not a key\n      properties:\n        a: {{type: string}}\n"
            ));
        }
        text.push_str("  parameters:\n    p: {name: p, in: query}\npaths:\n  /v1/x:\n    get: {responses: {}}\n");
        let split = parse(&text, 3).expect("cut");
        assert_eq!(split, whole(&text));
        let keys: Vec<&String> = split.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["openapi", "info", "components", "paths"]);
        let schemas = split["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().next().map(String::as_str), Some("S0"));
        assert_eq!(schemas.len(), 300);
    }

    /// Adversarial documents, each long enough to be cut: whatever is
    /// cut must be the document parsed whole, and a document that does
    /// not parse whole must not parse in runs (its error is reported).
    #[test]
    fn hostile_documents_are_cut_only_when_nothing_changes() {
        let filler: String = (0..40).map(|i| format!("f{i}: {{a: {i}}}\n")).collect();
        let nested: String = (0..40).map(|i| format!("    n{i}: {{a: {i}}}\n")).collect();
        let cases = [
            // Windows line ends.
            format!("{filler}z: 1\r\n").replace('\n', "\r\n"),
            // A flow mapping across lines, a key-like line inside it.
            format!("{filler}x: {{a: 1,\nb: 2}}\n{filler}").replace("f0:", "g0:"),
            // A block scalar whose lines look like keys one level in.
            format!("{filler}text: |\n  k: not a key\n  m: nor this\nlast: 1\n"),
            // A block scalar with a key-like line at the margin: invalid.
            format!("{filler}text: |\n  line\nk2: 2\n  more\n"),
            // Tags, a merge key to an anchor in another run, complex keys.
            format!("base: &b {{x: 1}}\n{filler}merged:\n  <<: *b\n  y: 2\n"),
            format!("{filler}t: !!str 12\n? complex\n: value\n"),
            // A key twice inside a nested mapping cut into runs.
            format!("components:\n  schemas:\n{nested}    n3: {{a: 99}}\n"),
            // Indentation by tabs, which YAML refuses.
            format!("{filler}bad:\n\tk: 1\n"),
            // A document marker and a second document.
            format!("{filler}---\nother: 1\n"),
            format!("{filler}...\n"),
            // Unterminated quotes and brackets near a cut.
            format!("{filler}q: 'open\n{filler}").replace("f1:", "h1:"),
            format!("{filler}l: [1, 2\n"),
            // Keys with odd characters and a key that is only a colon.
            format!("{filler}/v1/x{{id}}: 1\n$ref: 2\n:\n"),
            // Deeply indented runs and empty values.
            format!("components:\n  schemas:\n{nested}  parameters:\n\n  responses:\n"),
        ];
        for text in &cases {
            let whole = serde_yaml::from_str::<Value>(text);
            for threads in [1, 2, 4] {
                match (parse(text, threads), &whole) {
                    (None, _) => {}
                    (Some(cut), Ok(whole)) => assert_eq!(&cut, whole, "{text:?}"),
                    (Some(_), Err(e)) => panic!("parsed in runs, but not whole ({e}):\n{text:?}"),
                }
            }
        }
    }

    /// Many tiny entries are cut into a few runs (not one per entry), and
    /// a single huge entry with no mapping inside is left whole.
    #[test]
    fn many_entries_or_one_huge_one() {
        let many: String = (0..50_000).map(|i| format!("k{i}: {i}\n")).collect();
        let runs = {
            let mut runs = Vec::new();
            cut(&many, 0, Vec::new(), many.len() / 8 + 1, 0, &mut runs).unwrap();
            runs.len()
        };
        assert!((2..=16).contains(&runs), "{runs} runs");
        assert_eq!(parse(&many, 2), Some(whole(&many)));
        let huge: String = std::iter::once("only:\n".to_owned())
            .chain((0..20_000).map(|i| format!("  - {i}\n")))
            .collect();
        assert_eq!(parse(&huge, 2), None);
    }

    /// What cannot be cut safely is parsed whole: an alias to an anchor
    /// in another run, a key two runs both have, text before the first
    /// key, a root that is not a mapping, a quoted string across a cut.
    #[test]
    fn documents_that_cannot_be_cut_are_left_whole() {
        let entries =
            |n: usize| -> String { (0..n).map(|i| format!("k{i}: {{a: {i}}}\n")).collect() };
        let anchored = format!("first: &x {{a: 1}}\n{}last: *x\n", entries(50));
        assert_eq!(parse(&anchored, 2), None);
        let twice = format!("{}k0: 1\n", entries(50));
        assert_eq!(parse(&twice, 2), None);
        let directive = format!("%YAML 1.2\n---\n{}", entries(50));
        assert_eq!(parse(&directive, 2), None);
        assert_eq!(parse("- a\n- b\n", 2), None);
        let quoted = format!(
            "{}q: \"a\nk99: b\"\n{}",
            entries(30),
            entries(3).replace('k', "m")
        );
        match parse(&quoted, 2) {
            None => {}
            Some(value) => assert_eq!(value, whole(&quoted)),
        }
        // A cut document never differs from the whole one.
        let plain = entries(60);
        assert_eq!(parse(&plain, 2), Some(whole(&plain)));
    }
}
