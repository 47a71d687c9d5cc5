//! The crate's front page: the user's manual. Sections that only use the
//! runtime are written here once; the examples that name the document's
//! operations and types come from the layout (its chosen examples), so the
//! page compiles as doctests for whatever document the crate came from.

use super::crate_files::support_module_needed;
use crate::layout::Layout;
use crate::model::{Field, Model, OpId, Ty, TypeId};

/// Markdown of the crate-level documentation.
pub fn crate_guide(model: &Model, layout: &Layout) -> String {
    let mut text = format!(
        "Typed async client for the {} (version {}), generated from its OpenAPI document.\n\n\
         Every endpoint is an async function in the module of its resource \
         (`propexo::leads::list`), every schema a type in [`types`]. All calls return \
         [`Result`]`<T>` with one [`Error`] type, so `?` works across them.\n\n",
        super::docs::sanitize_inline(&model.title),
        super::docs::sanitize_inline(&model.version)
    );
    text.push_str(SET_UP);
    if let Some(id) = layout.example {
        text.push_str(&list_example(model, layout, id));
    }
    text.push_str(&write_example(model, layout));
    text.push_str(ERRORS);
    text.push_str(RETRIES);
    text.push_str(OPTIONS);
    text.push_str(PAGINATION);
    if model.write_jobs.is_some() {
        text.push_str(WRITE_JOBS);
    }
    if support_module_needed(model, layout) {
        text.push_str(PMS);
    }
    text.push_str(DEPRECATIONS);
    text.push_str(DECODING);
    text
}

const SET_UP: &str = "# Set-up

Add the crate and an async runtime (`tokio`), then make one [`Client`] and \
share it (it is cheap to clone; clones share the connection pool):

```no_run
# fn example() -> propexo::Result<(), Box<dyn std::error::Error>> {
let client = propexo::Client::new(std::env::var(\"PROPEXO_TOKEN\")?);
// Another environment or a mock server, timeouts, retries, limits:
let sandbox = propexo::Client::builder(std::env::var(\"PROPEXO_TOKEN\")?)
    .base_url(\"http://localhost:4010\")
    .total_timeout(std::time::Duration::from_secs(120))
    .build()?;
# let _ = (client, sandbox);
# Ok(())
# }
```

Only HTTPS base URLs are accepted, except plain HTTP to a loopback address \
or `localhost`; the token never appears in `Debug` output or errors.

";

/// A complete example with the operation the layout chose: one page, then
/// every page as a stream.
fn list_example(model: &Model, layout: &Layout, id: OpId) -> String {
    let (op, names) = (model.op(id), layout.op(id));
    let call = names.function_path();
    let (params, args) = match op.query {
        Some(query) => (
            format!(
                "let params = propexo::types::{}::default();\n",
                layout.ty(query).name
            ),
            ", &params",
        ),
        None => (String::new(), ""),
    };
    let results = op
        .list
        .as_ref()
        .map(|l| layout.ty(l.response).fields[l.results].clone())
        .unwrap_or_default();
    let stream = match (&names.stream, op.path_params.is_empty()) {
        (Some(stream), true) => {
            let path = names.item_path(stream);
            format!(
                "// Every page, fetched as the stream is read; a record that does not\n\
                 // decode is an `Err` item and the stream goes on.\n\
                 let mut all = std::pin::pin!(propexo::{path}(&client{args}).take(1000));\n\
                 while let Some(item) = all.next().await {{\n\
                 \x20   match item {{\n\
                 \x20       Ok(_record) => {{}}\n\
                 \x20       Err(propexo::Error::Record {{ error, .. }}) => eprintln!(\"skipped: {{error}}\"),\n\
                 \x20       Err(other) => return Err(other),\n\
                 \x20   }}\n\
                 }}\n"
            )
        }
        _ => String::new(),
    };
    let uses = if stream.is_empty() {
        ""
    } else {
        "use propexo::pagination::StreamExt;\n"
    };
    format!(
        "# Example\n\n\
         ```no_run\n\
         {uses}\
         # async fn example(client: propexo::Client) -> propexo::Result<()> {{\n\
         {params}\
         let page = propexo::{call}(&client{args}).await?;\n\
         println!(\"{{}} {module}\", page.{results}.len());\n\
         {stream}\
         # Ok(())\n\
         # }}\n\
         ```\n\n",
        module = names.module,
    )
}

