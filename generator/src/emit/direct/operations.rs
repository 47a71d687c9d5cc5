//! The files of resource modules as text, in prettyplease's layout: the
//! endpoint functions `super::super::operations` decides, printed line by
//! line.
//!
//! Their items have few shapes: a signature, on one line or with a
//! parameter per line and its return type broken as a type breaks; a
//! request built by a method chain, which never fits on one line; a
//! struct of path parameters; a `PageParams` impl. A shape no request can
//! take (a whole chain on one line) or a line that cannot be broken
//! enough is printed by the token path for that item alone, so the files
//! are the same bytes either way. The unit test below puts every line on
//! either side of the margin; `xtask`'s `direct_text_is_what_prettyplease_prints`
//! and the fuzzer compare whole files with the token path's.

use super::expr::Expr;
use super::{
    deprecated, fits, ident_text, impl_header, literal, param, prefixed, pretty_items, signature,
    Meta, Out, INDENT,
};
use crate::emit::operations::{
    self as ops, Call, Endpoint, ModuleFile, Pages, PathTy, Returns, Value, PATH_STRUCT_DERIVES,
};
use crate::emit::{ty_expr, ty_text};
use crate::layout::Layout;
use crate::model::{Model, Ty};

/// The body (after the header) of a file of a resource module, into
/// `body`: the same text as prettyplease prints for
/// `ops::module_file_tokens`.
pub fn module_file_body(model: &Model, layout: &Layout, part: &ModuleFile<'_>, body: &mut String) {
    let mut out = Out(std::mem::take(body));
    for line in ops::inner_doc_lines(&part.doc(model, layout)) {
        out.line(0, &format!("//!{line}"));
    }
    for submodule in &part.submodules {
        out.line(0, &format!("pub mod {submodule};"));
    }
    // Each item as text, or through the token path when it is not a
    // shape printed here.
    let mut item = |text: Option<String>, tokens: &dyn Fn() -> proc_macro2::TokenStream| match text
    {
        Some(text) => out.0.push_str(&text),
        None => out.0.push_str(&pretty_items(tokens())),
    };
    for e in ops::endpoints(model, layout, &part.ops) {
        if e.names.path_struct.is_some() {
            item(path_struct(layout, &e), &|| {
                ops::path_struct_tokens(layout, &e)
            });
        }
        item(function(model, layout, &e), &|| {
            ops::function_tokens(model, layout, &e)
        });
        if let Some(pages) = e.pages(model, layout) {
            item(stream(layout, &e, &pages), &|| {
                ops::stream_tokens(layout, &e, &pages)
            });
        }
    }
    *body = out.0;
}

/// A path parameter's type, borrowed for `lifetime` (`"'a "`, or `""`).
fn path_ty(layout: &Layout, ty: &PathTy<'_>, lifetime: &str) -> Expr {
    match ty {
        PathTy::Str => Expr::Atom(format!("&{lifetime}str")),
        PathTy::Copied(ty) => ty_expr(layout, ty),
        PathTy::Borrowed(ty) => prefixed(&format!("&{lifetime}"), ty_expr(layout, ty)),
    }
}

/// The path parameters of `e` as parameters: one each, or the struct.
fn path_params(layout: &Layout, e: &Endpoint<'_>, lifetime: &str) -> Vec<Expr> {
    if let Some(path_struct) = &e.names.path_struct {
        let lifetime = if lifetime.is_empty() { "'_" } else { "'a" };
        let ty = format!("path: {}<{lifetime}>", ident_text(path_struct));
        return vec![Expr::Atom(ty)];
    }
    e.path_params()
        .map(|(_, rust, ty)| param(&ident_text(rust), path_ty(layout, &ty, lifetime)))
        .collect()
}

/// A call of the request's chain: `.path_param("id", id)`.
fn call_expr(call: &Call<'_>) -> Expr {
    let value = match call.value {
        Value::Arg(name) => ident_text(name),
        Value::PathField(field) => format!("path.{}", ident_text(field)),
    };
    let mut args: Vec<Expr> = call
        .name
        .map(|n| Expr::Atom(literal(n)))
        .into_iter()
        .collect();
    args.push(Expr::Atom(value));
    Expr::Call(format!(".{}", call.method), args)
}

