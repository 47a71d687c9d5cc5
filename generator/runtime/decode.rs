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
        WriteJob::from_body(body).map_err(D::Error::custom)
    }
}

impl<T: DeserializeOwned> WriteJob<T> {
    /// The write answer in `body`; generic over the answer's type only
    /// (not also the deserializer), and only where it must be.
    fn from_body(body: serde_json::Map<String, serde_json::Value>) -> Result<Self, &'static str> {
        let Some(job_id) = job_id_of(&body) else {
            return Err("the write answer has neither `job_id` nor `meta.job_id`");
        };
        let value = serde_json::Value::Object(body);
        let (response, mismatch) = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(response) => (Some(response), None),
            Err(e) => (None, Some(mismatch(&value, e))),
        };
        let serde_json::Value::Object(body) = value else { unreachable!("built as an object above") };
        Ok(WriteJob { job_id, response, mismatch, body })
    }
}

fn mismatch(value: &serde_json::Value, e: serde_path_to_error::Error<serde_json::Error>) -> DecodeError {
    let path = e.path().to_string();
    describe(value, "", &path, &e.into_inner().to_string())
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
    // Only the tracked decoding depends on `T`; the rest is compiled once.
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let tracked = serde_path_to_error::deserialize::<_, T>(&mut deserializer).err();
    located(bytes, prefix, tracked, first)
}

fn located(bytes: &[u8], prefix: &str, tracked: Option<serde_path_to_error::Error<serde_json::Error>>, first: serde_json::Error) -> DecodeError {
    let (path, message) = match tracked {
        Some(e) => (e.path().to_string(), without_position(e.inner())),
        // Cannot happen (same input, same type); report the first error.
        None => (".".to_owned(), without_position(&first)),
    };
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(document) => describe(&document, prefix, &path, &message),
        Err(_) => {
            let (path, message) = full_path(prefix, &path, &message);
            DecodeError { path, message, value: None }
        }
    }
}

/// The error at `path` of `document` (whose place in the answer is
/// `prefix`), with the offending value when the path leads to one.
fn describe(document: &serde_json::Value, prefix: &str, path: &str, message: &str) -> DecodeError {
    let (inner, message) = object::split(message);
    let inside = join_path(&[path, inner.unwrap_or("")]);
    let value = lookup(document, &inside).map(|v| truncate(&v.to_string(), 200));
    DecodeError { path: whole(join_path(&[prefix, &inside])), message: message.to_owned(), value }
}

/// The whole path of an error: `prefix` (the record's place in the page),
/// the path the tracking deserializer saw, and the path inside a struct
/// that a generated struct's message starts with (see [`object`]); and
/// the message without it.
fn full_path(prefix: &str, tracked: &str, message: &str) -> (String, String) {
    let (inner, message) = object::split(message);
    (whole(join_path(&[prefix, tracked, inner.unwrap_or("")])), message.to_owned())
}

/// Path parts joined as `results[1].units[0].id`: a dot before a name,
/// none before an index; empty parts and `.` (the whole) add nothing.
fn join_path(parts: &[&str]) -> String {
    let mut path = String::new();
    for part in parts.iter().filter(|p| !p.is_empty() && **p != ".") {
        if !path.is_empty() && !part.starts_with('[') {
            path.push('.');
        }
        path.push_str(part);
    }
    path
}