/// Building a request body with its builder and sending it, with the
/// operation whose body has the most required fields, all of them text (so
/// the example can fill them in without knowing what they mean); ties go
/// to the first in crate order.
fn write_example(model: &Model, layout: &Layout) -> String {
    let mut best: Option<(Vec<&str>, String, OpId, TypeId)> = None;
    for id in model.op_ids() {
        let (op, names) = (model.op(id), layout.op(id));
        let usable = op.supported && op.deprecated.is_none() && op.path_params.is_empty();
        let Some(Ty::Named(body)) = op.body.as_ref().filter(|_| usable && op.query.is_none())
        else {
            continue;
        };
        let (Some(fields), Some(builder)) =
            (model.as_struct(*body), layout.ty(*body).builder.as_ref())
        else {
            continue;
        };
        let required: Vec<(&Field, &str)> = fields
            .fields
            .iter()
            .zip(&builder.setters)
            .filter(|(f, _)| f.required)
            .map(|(f, setters)| (f, setters.value.as_str()))
            .collect();
        let all_text = required
            .iter()
            .all(|(f, _)| f.ty == Ty::String && f.deprecated.is_none());
        let path = names.function_path();
        let better = best.as_ref().is_none_or(|(setters, best_path, ..)| {
            (required.len(), std::cmp::Reverse(&path))
                > (setters.len(), std::cmp::Reverse(best_path))
        });
        if !required.is_empty() && all_text && better {
            let setters = required.into_iter().map(|(_, setter)| setter).collect();
            best = Some((setters, path, id, *body));
        }
    }
    let Some((setters, path, id, body)) = best else {
        return String::new();
    };
    let setters: String = setters
        .iter()
        .map(|s| format!("\n    .{s}(\"…\")"))
        .collect();
    let wait = if model.op(id).write_job && model.write_jobs.is_some() {
        "// The API applies writes later: wait for the job's outcome.\n\
             let status = propexo::jobs::wait_for_write(&client, &answer.job_id, &Default::default()).await?;\n\
             # let _ = status;\n"
    } else {
        "# let _ = answer;\n"
    };
    format!(
        "# Building requests\n\n\
             Request bodies and query parameters are built with named setters; `build()` \
             names every required field left unset (a [`BuildError`], which `?` turns into \
             [`Error`]). See [`builder`] for optional and nullable fields.\n\n\
             ```no_run\n\
             # async fn example(client: propexo::Client) -> propexo::Result<()> {{\n\
             let body = propexo::types::{ty}::builder(){setters}\n    .build()?;\n\
             let answer = propexo::{path}(&client, &body).await?;\n\
             {wait}\
             # Ok(())\n\
             # }}\n\
             ```\n\n",
        ty = layout.ty(body).name,
    )
}

const ERRORS: &str = "# Errors

Every call returns [`Result`]`<T>` = `Result<T, propexo::Error>`. The error \
answers the usual questions without matching: [`Error::status`], \
[`Error::message`] (the API's own words), [`Error::code`], \
[`Error::request_id`] (quote it to Propexo's support), [`Error::retry_after`], \
[`Error::is_retryable`] and [`Error::job_id`] (a write that was accepted even \
though the call failed: do not send it again). `Display` is one line.

```no_run
# async fn example(client: propexo::Client) -> propexo::Result<()> {
# let request = propexo::Request::new(propexo::Method::GET, \"/v1/leads/\");
match client.execute::<serde_json::Value>(request).await {
    Ok(page) => println!(\"{page}\"),
    Err(e) if e.status() == Some(404) => println!(\"not found\"),
    Err(e) if e.is_retryable() => eprintln!(\"try later: {e}\"),
    Err(e) => return Err(e),
}
# Ok(())
# }
```

The variants say more when needed: [`Error::Api`] carries the body \
([`ErrorBody::parse`] reads it as the document's error type), \
[`Error::Record`] the whole record that did not decode, [`Error::Decode`] \
the JSON path of the value that did not match. Request values built without \
a required field give a [`BuildError`], which converts into [`Error`] with `?`.

";

const RETRIES: &str = "# Retries, timeouts and limits

Reads are retried on connection failures, timeouts, 429 and 5xx answers, \
with exponential backoff and jitter, honouring `Retry-After`; writes only when \
they provably did not reach the server (see [`RetryPolicy`]). \
[`ClientBuilder::total_timeout`] bounds a whole call, retries and waits \
included; [`ClientBuilder::max_body_bytes`] bounds what is read; redirects \
are never followed.

";

const OPTIONS: &str = "# Per-request options and raw calls

[`Client::with_options`] gives a handle whose requests carry extra headers or \
query parameters, another timeout or retry policy, or Propexo's \
`ignore_unknown_fields` for writes ([`RequestOptions`]). It works with every \
function and stream. [`Client::execute`] sends a [`Request`] for an \
operation the document does not describe yet, with the same retries, limits \
and redaction:

```no_run
# async fn example(client: propexo::Client) -> propexo::Result<()> {
use propexo::{Method, Request, RequestOptions, RetryPolicy};
let once = client.with_options(RequestOptions::new().retry_policy(RetryPolicy::none()));
let request = Request::new(Method::GET, \"/v1/leads/{id}/something-new\").path_param(\"id\", \"lead_123\");
let answer: serde_json::Value = once.execute(request).await?;
# let _ = answer;
# Ok(())
# }
```

";

const PAGINATION: &str = "# Pagination

List operations return one page; those the API pages through have a \
`…_stream` function beside them that yields every item, fetching pages only \
as they are read and stopping on a server that repeats itself. See \
[`pagination`].

";

const WRITE_JOBS: &str = "# Write jobs

Creates and updates are applied by the API later: their functions return a \
[`WriteJob`] with the job id (whichever documented shape the answer has), and \
[`jobs::wait_for_write`] polls until the job ends, within a deadline.

";

const PMS: &str = "# PMS-specific operations

Operations that only some property-management systems offer live in a \
vendor module under their resource (`leads::resman::create` beside \
`leads::create`), with request types that list exactly what that PMS \
accepts. [`support`] has the vendor × operation matrix: which vendor has a \
function, which the API reference marks \"Not Supported\", and which are not \
transcribed yet.

";

const DEPRECATIONS: &str = "# Deprecations

Operations, fields and parameters the document deprecates carry \
`#[deprecated]` with what replaces them, so the compiler tells you where you \
use them; they keep working until the document removes them.

";

const DECODING: &str = "# Answers that stray from the document

Answers are decoded by a written policy: whole-number floats in integer \
fields, `null` lists read as empty, unknown enum values kept as \
`Unrecognized`, and one bad record failing alone in a list. See [`decode`].

";
