//! How answers are decoded, and how much they may stray from the document.
//!
//! Propexo's reference says that "except for a few limited cases, all
//! fields in every response payload are nullable", and real answers differ
//! from the document in small ways. The client therefore decodes with this
//! policy, chosen so that an odd value never costs the other records of a
//! page and nothing is dropped without a trace:
//!
//! | the answer has | the client |
//! |---|---|
//! | a whole-number float (`2.0`) in an integer field | takes the integer (`2`); a fraction (`2.5`) or a number outside `i64` is an error for that record |
//! | `null`, or nothing, in a list or object field the document requires | takes an empty list or object (there was nothing in it to keep) |
//! | `null`, or nothing, in a field the document marks nullable | `None` |
//! | `null`, or nothing, in another required field (`id`, `created_at`, …) | an error for that record, naming the field |
//! | a field the document does not list | ignores it |
//! | an enum value the document does not list | keeps it in the enum's `Unrecognized` variant |
//!
//! A record that still does not decode fails alone: a list stream
//! (`…_stream`) yields [`Error::Record`](crate::Error::Record) for it, with
//! the JSON path of the field (`results[1].desired_num_bedrooms`), the
//! offending value (truncated) and the whole record as sent, and goes on
//! with the next record. A single-page call (`list`, `get`) fails with
//! [`Error::Decode`](crate::Error::Decode), which names the path too.
//!
//! Writes answer a job id in one of two documented shapes,
//! `{"job_id": …, "data": {}}` and `{"meta": {"job_id": …}, "result": {…}}`.
//! Every write function returns a [`WriteJob`], which has the job id
//! whichever shape came back, and the answer as typed when it has the
//! documented shape. A success answer without any job id is an
//! [`Error::Decode`](crate::Error::Decode); any decode error of a write
//! answer that does carry one keeps it ([`Error::job_id`](crate::Error::job_id)).

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use crate::error::DecodeError;

/// The answer to a write: Propexo accepted it as an asynchronous job.
/// Wait for the job with `jobs::wait_for_write`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WriteJob<T> {
    /// The job's id, from `job_id` (generic writes) or `meta.job_id`
    /// (per-PMS writes), whichever the answer has.
    pub job_id: String,
    /// The answer in the shape the operation documents, when it has it.
    pub response: Option<T>,
    /// Why [`response`](Self::response) is `None`: the answer came in the
    /// other documented shape, or strayed from it.
    pub mismatch: Option<DecodeError>,
    /// The whole answer as sent, whatever its shape.
    pub body: serde_json::Map<String, serde_json::Value>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for WriteJob<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let body = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let Some(job_id) = job_id_of(&body) else {
            return Err(D::Error::custom("the write answer has neither `job_id` nor `meta.job_id`"));
        };
        let value = serde_json::Value::Object(body);
        let (response, mismatch) = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(response) => (Some(response), None),
            Err(e) => {
                let path = e.path().to_string();
                let message = e.inner().to_string();
                (None, Some(describe(&value, e.path(), path, message)))
            }
        };
        let serde_json::Value::Object(body) = value else { unreachable!("built as an object above") };
        Ok(WriteJob { job_id, response, mismatch, body })
    }
}

fn job_id_of(body: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    body.get("job_id")
        .and_then(text)
        .or_else(|| body.get("meta")?.get("job_id").and_then(text))
}

/// The job id a write answer carries, if the body is a JSON object with
/// `job_id` or `meta.job_id`; for errors that must keep it.
pub(crate) fn job_id_in(bytes: &[u8]) -> Option<String> {
    if let Ok(body) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(bytes) {
        return job_id_of(&body);
    }
    // A body cut short or otherwise not JSON: the first `"job_id": "…"`
    // in it is still the best evidence that the write was accepted.
    let text = String::from_utf8_lossy(bytes);
    let at = text.find("\"job_id\"")?;
    let rest = text[at + "\"job_id\"".len()..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let id = &rest[..rest.find('"')?];
    (!id.is_empty() && id.len() <= 256 && !id.contains('\\')).then(|| id.to_owned())
}

/// Decodes a whole body. The fast path decodes directly; only when that
/// fails is the body decoded again, tracking the path, to say where.
pub(crate) fn decode_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(first) => Err(locate::<T>(bytes, "", first)),
    }
}

/// Decodes one record of a page; `prefix` gives its place in the page
/// (`results[1]`), which the error path starts with (only built when the
/// record does not decode).
#[doc(hidden)]
pub fn decode_record<T: DeserializeOwned>(record: &str, prefix: impl FnOnce() -> String) -> Result<T, DecodeError> {
    match serde_json::from_str(record) {
        Ok(value) => Ok(value),
        Err(first) => Err(locate::<T>(record.as_bytes(), &prefix(), first)),
    }
}

fn locate<T: DeserializeOwned>(bytes: &[u8], prefix: &str, first: serde_json::Error) -> DecodeError {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let tracked = serde_path_to_error::deserialize::<_, T>(&mut deserializer);
    let (path, message, segments) = match &tracked {
        Err(e) => (e.path().to_string(), without_position(e.inner()), Some(e.path())),
        // Cannot happen (same input, same type); report the first error.
        Ok(_) => (".".to_owned(), without_position(&first), None),
    };
    let path = match (prefix.is_empty(), path.as_str()) {
        (true, _) => path.clone(),
        (false, ".") => prefix.to_owned(),
        (false, _) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, _) => format!("{prefix}.{path}"),
    };
    match (serde_json::from_slice::<serde_json::Value>(bytes), segments) {
        (Ok(document), Some(segments)) => describe(&document, segments, path, message),
        _ => DecodeError { path, message, value: None },
    }
}

