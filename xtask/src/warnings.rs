//! The generator's warnings as a maintainer reads them: grouped by kind,
//! with a count and one example place each. Kinds acknowledged in
//! `spec/policy.yaml` (`acknowledged_warnings`, with why) are summed up in
//! one line; every warning of another kind is printed in full, so a new
//! kind of problem in a new document stands out.

use std::collections::BTreeMap;

use propexo_generator::diag::{Diagnostic, Kind};

/// The report, or an error when the policy acknowledges a kind the
/// generator does not have (a typo would hide nothing and mean nothing).
pub fn report(
    warnings: &[Diagnostic],
    acknowledged: &BTreeMap<String, String>,
    verbose: bool,
) -> Result<String, String> {
    for name in acknowledged.keys() {
        if Kind::from_name(name).is_none() {
            let known: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            return Err(format!(
                "spec/policy.yaml acknowledges warnings of kind {name:?}, which does not exist; kinds: {}",
                known.join(", ")
            ));
        }
    }
    let mut by_kind: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for w in warnings {
        by_kind.entry(w.kind.name()).or_default().push(w);
    }
    if by_kind.is_empty() {
        return Ok(String::new());
    }
    let known = by_kind
        .keys()
        .filter(|k| acknowledged.contains_key(**k))
        .count();
    let mut out = format!(
        "{} warnings of {} kinds ({known} kinds acknowledged in spec/policy.yaml{}):\n",
        warnings.len(),
        by_kind.len(),
        if verbose {
            ""
        } else {
            "; --verbose prints every warning"
        }
    );
    for (kind, items) in &by_kind {
        let status = if acknowledged.contains_key(*kind) {
            "known"
        } else {
            "NEW  "
        };
        out.push_str(&format!(
            "  {status} {:>4} × {kind}, e.g. {}\n",
            items.len(),
            items[0]
        ));
    }
    for (kind, items) in &by_kind {
        if verbose || !acknowledged.contains_key(*kind) {
            out.push_str(&format!("\n{kind}:\n"));
            for item in items {
                out.push_str(&format!("  {item}\n"));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use propexo_generator::diag::Diagnostics;

    fn sample() -> Vec<Diagnostic> {
        let mut d = Diagnostics::default();
        d.warn("#/a", "value \"ON\" is read as a string")
            .kind(Kind::Yaml11Boolean);
        d.warn("#/b", "value \"NO\" is read as a string")
            .kind(Kind::Yaml11Boolean);
        d.warn("#/c", "two operations would share a name")
            .kind(Kind::NameCollision);
        d.sorted()
    }

    #[test]
    fn known_kinds_are_one_line_and_new_kinds_are_printed_in_full() {
        let acknowledged =
            BTreeMap::from([("yaml-1.1-boolean".to_owned(), "Propexo's".to_owned())]);
        let text = report(&sample(), &acknowledged, false).unwrap();
        assert!(
            text.starts_with("3 warnings of 2 kinds (1 kinds acknowledged"),
            "{text}"
        );
        assert!(
            text.contains("known    2 × yaml-1.1-boolean, e.g. warning: #/a:"),
            "{text}"
        );
        assert!(text.contains("NEW      1 × name-collision"), "{text}");
        assert!(
            text.contains("\nname-collision:\n  warning: #/c: two operations"),
            "{text}"
        );
        assert!(
            !text.contains("#/b"),
            "acknowledged warnings are counted, not listed: {text}"
        );
        let verbose = report(&sample(), &acknowledged, true).unwrap();
        assert!(verbose.contains("#/b"), "{verbose}");
    }

    #[test]
    fn acknowledging_a_kind_that_does_not_exist_is_an_error() {
        let acknowledged = BTreeMap::from([("yaml-boolean".to_owned(), "typo".to_owned())]);
        let err = report(&sample(), &acknowledged, false).unwrap_err();
        assert!(
            err.contains("yaml-boolean") && err.contains("yaml-1.1-boolean"),
            "{err}"
        );
    }

    #[test]
    fn no_warnings_no_report() {
        assert_eq!(report(&[], &BTreeMap::new(), false).unwrap(), "");
    }
}
