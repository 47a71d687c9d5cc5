//! Stage 4: printing the model as the files of the `propexo` crate, with
//! the names and places the layout gives. Emitters decide nothing about
//! names or shapes: they print what `(&Model, &Layout)` say, with `quote!`
//! and `prettyplease` (the files of types as text directly, in
//! prettyplease's layout: see `direct`), into a sorted map.

mod builders;
mod crate_files;
mod direct;
mod docs;
mod guide;
mod jobs;
mod manifest;
mod operations;
mod texts;
mod types;
mod webhooks;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use crate_files::RUNTIME;
pub use webhooks::RUNTIME as RECEIVE_RUNTIME;

use crate::layout::features::Gate;
use crate::layout::{Layout, ModuleLayout, Replacement, TypeFile};
use crate::model::{Deprecation, Model, Ty};
use crate::Options;

/// All files of the crate, keyed by their path relative to its root.
///
/// Files are independent, so they are printed on a few threads (token
/// streams cannot cross threads; each job builds and formats its own
/// files). The map is sorted whatever the order jobs end in.
pub fn emit(model: &Model, layout: &Layout, options: &Options) -> BTreeMap<String, String> {
    let full = header(model, &options.command, true);
    let header = header(model, &options.command, false);
    // Largest jobs first so that the last ones, which may leave a thread
    // idle, are small: the rest (with the manifest and root module), the
    // resource modules by number of operations, then type files by number
    // of types. One job per file keeps memory low (a file's tokens and
    // syntax tree live only while it is printed).
    let mut jobs = vec![Job::Rest, Job::Webhooks];
    let mut modules: Vec<(&String, &ModuleLayout)> = layout.modules.iter().collect();
    modules.sort_by_key(|(_, m)| std::cmp::Reverse(m.operations.len()));
    jobs.extend(modules.into_iter().map(|(name, m)| Job::Module(name, m)));
    let mut homes: Vec<(&String, &TypeFile)> = layout.type_files.iter().collect();
    homes.sort_by_key(|(_, file)| std::cmp::Reverse(file.types.len()));
    jobs.extend(homes.into_iter().map(|(home, file)| Job::Types(home, file)));
    let next = AtomicUsize::new(0);
    let threads = crate::parallel::threads();
    let work = || {
        let mut out = Vec::new();
        let mut scratch = String::new();
        while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            run_job(
                job,
                model,
                layout,
                options,
                (&full, &header),
                &mut scratch,
                &mut out,
            );
        }
        out
    };
    let mut files = BTreeMap::new();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        files.extend(work());
        for helper in helpers {
            // A panicking job is a generator bug: pass it on.
            match helper.join() {
                Ok(out) => files.extend(out),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    files
}

/// The files `direct` prints (types and resource modules) as the token
/// path prints them (`quote!`, syn, prettyplease): the text `direct`
/// prints must be these bytes, which tests check on every document they
/// have.
pub fn direct_files_through_tokens(
    model: &Model,
    layout: &Layout,
    options: &Options,
) -> BTreeMap<String, String> {
    let header = header(model, &options.command, false);
    let mut files: BTreeMap<String, String> = layout
        .type_files
        .iter()
        .map(|(home, file)| {
            let tokens = || crate_files::type_file(model, layout, home, file);
            (file.file.clone(), rust_file(&header, tokens(), tokens))
        })
        .collect();
    for (name, m) in &layout.modules {
        for part in operations::module_parts(layout, name, m) {
            let tokens = || {
                let tokens = operations::module_file_tokens(model, layout, &part);
                with_receive_side(model, layout, part.file, tokens)
            };
            files.insert(part.file.to_owned(), rust_file(&header, tokens(), tokens));
        }
    }
    files
}

/// A part of the crate's files that one thread prints.
enum Job<'l> {
    /// A resource module's files, with the receive side of webhooks when
    /// it shares one of them.
    Module(&'l String, &'l ModuleLayout),
    /// The webhook runtime, and the receive side when it has a file of its
    /// own.
    Webhooks,
    /// A file of types.
    Types(&'l String, &'l TypeFile),
    /// Everything else: manifest, root module, runtime, jobs, support.
    Rest,
}