/// `prefix crate::Request::operation(method, operation, path)` and the
/// calls of its chain from column `indent`, then `suffix`: the first call
/// on its line and each call of the chain on a line of its own, or the
/// first call's arguments broken too when it does not fit.
fn request_chain(
    out: &mut Out,
    indent: usize,
    prefix: &str,
    e: &Endpoint<'_>,
    calls: &[Call<'_>],
    suffix: &str,
) -> bool {
    let args = [
        format!("::reqwest::Method::{}", e.op.method),
        literal(&e.names.function_path()),
        literal(&e.op.path),
    ];
    let callee = "crate::Request::operation";
    if calls.is_empty() {
        let call = Expr::Call(callee.to_owned(), args.map(Expr::Atom).into());
        return call.print(out, indent, prefix, suffix, true);
    }
    let calls: Vec<Expr> = calls.iter().map(call_expr).collect();
    let head = format!("{prefix}{callee}({})", args.join(", "));
    let chain: String = calls.iter().map(Expr::one_line).collect();
    // A whole chain on one line is too short for any request (a method,
    // an operation and a path, then a call): not printed here.
    if fits(indent, &format!("{head}{chain}{suffix}")) {
        return false;
    }
    if fits(indent, &head) {
        out.line(indent, &head);
    } else {
        let open = format!("{prefix}{callee}(");
        if !fits(indent, &open) {
            return false;
        }
        out.line(indent, &open);
        // A literal longer than its line overflows it, as in prettyplease.
        for arg in &args {
            out.line(indent + 2 * INDENT, &format!("{arg},"));
        }
        out.line(indent + INDENT, ")");
    }
    for (i, call) in calls.iter().enumerate() {
        let suffix = if i + 1 == calls.len() { suffix } else { "" };
        if !call.print(out, indent + INDENT, "", suffix, true) {
            return false;
        }
    }
    true
}

/// The attributes of a deprecated function.
fn deprecation(out: &mut Out, e: &Endpoint<'_>, allow: bool) -> bool {
    let Some(note) = e.deprecated_note() else {
        return true;
    };
    if !out.attr(0, &deprecated(&note)) {
        return false;
    }
    if allow {
        out.line(0, "#[allow(deprecated)]");
    }
    true
}

fn function(model: &Model, layout: &Layout, e: &Endpoint<'_>) -> Option<String> {
    let mut out = Out::default();
    out.doc(0, &e.doc(model));
    if !deprecation(&mut out, e, false) {
        return None;
    }
    let mut params = vec![Expr::Atom("client: &crate::Client".to_owned())];
    params.extend(path_params(layout, e, ""));
    if let Some(query) = e.op.query {
        params.push(Expr::Atom(format!(
            "params: &{}",
            ty_text(layout, &Ty::Named(query))
        )));
    }
    if let Some(body) = &e.op.body {
        params.push(param("body", prefixed("&", ty_expr(layout, body))));
    }
    let answer = match e.returns() {
        Returns::Answer {
            ty,
            write_job: false,
        } => ty_expr(layout, ty),
        Returns::Answer {
            ty,
            write_job: true,
        } => Expr::Generic("crate::WriteJob".to_owned(), vec![ty_expr(layout, ty)]),
        Returns::Nothing => Expr::Atom("()".to_owned()),
    };
    let ret = Expr::Generic("crate::Result".to_owned(), vec![answer]);
    let head = format!("pub async fn {}", ident_text(&e.names.function));
    if !signature(&mut out, 0, &head, &params, &ret, "") {
        return None;
    }
    if !request_chain(&mut out, INDENT, "let request = ", e, &e.calls(false), ";") {
        return None;
    }
    out.line(
        INDENT,
        match e.returns() {
            Returns::Answer { .. } => "client.send(request).await",
            Returns::Nothing => "client.send::<::serde::de::IgnoredAny>(request).await.map(|_| ())",
        },
    );
    out.line(0, "}");
    Some(out.0)
}

fn stream(layout: &Layout, e: &Endpoint<'_>, p: &Pages<'_>) -> Option<String> {
    let mut out = Out::default();
    out.doc(0, &p.doc);
    if !deprecation(&mut out, e, true) {
        return None;
    }
    let query = ty_text(layout, &Ty::Named(p.query));
    let mut params = vec![Expr::Atom("client: &'a crate::Client".to_owned())];
    params.extend(path_params(layout, e, "'a "));
    params.push(Expr::Atom(format!("params: &{query}")));
    let item = Expr::Generic(
        "Item = crate::Result".to_owned(),
        vec![ty_expr(layout, p.item)],
    );
    let ret = Expr::Generic("impl crate::pagination::Stream".to_owned(), vec![item]);
    let head = format!("pub fn {}<'a>", ident_text(p.name));
    if !signature(&mut out, 0, &head, &params, &ret, " + 'a") {
        return None;
    }
    let fields = [
        ("results", &p.results),
        ("meta", &p.meta),
        ("has_more", &p.has_more),
        ("offset", &p.offset),
    ];
    let shape = Expr::Struct(
        "crate::pagination::PageShape".to_owned(),
        fields
            .iter()
            .map(|(field, value)| format!("{field}: {}", literal(value)))
            .collect(),
    );
    if !shape.print(&mut out, INDENT, "let shape = ", ";", true) {
        return None;
    }
    out.line(INDENT, "crate::pagination::paginate(");
    for arg in ["client,", "params.clone(),", "shape,", "move |params| {"] {
        out.line(2 * INDENT, arg);
    }
    if !request_chain(&mut out, 3 * INDENT, "", e, &e.calls(true), "") {
        return None;
    }
    out.line(2 * INDENT, "},");
    out.line(INDENT, ")");
    out.line(0, "}");
    if p.params_impl {
        let offset = format!("self.{}", ident_text(p.offset_field));
        if !impl_header(&mut out, "impl crate::pagination::PageParams", &query) {
            return None;
        }
        let lines = [
            (
                INDENT,
                "fn offset(&self) -> ::std::option::Option<i64> {".to_owned(),
            ),
            (2 * INDENT, offset.clone()),
            (INDENT, "}".to_owned()),
            (INDENT, "fn set_offset(&mut self, offset: i64) {".to_owned()),
            (
                2 * INDENT,
                format!("{offset} = ::std::option::Option::Some(offset);"),
            ),
            (INDENT, "}".to_owned()),
            (0, "}".to_owned()),
        ];
        for (indent, line) in lines {
            if !fits(indent, &line) {
                return None;
            }
            out.line(indent, &line);
        }
    }
    Some(out.0)
}

/// The struct naming the path parameters of `e`.
fn path_struct(layout: &Layout, e: &Endpoint<'_>) -> Option<String> {
    let name = ident_text(e.names.path_struct.as_deref()?);
    let mut out = Out::default();
    out.doc(0, &ops::path_struct_doc(e));
    if !out.attr(
        0,
        &Meta::list(
            "derive",
            PATH_STRUCT_DERIVES.split(", ").map(Meta::word).collect(),
        ),
    ) {
        return None;
    }
    let open = format!("pub struct {name}<'a> {{");
    if !fits(0, &open) {
        return None;
    }
    out.line(0, &open);
    for (param, rust, ty) in e.path_params() {
        out.doc(INDENT, &ops::path_field_doc(param));
        let ty = path_ty(layout, &ty, "'a ");
        let prefix = format!("pub {}: ", ident_text(rust));
        if !ty.print(&mut out, INDENT, &prefix, ",", true) {
            return None;
        }
    }
    out.line(0, "}");
    Some(out.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::operations::module_parts;

    /// A resource whose names are `n` long: module, path parameters,
    /// response and body types. Together the resources put every line
    /// this module decides on (a signature, its return type, `Item = …`,
    /// the chain's first call and its calls, a path struct field, the
    /// `PageParams` impl) on either side of the margin.
    fn resource(n: usize) -> (String, String) {
        let seg = format!("r{}", "w".repeat(n));
        let param = format!("p{}_id", "q".repeat(n));
        let ty = format!("T{}", "x".repeat((n * 7) % 61));
        let paths = format!(
            "  /v1/{seg}/:
    get:
      parameters:
        - {{name: offset, in: query, schema: {{type: integer}}}}
        - {{name: limit, in: query, schema: {{type: integer}}}}
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/{ty}Page\"}}}}}}}}}}
    post:
      requestBody: {{content: {{application/json: {{schema: {{type: array, items: {{$ref: \"#/components/schemas/{ty}\"}}}}}}}}}}
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/{ty}Job\"}}}}}}}}}}
  /v1/{seg}/{{{param}}}/children:
    get:
      parameters:
        - {{name: {param}, in: path, required: true, schema: {{type: string}}}}
        - {{name: offset, in: query, schema: {{type: integer}}}}
        - {{name: limit, in: query, schema: {{type: integer}}}}
      deprecated: true
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/{ty}Page\"}}}}}}}}}}
  /v1/{seg}/{{{param}}}/{{b_id}}:
    put:
      parameters:
        - {{name: {param}, in: path, required: true, schema: {{type: integer}}, description: The id of the first thing this path names.}}
        - {{name: b_id, in: path, required: true, schema: {{type: string}}}}
      responses: {{\"204\": {{description: nothing}}}}
    delete:
      summary: Delete a thing
      description: \"Deprecated: no PMS deletes these any more; the operation answers an error and will be removed in the next version.\"
      deprecated: true
      parameters:
        - {{name: {param}, in: path, required: true, schema: {{type: string}}}}
        - {{name: b_id, in: path, required: true, schema: {{type: string}}}}
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/{ty}\"}}}}}}}}}}
  /v1/{seg}/summary:
    get:
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/{ty}\"}}}}}}}}}}
  /v1/{seg}/resman/:
    post:
      summary: \"Create thing: ResMan\"
      requestBody: {{content: {{application/json: {{schema: {{$ref: \"#/components/schemas/{ty}\"}}}}}}}}
      responses: {{\"200\": {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/{ty}\"}}}}}}}}}}
"
        );
        let schemas = format!(
            "    {ty}:
      type: object
      properties: {{id: {{type: string}}}}
    {ty}Page:
      type: object
      required: [results, meta]
      properties:
        results: {{type: array, items: {{$ref: \"#/components/schemas/{ty}\"}}}}
        meta: {{type: object, properties: {{hasMore: {{type: boolean}}}}}}
    {ty}Job:
      type: object
      properties: {{job_id: {{type: string}}}}
"
        );
        (paths, schemas)
    }

    /// Every endpoint item printed here is what prettyplease prints for
    /// its tokens, at every width; every one of them is printed here
    /// (not sent to the token path), and the files are the token path's.
    #[test]
    fn endpoint_items_match_prettyplease_at_every_width() {
        let (mut paths, mut schemas) = (String::new(), String::new());
        for n in 1..=48 {
            let (p, s) = resource(n);
            paths.push_str(&p);
            schemas.push_str(&s);
        }
        let doc = format!("paths:\n{paths}components:\n  schemas:\n{schemas}");
        let (model, layout, diags) = crate::test_support::pipeline(&doc, "");
        assert!(!diags.has_errors(), "{diags}");
        let (mut direct, mut total) = (0, 0);
        let mut seen = String::new();
        let mut check = |text: Option<String>, tokens: proc_macro2::TokenStream| {
            total += 1;
            if let Some(text) = text {
                assert_eq!(text, pretty_items(tokens));
                seen.push_str(&text);
                direct += 1;
            }
        };
        for (name, m) in &layout.modules {
            for part in module_parts(&layout, name, m) {
                for e in ops::endpoints(&model, &layout, &part.ops) {
                    if e.names.path_struct.is_some() {
                        check(
                            path_struct(&layout, &e),
                            ops::path_struct_tokens(&layout, &e),
                        );
                    }
                    check(
                        function(&model, &layout, &e),
                        ops::function_tokens(&model, &layout, &e),
                    );
                    if let Some(p) = e.pages(&model, &layout) {
                        check(stream(&layout, &e, &p), ops::stream_tokens(&layout, &e, &p));
                    }
                }
            }
        }
        assert!(total > 48 * 6, "{total} items");
        assert_eq!(direct, total, "items printed here");
        // The shapes the test is about are there.
        for shape in [
            ") -> crate::Result<\n    crate::WriteJob<",
            ") -> crate::Result<crate::WriteJob<",
            ") -> impl crate::pagination::Stream<\n    Item = ",
            ") -> impl crate::pagination::Stream<Item = ",
            "#[allow(deprecated)]\n",
            "#[deprecated(\n    note = ",
            "client.send::<::serde::de::IgnoredAny>(request).await.map(|_| ())\n",
            "pub struct ",
            "    pub b_id: &'a str,\n",
            "impl crate::pagination::PageParams for ",
            "        .path_param(\"b_id\", path.b_id);\n",
            "        .path_param(\n            \"",
            "                .path_param(\n",
            "            .query(params)\n",
            "                .query(params)\n        },\n",
            "            crate::Request::operation(::reqwest::Method::GET, \"rw::list\", \"/v1/rw/\")\n                .query(params)\n",
            "    let request = crate::Request::operation(\n        ::reqwest::Method::GET,\n",
            "    );\n",
            "body: &::std::vec::Vec<crate::types::",
            "    body: &::std::vec::Vec<\n",
            "pub async fn update(client: &crate::Client, path: UpdatePath<'_>) -> crate::Result<()> {\n",
            "    Item = crate::Result<\n",
            "impl crate::pagination::PageParams\nfor crate::types::",
        ] {
            assert!(seen.contains(shape), "no {shape:?} in\n{seen}");
        }
        let options = crate::Options {
            policy: crate::policy::Policy::parse("").unwrap(),
            command: "test".into(),
            standalone: false,
        };
        let files = crate::emit::emit(&model, &layout, &options);
        let through_tokens = crate::emit::direct_files_through_tokens(&model, &layout, &options);
        for (file, text) in &through_tokens {
            assert_eq!(&files[file], text, "{file}");
        }
    }
}
