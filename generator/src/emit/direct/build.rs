//! `build()` of a builder, printed directly: a `let` destructuring the
//! builder, then the struct or a `match` naming the required fields left
//! unset. Its expressions (calls, struct literals, tuples, arrays) break
//! the way prettyplease breaks them; see [`Expr::print`].

use super::{fits, ident_text, literal, signature, Out, INDENT};
use crate::emit::builders;
use crate::layout::builders::BUILD;
use crate::layout::TypeLayout;
use crate::model::Struct;

/// prettyplease keeps a struct literal on one line only when it is at
/// most this wide (from its path to its last field).
const STRUCT_MAX_WIDTH: usize = 34;

/// The expressions `build()` is made of.
pub(super) enum Expr {
    /// Text that cannot break: a path, a literal, `x.is_none()`.
    Atom(String),
    /// `callee(args)`.
    Call(&'static str, Vec<Expr>),
    /// `Path { a, b }`, every field in shorthand.
    Struct(String, Vec<String>),
    /// `(a, b)`, and `(a,)` of one.
    Tuple(Vec<Expr>),
    /// `&[a, b]`.
    RefArray(Vec<Expr>),
}

impl Expr {
    fn one_line(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Call(callee, args) => {
                let args: Vec<String> = args.iter().map(Expr::one_line).collect();
                format!("{callee}({})", args.join(", "))
            }
            Expr::Struct(path, fields) if fields.is_empty() => format!("{path} {{}}"),
            Expr::Struct(path, fields) => format!("{path} {{ {} }}", fields.join(", ")),
            Expr::Tuple(elems) => {
                let elems: Vec<String> = elems.iter().map(Expr::one_line).collect();
                let one = if elems.len() == 1 { "," } else { "" };
                format!("({}{one})", elems.join(", "))
            }
            Expr::RefArray(elems) => {
                let elems: Vec<String> = elems.iter().map(Expr::one_line).collect();
                format!("&[{}]", elems.join(", "))
            }
        }
    }

    /// Whether every struct literal inside is narrow enough to stay on
    /// one line (a wide one breaks whatever room the line has).
    fn narrow(&self) -> bool {
        match self {
            Expr::Atom(_) => true,
            Expr::Struct(..) => self.one_line().len() - 1 <= STRUCT_MAX_WIDTH,
            Expr::Call(_, items) | Expr::Tuple(items) | Expr::RefArray(items) => {
                items.iter().all(Expr::narrow)
            }
        }
    }

    /// Prints `prefix`, the expression and `suffix`, from column
    /// `indent`. `counted` is whether `suffix` counts towards the width
    /// (a trailing comma printed only when its list breaks does not).
    /// `false` when a part cannot be broken enough to fit.
    pub(super) fn print(
        &self,
        out: &mut Out,
        indent: usize,
        prefix: &str,
        suffix: &str,
        counted: bool,
    ) -> bool {
        let one = format!("{prefix}{}", self.one_line());
        let width = if counted {
            format!("{one}{suffix}")
        } else {
            one.clone()
        };
        if self.narrow() && fits(indent, &width) {
            out.line(indent, &format!("{one}{suffix}"));
            return true;
        }
        match self {
            Expr::Atom(_) => false,
            // A single block-like argument (a struct literal) is printed
            // in the call's parentheses, not on a line of its own.
            Expr::Call(callee, args) if matches!(args.as_slice(), [Expr::Struct(..)]) => {
                let close = format!("){suffix}");
                args[0].print(out, indent, &format!("{prefix}{callee}("), &close, true)
            }
            Expr::Call(callee, args) => list(
                out,
                indent,
                &format!("{prefix}{callee}("),
                args,
                ")",
                suffix,
            ),
            Expr::Struct(path, fields) => {
                if fields.is_empty() || !fits(indent, &format!("{prefix}{path} {{")) {
                    return false;
                }
                out.line(indent, &format!("{prefix}{path} {{"));
                for field in fields {
                    if !fits(indent + INDENT, &format!("{field},")) {
                        return false;
                    }
                    out.line(indent + INDENT, &format!("{field},"));
                }
                out.line(indent, &format!("}}{suffix}"));
                true
            }
            Expr::Tuple(elems) => list(out, indent, &format!("{prefix}("), elems, ")", suffix),
            Expr::RefArray(elems) => list(out, indent, &format!("{prefix}&["), elems, "]", suffix),
        }
    }
}

/// A broken list: `open` on its line, an item per line with a comma, then
/// `close` and `suffix`.
fn list(
    out: &mut Out,
    indent: usize,
    open: &str,
    items: &[Expr],
    close: &str,
    suffix: &str,
) -> bool {
    if items.is_empty() || !fits(indent, open) {
        return false;
    }
    out.line(indent, open);
    for (i, item) in items.iter().enumerate() {
        // The last comma is printed only because the list broke.
        let last = i + 1 == items.len();
        if !item.print(out, indent + INDENT, "", ",", !last) {
            return false;
        }
    }
    out.line(indent, &format!("{close}{suffix}"));
    true
}

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
    let ret = format!(
        " -> ::std::result::Result<{}, crate::BuildError>",
        names.name
    );
    if !signature(
        out,
        INDENT,
        &format!("pub fn {BUILD}"),
        &["self".to_owned()],
        &ret,
    ) {
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
        "::std::result::Result::Ok",
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
        "::std::result::Result::Err",
        vec![Expr::Call(
            "crate::BuildError::new",
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
        if !list(out, indent, "(", elems, ")", " => ") {
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
