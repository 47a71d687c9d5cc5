//! Turning the lowered (3.0) document into `openapiv3`'s typed model, with
//! errors that name the place in the document.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::Diagnostics;
use crate::pointer::push;

/// Parses the lowered document. On failure the diagnostic's pointer is the
/// deepest place `serde_path_to_error` could attribute the error to.
pub fn parse_openapi(doc: Value, diags: &mut Diagnostics) -> Option<OpenAPI> {
    match serde_path_to_error::deserialize::<_, OpenAPI>(doc) {
        Ok(api) => Some(api),
        Err(err) => {
            let pointer = err.path().iter().fold("#".to_owned(), |p, segment| {
                push(&p, &segment_token(segment))
            });
            diags.error(
                pointer,
                format!(
                    "not a valid OpenAPI 3.0 construct after lowering: {}",
                    err.inner()
                ),
            );
            None
        }
    }
}

fn segment_token(segment: &serde_path_to_error::Segment) -> String {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => index.to_string(),
        Segment::Map { key } => key.clone(),
        Segment::Enum { variant } => variant.clone(),
        Segment::Unknown => "?".to_owned(),
    }
}
