//! `build()` of a builder, printed directly: a `let` destructuring the
//! builder, then the struct or a `match` naming the required fields left
//! unset.

use super::expr::Expr;
use super::{fits, ident_text, literal, signature, Out, INDENT};
use crate::emit::builders;
use crate::layout::builders::BUILD;
use crate::layout::TypeLayout;
use crate::model::Struct;

/// `build()`, as [`builders::build_fn`] writes it; `false` when a part
/// is too long for the shapes printed here.
pub(super) fn build_fn(out: &mut Out, names: &TypeLayout, s: &Struct) -> bool {
    let all: Vec<String> = names
        .fields
        .iter()
        .chain(&names.additional)
        .map(|f| ident_text(f))
        .collect();
    if all.is_empty() {
        return false;
    }
    super::doc_attr(out, INDENT, &builders::build_doc(s));
    out.line(INDENT, "#[allow(deprecated)]");
    let ret = Expr::Generic(
        "::std::result::Result".to_owned(),
        vec![
            Expr::Atom(names.name.clone()),
            Expr::Atom("crate::BuildError".to_owned()),
        ],
    );
    let this = [Expr::Atom("self".to_owned())];
    let head = format!("pub fn {BUILD}");
    if !signature(out, INDENT, &head, &this, &ret, "") {
        return false;
    }
    let body = 2 * INDENT;
    // `let Self { … } = self;`: the pattern breaks when it and ` = ` do
    // not fit (what follows the `=` does not count).
    let pattern = format!("let Self {{ {} }}", all.join(", "));
    if fits(body, &format!("{pattern} = ")) {
        out.line(body, &format!("{pattern} = self;"));
    } else {
        out.line(body, "let Self {");
        for field in &all {
            if !fits(body + INDENT, &format!("{field},")) {
                return false;
            }
            out.line(body + INDENT, &format!("{field},"));
        }
        out.line(body, "} = self;");
    }
    let value = Expr::Call(
        "::std::result::Result::Ok".to_owned(),
        vec![Expr::Struct(names.name.clone(), all.clone())],
    );
    let required: Vec<(String, &str)> = s
        .fields
        .iter()
        .zip(&names.fields)
        .filter(|(f, _)| f.required)
        .map(|(f, name)| (ident_text(name), f.json_name.as_str()))
        .collect();
    if required.is_empty() {
        if !value.print(out, body, "", "", true) {
            return false;
        }
        out.line(INDENT, "}");
        return true;
    }
    let names_tuple = || {
        Expr::Tuple(
            required
                .iter()
                .map(|(f, _)| Expr::Atom(f.clone()))
                .collect(),
        )
    };
    if !names_tuple().print(out, body, "match ", " {", true) {
        return false;
    }
    let all_set = Expr::Tuple(
        required
            .iter()
            .map(|(f, _)| Expr::Atom(format!("::std::option::Option::Some({f})")))
            .collect(),
    );
    let error = Expr::Call(
        "::std::result::Result::Err".to_owned(),
        vec![Expr::Call(
            "crate::BuildError::new".to_owned(),
            vec![
                Expr::Atom(literal(&names.name)),
                Expr::RefArray(
                    required
                        .iter()
                        .map(|(f, json)| {
                            Expr::Tuple(vec![
                                Expr::Atom(format!("{f}.is_none()")),
                                Expr::Atom(literal(json)),
                            ])
                        })
                        .collect(),
                ),
            ],
        )],
    );
    if !arm(out, body + INDENT, &all_set, &value)
        || !arm(out, body + INDENT, &names_tuple(), &error)
    {
        return false;
    }
    out.line(body, "}");
    out.line(INDENT, "}");
    true
}

/// A match arm `pattern => body`: on one line with a comma when it fits,
/// else the body in a block.
fn arm(out: &mut Out, indent: usize, pattern: &Expr, body: &Expr) -> bool {
    // The pattern breaks when it and ` => ` do not fit; the body starts
    // after the arrow either way.
    let arrow = if fits(indent, &format!("{} => ", pattern.one_line())) {
        format!("{} => ", pattern.one_line())
    } else {
        let Expr::Tuple(elems) = pattern else {
            return false;
        };
        if !super::expr::list(out, indent, "(", elems, ")", " => ") {
            return false;
        }
        // The list's last line is the arrow's: print the body after it.
        let last = out.take_last_line();
        last.trim_start().to_owned()
    };
    let one = format!("{arrow}{}", body.one_line());
    if body.narrow() && fits(indent, &one) {
        out.line(indent, &format!("{one},"));
        return true;
    }
    out.line(indent, &format!("{arrow}{{"));
    if !body.print(out, indent + INDENT, "", "", true) {
        return false;
    }
    out.line(indent, "}");
    true
}