/// `.` for the whole value, as an empty path reads.
fn whole(path: String) -> String {
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

/// The value at a path like `results[1].units[0].id` (`.` is the whole).
fn lookup<'v>(document: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    let mut at = document;
    if path == "." {
        return Some(at);
    }
    for name in path.split('.') {
        let (key, mut indexes) = match name.find('[') {
            Some(i) => (&name[..i], &name[i..]),
            None => (name, ""),
        };
        if !key.is_empty() {
            at = at.get(key)?;
        }
        while let Some(rest) = indexes.strip_prefix('[') {
            let (index, after) = rest.split_once(']')?;
            at = at.get(index.parse::<usize>().ok()?)?;
            indexes = after;
        }
    }
    Some(at)
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

/// How the crate's structs decode: each struct's `Deserialize` reads the
/// object's properties once, in order, and takes its fields out by name,
/// with the tolerance above. Written once here rather than derived per
/// struct, this keeps the code each struct costs to compile to a line per
/// field, and every error names its path (`units[2].id`), which serde's
/// derived code would need a path-tracking deserializer around every call
/// for.
///
/// The price is some decoding speed: each property's value is read as a
/// JSON value before its field takes it. A page of 250 leads decodes in
/// about 0.86 times the time of parsing it into `serde_json::Value`
/// (`benches/decode.rs`, same run), where derived code took about 0.6;
/// derived code made the crate take twice as long to compile, for every
/// user and build.
#[doc(hidden)]
pub mod object {
    use std::borrow::Cow;

    use serde::de::{DeserializeOwned, Error as _};
    use serde::Deserializer;
    use serde_json::Value;

    use super::tolerant;

    /// The fields of an object being decoded into a struct; each is taken
    /// out once, and the rest are the properties beyond the documented ones.
    ///
    /// Only a required field without a fallback returns a `Result`; the
    /// others give a placeholder (`None`, empty, `0`) when their value does
    /// not decode and keep the error, which [`deserialize`] returns once
    /// every field is taken. The first error in field order wins either
    /// way. That keeps a struct's decoding to a call per field, without
    /// the early-return branch `?` adds to each.
    ///
    /// The properties are kept in the order they came, not in a map:
    /// answers list them in about the order the struct declares its
    /// fields, so looking each field up from where the last one was found
    /// takes a comparison or two, where a map cost an ordered insertion and
    /// removal per property (a third of the decoding time). A property sent
    /// twice counts once, the first time (later copies are not kept as
    /// extra properties either).
    pub struct Fields<'de> {
        /// Each property's name, in the order sent (borrowed from the
        /// answer when it has no escapes).
        names: Vec<Cow<'de, str>>,
        /// The value of the property with the same index, taken out by the
        /// field that reads it.
        values: Vec<Option<Value>>,
        /// Where the next lookup starts: after the last property taken.
        next: usize,
        error: Option<FieldError>,
    }

    /// Why a struct did not decode: `at `path`: message` when the fault is
    /// inside a field, the plain message when it is the object itself.
    #[derive(Debug)]
    pub struct FieldError(String);

    /// The `Deserialize` of a generated struct: an object read whole, then
    /// `decode` takes its fields (one non-generic function per struct).
    pub fn deserialize<'de, D: Deserializer<'de>, T>(deserializer: D, decode: fn(&mut Fields<'de>) -> Result<T, FieldError>) -> Result<T, D::Error> {
        let (names, values) = deserializer.deserialize_map(Entries)?;
        finish(names, values, decode).map_err(|e| D::Error::custom(e.0))
    }

    /// Reads an object's properties, in order, as JSON values.
    struct Entries;

    impl<'de> serde::de::Visitor<'de> for Entries {
        type Value = (Vec<Cow<'de, str>>, Vec<Option<Value>>);

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            // The size hint comes from the input: bounded so that a lying
            // one cannot make it allocate.
            let capacity = map.size_hint().unwrap_or(0).min(256);
            let (mut names, mut values) = (Vec::with_capacity(capacity), Vec::with_capacity(capacity));
            while let Some(name) = map.next_key_seed(Name)? {
                names.push(name);
                values.push(Some(map.next_value()?));
            }
            Ok((names, values))
        }
    }

    /// A property's name: borrowed from the answer when the deserializer
    /// can lend it, which saves an allocation per property.
    struct Name;

    impl<'de> serde::de::DeserializeSeed<'de> for Name {
        type Value = Cow<'de, str>;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_str(self)
        }
    }

    impl<'de> serde::de::Visitor<'de> for Name {
        type Value = Cow<'de, str>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a property name")
        }

        fn visit_borrowed_str<E: serde::de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(name))
        }

        fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(name.to_owned()))
        }

        fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(name))
        }
    }

    /// The part of [`deserialize`] that does not depend on the
    /// deserializer, compiled once per struct rather than per pair.
    fn finish<'de, T>(names: Vec<Cow<'de, str>>, values: Vec<Option<Value>>, decode: fn(&mut Fields<'de>) -> Result<T, FieldError>) -> Result<T, FieldError> {
        let mut fields = Fields { names, values, next: 0, error: None };
        let decoded = decode(&mut fields);
        match (decoded, fields.error) {
            (Ok(value), None) => Ok(value),
            (Err(e), _) | (Ok(_), Some(e)) => Err(e),
        }
    }

    impl Fields<'_> {
        /// The value of the property `name`, taken out: the first copy
        /// not yet taken, looked for from after the last one taken.
        fn remove(&mut self, name: &str) -> Option<Value> {
            let untaken = |i: &usize| self.names[*i] == name && self.values[*i].is_some();
            let start = self.next.min(self.names.len());
            let found = (start..self.names.len()).find(untaken).or_else(|| (0..start).find(untaken))?;
            self.next = found + 1;
            self.values[found].take()
        }

        /// Keeps the first error and gives `fallback` in the value's place.
        fn or_keep<T>(&mut self, result: Result<T, FieldError>, fallback: T) -> T {
            result.unwrap_or_else(|e| {
                self.error.get_or_insert(e);
                fallback
            })
        }

        /// The error to return now: the first one kept, else `error`.
        fn first(&mut self, error: FieldError) -> FieldError {
            self.error.take().unwrap_or(error)
        }

        /// A field the document requires and does not mark nullable.
        pub fn required<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, FieldError> {
            let result = match self.remove(name) {
                Some(value) => decode(name, value),
                None => Err(FieldError(format!("missing field `{name}`"))),
            };
            result.map_err(|e| self.first(e))
        }

        /// An `Option`: `None` when missing or `null`.
        pub fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Option<T> {
            let result = match self.remove(name) {
                None | Some(Value::Null) => Ok(None),
                Some(value) => decode(name, value).map(Some),
            };
            self.or_keep(result, None)
        }

        /// An optional nullable field: `None` when missing, `Some(None)`
        /// when `null`.
        pub fn double_option<T: DeserializeOwned>(&mut self, name: &str) -> Option<Option<T>> {
            let result = match self.remove(name) {
                None => Ok(None),
                Some(Value::Null) => Ok(Some(None)),
                Some(value) => decode(name, value).map(|v| Some(Some(v))),
            };
            self.or_keep(result, None)
        }

        /// A required list or object: empty when missing or `null`.
        pub fn or_default<T: DeserializeOwned + Default>(&mut self, name: &str) -> T {
            self.optional(name).unwrap_or_default()
        }

        /// A required integer, which may come as a whole-number float.
        pub fn integer(&mut self, name: &str) -> i64 {
            let result = match self.remove(name) {
                Some(value) => integer(name, &value),
                None => Err(FieldError(format!("missing field `{name}`"))),
            };
            self.or_keep(result, 0)
        }

        /// An optional integer: `None` when missing or `null`.
        pub fn optional_integer(&mut self, name: &str) -> Option<i64> {
            let result = match self.remove(name) {
                None | Some(Value::Null) => Ok(None),
                Some(value) => integer(name, &value).map(Some),
            };
            self.or_keep(result, None)
        }

        /// An optional nullable integer.
        pub fn double_option_integer(&mut self, name: &str) -> Option<Option<i64>> {
            let result = match self.remove(name) {
                None => Ok(None),
                Some(Value::Null) => Ok(Some(None)),
                Some(value) => integer(name, &value).map(|v| Some(Some(v))),
            };
            self.or_keep(result, None)
        }

        /// The properties no field took, each decoded as `T`; of a name
        /// sent twice, the first copy.
        pub fn rest<T: DeserializeOwned>(&mut self) -> std::collections::BTreeMap<String, T> {
            let names = std::mem::take(&mut self.names);
            let mut values = std::mem::take(&mut self.values);
            // Usually every property is a field: nothing to look up.
            if values.iter().all(Option::is_none) {
                return std::collections::BTreeMap::new();
            }
            // Names are looked up in a set: an answer with many thousands
            // of unknown properties costs time in proportion to them.
            let mut seen: std::collections::HashSet<&str> = names.iter().zip(&values).filter(|(_, value)| value.is_none()).map(|(name, _)| &**name).collect();
            let mut rest = std::collections::BTreeMap::new();
            for (name, value) in names.iter().zip(&mut values) {
                let Some(value) = value.take() else { continue };
                if !seen.insert(name) {
                    continue;
                }
                if let Some(value) = self.or_keep(decode(name, value).map(Some), None) {
                    rest.insert(name.clone().into_owned(), value);
                }
            }
            rest
        }
    }

    fn integer(name: &str, value: &Value) -> Result<i64, FieldError> {
        tolerant::integer(value).map_err(|e| located(name, "", &e.to_string()))
    }

    fn decode<T: DeserializeOwned>(name: &str, value: Value) -> Result<T, FieldError> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let inside = e.path().to_string();
            located(name, &inside, &e.into_inner().to_string())
        })
    }

    /// `at `name…`: message`, joining the field's name, the path inside
    /// its value, and the path an inner struct's message already starts
    /// with.
    fn located(name: &str, inside: &str, message: &str) -> FieldError {
        let (inner, message) = split(message);
        FieldError(format!("at `{}`: {message}", super::join_path(&[name, inside, inner.unwrap_or("")])))
    }

    /// A message's leading `at `path`: ` as the path and the rest.
    pub(crate) fn split(message: &str) -> (Option<&str>, &str) {
        message
            .strip_prefix("at `")
            .and_then(|rest| rest.split_once("`: "))
            .map_or((None, message), |(path, rest)| (Some(path), rest))
    }
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

    /// Structs as the generator writes them: `Deserialize` through
    /// `object`, one line per field.
    #[derive(Debug, PartialEq)]
    struct Unit {
        id: String,
        floor: Option<i64>,
    }

    impl<'de> Deserialize<'de> for Unit {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object::deserialize(deserializer, |fields| Ok(Unit { id: fields.required("id")?, floor: fields.optional_integer("floor") }))
        }
    }

    #[derive(Debug, PartialEq)]
    struct Building {
        count: i64,
        units: Vec<Unit>,
        note: Option<Option<String>>,
        extra: std::collections::BTreeMap<String, serde_json::Value>,
    }

    impl<'de> Deserialize<'de> for Building {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object::deserialize(deserializer, |fields| {
                Ok(Building { count: fields.integer("count"), units: fields.or_default("units"), note: fields.double_option("note"), extra: fields.rest() })
            })
        }
    }

    #[test]
    fn generated_structs_decode_with_the_same_tolerance_and_keep_unknown_properties() {
        let b: Building = decode_body(br#"{"count": 3.0, "units": [{"id": "u1", "floor": 2.0}, {"id": "u2", "floor": null}], "note": null, "x": [1]}"#).unwrap();
        assert_eq!(b.count, 3);
        assert_eq!(b.units, vec![Unit { id: "u1".into(), floor: Some(2) }, Unit { id: "u2".into(), floor: None }]);
        assert_eq!(b.note, Some(None));
        assert_eq!(b.extra["x"], serde_json::json!([1]));
        let b: Building = decode_body(br#"{"count": 1, "units": null}"#).unwrap();
        assert_eq!((b.units.len(), b.note, b.extra.len()), (0, None, 0));
    }

    #[test]
    fn errors_inside_generated_structs_name_the_whole_path_and_the_value() {
        let e = decode_record::<Building>(r#"{"count": 1, "units": [{"id": "a"}, {"id": "b", "floor": 2.5}]}"#, || "results[4]".to_owned()).unwrap_err();
        assert_eq!(e.path, "results[4].units[1].floor");
        assert_eq!(e.value.as_deref(), Some("2.5"));
        assert!(!e.message.contains("at `") && !e.message.contains("line"), "{}", e.message);
        let e = decode_body::<Building>(br#"{"count": 1, "units": [{"id": null}]}"#).unwrap_err();
        assert_eq!((e.path.as_str(), e.value.as_deref()), ("units[0].id", Some("null")));
        let e = decode_body::<Building>(br#"{"units": []}"#).unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), (".", "missing field `count`"));
        let e = decode_body::<Vec<Building>>(br#"[{"count": 1}, {"count": "many"}]"#).unwrap_err();
        assert_eq!((e.path.as_str(), e.value.as_deref()), ("[1].count", Some("\"many\"")));
        // The first fault in field order is the one reported, whether the
        // later one is in a required field or not.
        let e = decode_body::<Building>(br#"{"count": 0.5, "units": [{"floor": 1}], "note": 7}"#).unwrap_err();
        assert_eq!((e.path.as_str(), e.value.as_deref()), ("count", Some("0.5")));
        let e = decode_body::<Unit>(br#"{"floor": "high"}"#).unwrap_err();
        assert_eq!(e.message, "missing field `id`");
        let e = decode_body::<Building>(br#"{"count": 1, "x": 1, "units": [{"id": "a", "floor": "high"}]}"#).unwrap_err();
        assert_eq!(e.path, "units[0].floor");
        let e = decode_body::<Building>(br#"[1, 2]"#).unwrap_err();
        assert_eq!(e.path, ".");
        // A message that looks like a path from a field's own text is not
        // mistaken for one unless a struct wrote it.
        assert_eq!(object::split("at `a.b`: bad"), (Some("a.b"), "bad"));
        assert_eq!(object::split("at the end"), (None, "at the end"));
    }

    #[test]
    fn paths_through_odd_property_names_and_indices_never_panic() {
        // Property names with the path's own punctuation, an index past
        // `usize` and an unterminated one: the path is reported as it is,
        // the value only where the path still leads to it.
        let doc = serde_json::json!({"a.b": {"c": 1}, "x": [[0, 1]], "k[0]": 2});
        for path in ["a.b.c", "x[0][1]", "x[99999999999999999999999]", "x[0", "k[0]", "", ".", "..", "[", "]"] {
            let _ = lookup(&doc, path);
        }
        assert_eq!(lookup(&doc, "x[0][1]"), Some(&serde_json::json!(1)));
        assert_eq!(lookup(&doc, "x[99999999999999999999999]"), None);
        assert_eq!(join_path(&["results[1]", ".", "", "[2]", "id"]), "results[1][2].id");
        let e = decode_body::<Building>(br#"{"count": 1, "a.b": {"c": 1}, "units": [{"id": "u", "floor": {"deep": [1, 2]}}]}"#).unwrap_err();
        assert_eq!((e.path.as_str(), e.value.as_deref()), ("units[0].floor", Some(r#"{"deep":[1,2]}"#)));
        // A record nested past serde_json's recursion limit is an error for
        // that record, not a stack overflow.
        let deep = format!(r#"{{"count": 1, "x": {}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
        assert!(decode_body::<Building>(deep.as_bytes()).is_err());
    }

    /// Properties in any order, sent twice, or by the tens of thousands
    /// beyond the documented ones.
    #[test]
    fn properties_in_any_order_twice_or_by_the_thousand() {
        let b: Building = decode_body(br#"{"note": "n", "x": 1, "units": [{"floor": 3, "id": "a"}], "count": 2}"#).unwrap();
        assert_eq!((b.count, b.units[0].id.as_str(), b.units[0].floor, b.note), (2, "a", Some(3), Some(Some("n".to_owned()))));
        // The first copy counts, and a later copy of a field is not kept
        // as an extra property; nor is a second copy of an extra one.
        let b: Building = decode_body(br#"{"count": 1, "count": 2.5, "x": 1, "x": 2, "units": []}"#).unwrap();
        assert_eq!(b.count, 1);
        assert_eq!(b.extra.len(), 1);
        assert_eq!(b.extra["x"], serde_json::json!(1));
        // A missing field among many properties, and many unknown ones
        // kept: linear in their number (a quadratic lookup would take
        // minutes here).
        let mut body = String::from(r#"{"units": [], "count": 4"#);
        for i in 0..100_000 {
            body.push_str(&format!(r#", "p{i}": {i}"#));
        }
        body.push('}');
        let b: Building = decode_body(body.as_bytes()).unwrap();
        assert_eq!((b.count, b.extra.len(), b.note), (4, 100_000, None));
        assert_eq!(b.extra["p99999"], serde_json::json!(99_999));
        // Not an object at all.
        let e = decode_body::<Building>(br#""building""#).unwrap_err();
        assert!(e.message.contains("expected a map"), "{}", e.message);
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
