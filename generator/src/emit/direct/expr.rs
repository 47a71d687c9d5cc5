//! The expressions and types the direct printer writes, broken the way
//! prettyplease breaks them when they do not fit: a list (call arguments,
//! tuple, array, generic arguments) puts each item on a line of its own
//! with a comma; a struct literal wider than prettyplease's limit puts
//! each field on a line; a call of a single struct literal keeps it in
//! its parentheses.

use super::{fits, Out, INDENT};

/// prettyplease keeps a struct literal on one line only when it is at
/// most this wide (from its path to its last field).
pub(super) const STRUCT_MAX_WIDTH: usize = 34;

/// The expressions `build()` is made of.
pub(crate) enum Expr {
    /// Text that cannot break: a path, a literal, `x.is_none()`.
    Atom(String),
    /// `callee(args)`.
    Call(String, Vec<Expr>),
    /// `Path { a, b }`, every field in shorthand.
    Struct(String, Vec<String>),
    /// `(a, b)`, and `(a,)` of one.
    Tuple(Vec<Expr>),
    /// `&[a, b]`.
    RefArray(Vec<Expr>),
    /// A path with generic arguments: `Path<A, B>`.
    Generic(String, Vec<Expr>),
}

impl Expr {
    pub(crate) fn one_line(&self) -> String {
        let mut text = String::new();
        self.write_one_line(&mut text);
        text
    }

    /// [`Expr::one_line`] appended to `text`.
    fn write_one_line(&self, text: &mut String) {
        let list = |text: &mut String, items: &[Expr]| {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    text.push_str(", ");
                }
                item.write_one_line(text);
            }
        };
        match self {
            Expr::Atom(atom) => text.push_str(atom),
            Expr::Call(callee, args) => {
                text.push_str(callee);
                text.push('(');
                list(text, args);
                text.push(')');
            }
            Expr::Struct(path, fields) => {
                text.push_str(path);
                if fields.is_empty() {
                    text.push_str(" {}");
                } else {
                    text.push_str(" { ");
                    text.push_str(&fields.join(", "));
                    text.push_str(" }");
                }
            }
            Expr::Tuple(elems) => {
                text.push('(');
                list(text, elems);
                if elems.len() == 1 {
                    text.push(',');
                }
                text.push(')');
            }
            Expr::RefArray(elems) => {
                text.push_str("&[");
                list(text, elems);
                text.push(']');
            }
            Expr::Generic(path, args) => {
                text.push_str(path);
                text.push('<');
                list(text, args);
                text.push('>');
            }
        }
    }

    /// The length of [`Expr::one_line`], without writing it.
    fn width(&self) -> usize {
        let list = |items: &[Expr]| -> usize {
            items.iter().map(Expr::width).sum::<usize>() + 2 * items.len().saturating_sub(1)
        };
        match self {
            Expr::Atom(atom) => atom.len(),
            Expr::Call(callee, args) => callee.len() + 2 + list(args),
            Expr::Struct(path, fields) if fields.is_empty() => path.len() + 3,
            Expr::Struct(path, fields) => {
                path.len()
                    + 5
                    + fields.iter().map(String::len).sum::<usize>()
                    + 2 * (fields.len() - 1)
            }
            Expr::Tuple(elems) => 2 + list(elems) + usize::from(elems.len() == 1),
            Expr::RefArray(elems) => 3 + list(elems),
            Expr::Generic(path, args) => path.len() + 2 + list(args),
        }
    }

    /// Whether every struct literal inside is narrow enough to stay on
    /// one line (a wide one breaks whatever room the line has).
    pub(super) fn narrow(&self) -> bool {
        match self {
            Expr::Atom(_) => true,
            Expr::Struct(..) => self.width() - 1 <= STRUCT_MAX_WIDTH,
            Expr::Call(_, items)
            | Expr::Tuple(items)
            | Expr::RefArray(items)
            | Expr::Generic(_, items) => items.iter().all(Expr::narrow),
        }
    }

    /// Prints `prefix`, the expression and `suffix`, from column
    /// `indent`. `counted` is whether `suffix` counts towards the width
    /// (a trailing comma printed only when its list breaks does not).
    /// `false` when a part cannot be broken enough to fit.
    pub(crate) fn print(
        &self,
        out: &mut Out,
        indent: usize,
        prefix: &str,
        suffix: &str,
        counted: bool,
    ) -> bool {
        let width = prefix.len() + self.width() + if counted { suffix.len() } else { 0 };
        let unbreakable = matches!(self, Expr::Atom(text) if !text.contains(['(', '<']));
        // A path or a literal has nowhere to break: it overflows the line,
        // as in prettyplease.
        if unbreakable || (indent + width <= super::MARGIN && self.narrow()) {
            out.indent(indent);
            out.0.push_str(prefix);
            self.write_one_line(&mut out.0);
            out.0.push_str(suffix);
            out.0.push('\n');
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
            Expr::Generic(path, args) => {
                list(out, indent, &format!("{prefix}{path}<"), args, ">", suffix)
            }
        }
    }
}

/// A broken list: `open` on its line, an item per line with a comma, then
/// `close` and `suffix`.
pub(super) fn list(
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The width the printer decides with is the length of the text it
    /// writes, for every kind of expression.
    #[test]
    fn width_is_the_length_of_the_one_line_text() {
        let atom = |s: &str| Expr::Atom(s.to_owned());
        let exprs = [
            atom("x"),
            Expr::Call("f".into(), vec![]),
            Expr::Call("f".into(), vec![atom("a"), atom("bb")]),
            Expr::Struct("S".into(), vec![]),
            Expr::Struct("S".into(), vec!["a".into(), "bc".into()]),
            Expr::Tuple(vec![atom("a")]),
            Expr::Tuple(vec![atom("a"), Expr::Tuple(vec![])]),
            Expr::RefArray(vec![]),
            Expr::RefArray(vec![Expr::Tuple(vec![atom("a"), atom("\"b\"")])]),
            Expr::Generic(
                "Vec".into(),
                vec![Expr::Generic("Option".into(), vec![atom("T")])],
            ),
        ];
        for expr in &exprs {
            assert_eq!(expr.width(), expr.one_line().len(), "{}", expr.one_line());
        }
    }
}