fn describe(document: &serde_json::Value, segments: &serde_path_to_error::Path, path: String, message: String) -> DecodeError {
    let mut at = Some(document);
    for segment in segments.iter() {
        at = match (segment, at) {
            (serde_path_to_error::Segment::Seq { index }, Some(v)) => v.get(*index),
            (serde_path_to_error::Segment::Map { key }, Some(v)) => v.get(key),
            _ => None,
        };
    }
    let value = at.map(|v| truncate(&v.to_string(), 200));
    DecodeError { path, message, value }
}

/// serde_json's message without " at line 1 column 57": the path says
/// where, and the position means nothing in a record cut from a page.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).map(str::to_owned).unwrap_or(text)
}

/// At most `max` bytes of `text` (on a character boundary), with `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// serde helpers for the tolerance above, referenced by generated types.
#[doc(hidden)]
pub mod tolerant {
    use std::fmt;

    use serde::de::{self, Visitor};
    use serde::{Deserialize, Deserializer};

    struct Integer;

    impl Visitor<'_> for Integer {
        type Value = i64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &"an integer within i64"))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
            // 2^63 is exactly representable; every whole f64 in
            // [-2^63, 2^63) converts without loss.
            const LIMIT: f64 = 9_223_372_036_854_775_808.0;
            if v.is_finite() && v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v) {
                Ok(v as i64)
            } else {
                Err(E::invalid_value(de::Unexpected::Float(v), &"a whole number within i64"))
            }
        }
    }

    struct OptionalInteger;

    impl<'de> Visitor<'de> for OptionalInteger {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            integer(d).map(Some)
        }
    }

    /// An `i64` that may come as a whole-number float (`2.0`).
    pub fn integer<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(Integer)
    }

    /// An optional `i64` that may come as a whole-number float.
    pub fn optional_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_option(OptionalInteger)
    }

    /// An optional nullable `i64` (see `double_option`) that may come as a
    /// whole-number float.
    pub fn double_option_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
        optional_integer(d).map(Some)
    }

    /// A list or object where `null` reads as empty.
    pub fn null_as_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
        Option::<T>::deserialize(d).map(Option::unwrap_or_default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Record {
        #[serde(deserialize_with = "tolerant::integer")]
        n: i64,
        #[serde(default, deserialize_with = "tolerant::optional_integer")]
        m: Option<i64>,
        #[serde(default, deserialize_with = "tolerant::null_as_default")]
        list: Vec<String>,
    }

    #[test]
    fn whole_floats_nulls_and_missing_lists_are_tolerated() {
        let r: Record = decode_body(br#"{"n": 2.0, "m": -3.0, "list": null}"#).unwrap();
        assert_eq!(r, Record { n: 2, m: Some(-3), list: vec![] });
        let r: Record = decode_body(br#"{"n": 9007199254740992.0}"#).unwrap();
        assert_eq!(r, Record { n: 9_007_199_254_740_992, m: None, list: vec![] });
    }

    #[test]
    fn what_cannot_be_kept_is_an_error_naming_path_and_value() {
        for (body, value) in [(r#"{"n": 2.5}"#, "2.5"), (r#"{"n": 1e300}"#, "1e+300"), (r#"{"n": 18446744073709551615}"#, "18446744073709551615")] {
            let e = decode_record::<Record>(body, || "results[3]".to_owned()).unwrap_err();
            assert_eq!(e.path, "results[3].n", "{body}");
            assert_eq!(e.value.as_deref(), Some(value), "{body}");
            assert!(!e.message.contains("line"), "{}", e.message);
        }
        let e = decode_body::<Record>(br#"{"m": 1}"#).unwrap_err();
        assert!(e.message.contains("missing field `n`"), "{e}");
    }

    #[test]
    fn write_answers_of_both_shapes_keep_the_job_id() {
        #[derive(Debug, Deserialize)]
        struct Generic {
            #[allow(dead_code)]
            job_id: String,
        }
        let a: WriteJob<Generic> = serde_json::from_str(r#"{"job_id": "j1", "data": {}}"#).unwrap();
        assert_eq!(a.job_id, "j1");
        assert!(a.response.is_some());
        let b: WriteJob<Generic> = serde_json::from_str(r#"{"meta": {"job_id": "j2"}, "result": {"x": 1}}"#).unwrap();
        assert_eq!(b.job_id, "j2");
        assert!(b.response.is_none());
        assert_eq!(b.mismatch.unwrap().message, "missing field `job_id`");
        assert_eq!(b.body["result"]["x"], 1);
        assert!(serde_json::from_str::<WriteJob<Generic>>(r#"{"data": {}}"#).is_err());
        assert_eq!(job_id_in(br#"{"meta": {"job_id": "j3"}, "result": 7}"#).as_deref(), Some("j3"));
        assert_eq!(job_id_in(br#"{"meta": {"job_id" : "j4"}, "result": {"#).as_deref(), Some("j4"));
        assert_eq!(job_id_in(br#"{"meta": {}}"#), None);
    }
}