fn run_job(
    job: &Job<'_>,
    model: &Model,
    layout: &Layout,
    options: &Options,
    (full, header): (&str, &str),
    scratch: &mut String,
    files: &mut Vec<(String, String)>,
) {
    match job {
        Job::Types(home, file) => {
            // The body is printed into the thread's scratch buffer and the
            // file allocated once at its size: growing large strings
            // again for each file was a fifth of the printing time (fresh
            // pages the kernel zeroes).
            scratch.clear();
            direct::type_file_body(
                model,
                layout,
                &file.types,
                crate_files::type_file_gated(layout, home),
                &crate_files::type_file_doc(home),
                scratch,
            );
            let text = text_file(header, scratch);
            files.push((file.file.clone(), text));
        }
        Job::Module(name, m) => {
            for part in operations::module_parts(layout, name, m) {
                let text = if is_receive_side_file(layout, part.file) {
                    // The receive side of webhooks goes through tokens.
                    let tokens = || {
                        let tokens = operations::module_file_tokens(model, layout, &part);
                        with_receive_side(model, layout, part.file, tokens)
                    };
                    rust_file(header, tokens(), tokens)
                } else {
                    scratch.clear();
                    direct::module_file_body(model, layout, &part, scratch);
                    text_file(header, scratch)
                };
                files.push((part.file.to_owned(), text));
            }
        }
        Job::Webhooks => {
            let Some(hooks) = &layout.webhooks else {
                return;
            };
            let (name, source) = webhooks::RUNTIME;
            files.push((format!("src/{name}"), runtime_file(name, source, header)));
            let shared = layout
                .modules
                .values()
                .any(|m| m.file == hooks.file || m.vendors.values().any(|v| v.file == hooks.file));
            if !shared {
                let tokens = || with_receive_side(model, layout, &hooks.file, TokenStream::new());
                files.push((hooks.file.clone(), rust_file(header, tokens(), tokens)));
            }
        }
        Job::Rest => rest_files(model, layout, options, full, header, files),
    }
}

/// A file of `header` and a body the direct printer wrote, with items
/// spaced as [`rust_file`] spaces them; allocated once at its size.
fn text_file(header: &str, body: &str) -> String {
    let mut text = String::with_capacity(header.len() + 1 + body.len() + body.len() / 16);
    text.push_str(header);
    text.push('\n');
    space_items_into(body, &mut text);
    text
}

/// Whether `file` is where the receive side of webhooks goes.
fn is_receive_side_file(layout: &Layout, file: &str) -> bool {
    layout
        .webhooks
        .as_ref()
        .is_some_and(|hooks| hooks.file == file)
}

/// `tokens` of the module in `file`, with the receive side of webhooks
/// appended when that is its file.
fn with_receive_side(
    model: &Model,
    layout: &Layout,
    file: &str,
    tokens: TokenStream,
) -> TokenStream {
    // The file is compared first: the receive side is built only for it.
    if !is_receive_side_file(layout, file) {
        return tokens;
    }
    match webhooks::receive_side(model, layout) {
        Some((_, docs, items)) => append_to_module(tokens, docs, items),
        None => tokens,
    }
}

fn rest_files(
    model: &Model,
    layout: &Layout,
    options: &Options,
    full: &str,
    header: &str,
    files: &mut Vec<(String, String)>,
) {
    files.push((
        "Cargo.toml".to_owned(),
        crate_files::cargo_toml(
            full,
            options.standalone,
            &options.policy.crate_version,
            &layout.features,
        ),
    ));
    files.push(("api.json".to_owned(), manifest::manifest(model, layout)));
    files.push((
        "src/lib.rs".to_owned(),
        rust_file(full, crate_files::lib_rs(model, layout), || {
            crate_files::lib_rs(model, layout)
        }),
    ));
    for (name, source) in crate_files::RUNTIME {
        files.push((format!("src/{name}"), runtime_file(name, source, header)));
    }
    files.push((
        "src/types/mod.rs".to_owned(),
        rust_file(header, crate_files::types_mod(layout), || {
            crate_files::types_mod(layout)
        }),
    ));
    if let Some(tokens) = jobs::jobs_module(model, layout) {
        let again = || jobs::jobs_module(model, layout).unwrap_or_default();
        files.push(("src/jobs.rs".to_owned(), rust_file(header, tokens, again)));
    }
    if let Some(tokens) = crate_files::support_module(model, layout) {
        let again = || crate_files::support_module(model, layout).unwrap_or_default();
        files.push((
            "src/support.rs".to_owned(),
            rust_file(header, tokens, again),
        ));
    }
    if let Some(matrix) = crate_files::support_matrix(model, layout, false) {
        let header: String = full
            .lines()
            .map(|l| format!("<!-- {} -->\n", l.trim_start_matches("// ")))
            .collect();
        files.push((
            "SUPPORT.md".to_owned(),
            format!(
                "{header}\n# PMS support\n\nWhich PMS-specific operations the API offers, per vendor.\n\n{matrix}\n{}",
                crate_files::features_markdown(layout)
            ),
        ));
    }
}

/// `module` (a whole file's tokens) with `docs` (inner attributes) after its
/// own and `items` after its own.
fn append_to_module(module: TokenStream, docs: TokenStream, items: TokenStream) -> TokenStream {
    let (Ok(mut file), Ok(extra)) = (
        syn::parse2::<syn::File>(module.clone()),
        syn::parse2::<syn::File>(quote! { #docs #items }),
    ) else {
        // Unparseable tokens are a generator bug that `rust_file` reports.
        return quote! { #docs #module #items };
    };
    file.attrs.extend(extra.attrs);
    file.items.extend(extra.items);
    quote::ToTokens::into_token_stream(file)
}

/// The first lines of every generated file: what made it, from what.
///
/// The full header, with the inputs' sha256, heads the files that change
/// with every regeneration anyway (`Cargo.toml`, `api.json`, `lib.rs`,
/// `SUPPORT.md`). Other files name their inputs and point there: a checksum
/// in every file would turn a one-field spec change into a diff of every
/// file, burying the lines reviewers need to read.
fn header(model: &Model, command: &str, with_checksums: bool) -> String {
    let mut lines = vec![
        "@generated by the propexo-rs generator. Do not edit by hand.".to_owned(),
        format!("Regenerate with `{command}`."),
    ];
    if with_checksums {
        lines.push("Input:".to_owned());
        for input in &model.inputs {
            lines.push(format!("  {} (sha256 {})", input.label, input.sha256));
        }
    } else {
        let labels: Vec<&str> = model.inputs.iter().map(|i| i.label.as_str()).collect();
        lines.push(format!(
            "Input: {} (checksums in src/lib.rs).",
            labels.join(", ")
        ));
    }
    lines.iter().map(|l| format!("// {l}\n")).collect()
}

/// `tokens` as a formatted Rust file under `header`.
///
/// Parsing consumes the tokens, and a clone kept for the error path would
/// make the parser copy the whole tree; so `again` (which builds the same
/// tokens: generation is deterministic) is called only when they do not
/// parse.
fn rust_file(header: &str, tokens: TokenStream, again: impl FnOnce() -> TokenStream) -> String {
    let body = match syn::parse2::<syn::File>(tokens) {
        Ok(file) => prettyplease::unparse(&file),
        // Unparseable output is a generator bug; keep the raw tokens so the
        // compiler points at the problem instead of losing the file.
        Err(err) => format!("compile_error!({:?});\n{}\n", err.to_string(), again()),
    };
    format!("{header}\n{}", space_items(&body))
}

/// A blank line after every top-level item, which prettyplease leaves out
/// between items that have doc comments.
fn space_items(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 16);
    space_items_into(body, &mut out);
    out
}

/// [`space_items`] appending to `out`. Only a line at the margin can end
/// an item, so indented lines are copied in runs without a look.
fn space_items_into(body: &str, out: &mut String) {
    let mut copied = 0;
    let mut start = 0;
    while start < body.len() {
        let end = body[start..].find('\n').map_or(body.len(), |i| start + i);
        let next = (end + 1).min(body.len());
        let line = &body[start..end];
        if !line.is_empty() && !line.starts_with(' ') {
            let following = &body[next..];
            let following = &following[..following.find('\n').unwrap_or(following.len())];
            // Comment lines end no item (`//! let x = f();` in an example).
            let ends_item = line == "}"
                || line.ends_with(");") && !line.starts_with("//")
                || (line.starts_with("//!") && !following.starts_with("//!"));
            if ends_item && next < body.len() && !following.is_empty() {
                out.push_str(&body[copied..next]);
                out.push('\n');
                copied = next;
            }
        }
        start = end + 1;
    }
    out.push_str(&body[copied..]);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
}

fn runtime_file(name: &str, source: &str, header: &str) -> String {
    let first = header.lines().next().unwrap_or_default();
    format!(
        "{first}\n// Hand-written runtime, copied verbatim from generator/runtime/{name}: edit it there.\n\n{source}"
    )
}

/// A snake_case identifier that is valid (names are made valid upstream;
/// a raw identifier covers the keywords that allow it).
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    if crate::naming::is_keyword(name) {
        format_ident!("r#{}", name)
    } else {
        format_ident!("{}", name)
    }
}

/// `#[cfg(…)]` for an item only some features need, nothing for one that
/// is always compiled.
pub(crate) fn cfg_attr(gate: &Gate) -> TokenStream {
    let features = gate.any.iter().map(|f| quote! { feature = #f });
    match gate.any.len() {
        0 => TokenStream::new(),
        1 => quote! { #[cfg(#(#features)*)] },
        _ => quote! { #[cfg(any(#(#features),*))] },
    }
}

/// `#[doc = "…"]` lines for a text, nothing for an empty one.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    // Text from the document is sanitized where it is put together; this
    // is the last line of defence for the characters that could reorder
    // or break the comment whatever the Markdown around them.
    let text = docs::escape_controls_keeping_lines(text);
    let lines = text.lines().map(|line| {
        let line = format!(" {line}");
        let line = line.trim_end();
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// The Rust type of a model type, with fully qualified paths so that no
/// generated name can shadow a standard one.
pub(crate) fn ty_tokens(layout: &Layout, ty: &Ty) -> TokenStream {
    rust_tokens(&ty_text(layout, ty))
}

/// [`ty_tokens`] as text, the way prettyplease prints it on one line.
pub(crate) fn ty_text(layout: &Layout, ty: &Ty) -> String {
    ty_expr(layout, ty).one_line()
}

/// [`ty_tokens`] as the direct printer's tree, which it can break where
/// prettyplease would (see [`direct`]).
pub(crate) fn ty_expr(layout: &Layout, ty: &Ty) -> direct::expr::Expr {
    use direct::expr::Expr;
    let path = |text: &str| Expr::Atom(text.to_owned());
    let generic = |text: &str, args: Vec<Expr>| Expr::Generic(text.to_owned(), args);
    match ty {
        Ty::String => path("::std::string::String"),
        Ty::Integer => path("i64"),
        Ty::Number => path("f64"),
        Ty::Boolean => path("bool"),
        Ty::DateTime => generic("::chrono::DateTime", vec![path("::chrono::Utc")]),
        Ty::Date => path("::chrono::NaiveDate"),
        Ty::Json => path("::serde_json::Value"),
        Ty::JsonObject => generic(
            "::serde_json::Map",
            vec![path("::std::string::String"), path("::serde_json::Value")],
        ),
        Ty::Named(id) => Expr::Atom(format!("crate::types::{}", layout.ty(*id).name)),
        Ty::List(inner) => generic("::std::vec::Vec", vec![ty_expr(layout, inner)]),
        Ty::Map(inner) => generic(
            "::std::collections::BTreeMap",
            vec![path("::std::string::String"), ty_expr(layout, inner)],
        ),
        Ty::Nullable(inner) => generic("::std::option::Option", vec![ty_expr(layout, inner)]),
    }
}

/// Tokens of Rust text the generator wrote (a type or path): valid by
/// construction, so a failure is a generator bug, printed as one.
pub(crate) fn rust_tokens(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|_| {
        let message = format!("generator bug: invalid Rust text {text:?}");
        quote! { compile_error!(#message) }
    })
}

/// The `#[deprecated(note = …)]` text: the replacing item when the document
/// names one, else what the document says.
pub(crate) fn deprecation_note(d: &Deprecation, replacement: Option<&Replacement>) -> String {
    match replacement {
        Some(Replacement::Field(field)) => format!("use `{field}` instead"),
        Some(Replacement::Operation { module, function }) => {
            format!("use `propexo::{module}::{function}` instead")
        }
        Some(Replacement::Module(module)) => {
            format!("use the functions of `propexo::{module}` instead")
        }
        // Document text, shown by rustdoc as Markdown: made inert.
        None => d
            .note
            .as_deref()
            .map(docs::sanitize_inline)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "deprecated by the API".to_owned()),
    }
}

/// The same for rustdoc, with a link to the replacing item. `owner` is the
/// struct a deprecated field belongs to.
pub(crate) fn deprecation_doc(
    d: &Deprecation,
    replacement: Option<&Replacement>,
    owner: Option<&str>,
) -> String {
    match (replacement, owner) {
        (Some(Replacement::Field(field)), Some(owner)) => {
            format!("use [`{field}`](crate::types::{owner}::{field}) instead.")
        }
        (Some(Replacement::Operation { module, function }), _) => {
            format!("use [`crate::{module}::{function}`] instead.")
        }
        (Some(Replacement::Module(module)), _) => {
            format!("use the functions of [`crate::{module}`] instead.")
        }
        _ => format!(
            "{}.",
            deprecation_note(d, replacement).trim_end_matches('.')
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens that do not parse (a generator bug) still give a file that
    /// names the problem and keeps the raw tokens, built again on demand.
    #[test]
    fn unparseable_tokens_keep_their_text_behind_a_compile_error() {
        let broken = || quote! { pub struct Leads { id: } fn };
        let text = rust_file("// header\n", broken(), broken);
        assert!(text.starts_with("// header\n"), "{text}");
        assert!(text.contains("compile_error!("), "{text}");
        assert!(text.contains("pub struct Leads { id : } fn"), "{text}");
    }

    /// The receive side of webhooks is printed once, into its own file
    /// when no resource module has that file, and into the resource
    /// module's file (after its functions) when one has.
    #[test]
    fn the_receive_side_goes_into_its_module_shared_or_not() {
        let hooks = "webhooks:\n  DATA_NEW:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: \"#/components/schemas/Ping\"}}}}\n";
        let schemas =
            "components:\n  schemas:\n    Ping: {type: object, properties: {n: {type: integer}}}\n";
        let op = "paths:\n  /v1/hooks/:\n    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Ping\"}}}}}\n";
        let options = |policy: &str| Options {
            policy: crate::policy::Policy::parse(policy).unwrap(),
            command: "test".into(),
            standalone: false,
        };
        for (paths, shared) in [("paths: {}\n", false), (op, true)] {
            let policy = "webhooks: {module: hooks}";
            let (model, layout, _) =
                crate::test_support::pipeline(&format!("{paths}{schemas}{hooks}"), policy);
            assert_eq!(layout.modules.contains_key("hooks"), shared);
            let files = emit(&model, &layout, &options(policy));
            let module = &files["src/hooks.rs"];
            assert_eq!(module.matches("pub enum Event").count(), 1, "{module}");
            assert!(!module.contains("compile_error"), "{module}");
            assert_eq!(module.contains("pub async fn"), shared, "{module}");
            assert!(files.contains_key("src/webhook_receive.rs"));
        }
    }

    /// A blank line after each top-level item and after the inner doc
    /// comment, none after comments or indented lines; a last line without
    /// its newline gets one.
    #[test]
    fn items_are_spaced_at_the_margin_only() {
        let body =
            "//! doc\n//! more\npub struct A;\n}\nx\n  );\nfoo();\n// c();\nbar\n}\n\nbaz\n}";
        assert_eq!(
            space_items(body),
            "//! doc\n//! more\n\npub struct A;\n}\n\nx\n  );\nfoo();\n\n// c();\nbar\n}\n\nbaz\n}\n"
        );
        assert_eq!(space_items(""), "");
        assert_eq!(space_items("}\nx"), "}\n\nx\n");
    }

    /// The rebuild is for the error path only: valid tokens never call it.
    #[test]
    fn parseable_tokens_are_built_once() {
        let text = rust_file("// h\n", quote! { pub struct A; }, || {
            panic!("rebuilt valid tokens")
        });
        assert_eq!(text, "// h\n\npub struct A;\n");
    }
}
