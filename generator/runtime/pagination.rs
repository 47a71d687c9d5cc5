//! Lists as streams of items.
//!
//! Every list operation (`offset`/`limit` query parameters, an answer with
//! `meta.hasMore` and a `results` array) has a `…_stream` function beside
//! the one that fetches a single page. The stream fetches pages lazily,
//! only as items are consumed, starting at the caller's `offset` with the
//! caller's `limit` as page size, and stops when `hasMore` is not true or a
//! page comes back empty. Bound the total with [`StreamExt::take`]: no page
//! beyond the ones needed is fetched.
//!
//! Each record is decoded on its own: one that does not decode is an
//! [`Error::Record`] item (with its JSON path, the offending value and the
//! whole record) and the stream goes on with the next one. A failed page
//! request ends the stream after its error. So does a server that makes
//! no progress: a page identical to one already seen, or reporting an
//! offset (`meta.offset`) it reported before, is an [`Error::Pagination`], as is reaching the client's page cap
//! ([`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)) while
//! the list has more, or an offset that would overflow.
//!
//! The example reads any list's stream (it names no resource, so it
//! holds in every generated crate):
//!
//! ```no_run
//! use propexo::pagination::{Stream, StreamExt};
//!
//! /// Prints the first 250 records of a list, e.g. of
//! /// `propexo::leads::list_stream(&client, &params)`.
//! async fn first_250<T: std::fmt::Debug>(
//!     records: impl Stream<Item = propexo::Result<T>>,
//! ) -> propexo::Result<()> {
//!     let mut records = std::pin::pin!(records.take(250));
//!     while let Some(record) = records.next().await {
//!         match record {
//!             Ok(record) => println!("{record:?}"),
//!             Err(propexo::Error::Record { error, record, .. }) => eprintln!("skipped {error}: {record}"),
//!             Err(other) => return Err(other),
//!         }
//!     }
//!     Ok(())
//! }
//! ```

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};

pub use futures_util::stream::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::client::{Client, Request};
use crate::error::DecodeError;
use crate::Error;

/// Query parameters of a list operation.
pub trait PageParams: Clone {
    /// Where the next page starts.
    fn offset(&self) -> Option<i64>;
    /// Moves to another page.
    fn set_offset(&mut self, offset: i64);
}

/// Where a page keeps its parts, by JSON name (from the document).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct PageShape {
    /// The array of records (`results`).
    pub results: &'static str,
    /// The object with the flag (`meta`).
    pub meta: &'static str,
    /// The flag that says more pages follow (`hasMore`).
    pub has_more: &'static str,
    /// Where the page says which offset it starts at (`offset`: the name
    /// of the query parameter).
    pub offset: &'static str,
}

/// A page with its records still undecoded.
#[doc(hidden)]
#[derive(Debug)]
pub struct RawPage {
    /// Each record's JSON text.
    pub records: Vec<Box<RawValue>>,
    /// `meta.hasMore`, when the page says (`null` or absent: `None`).
    pub has_more: Option<bool>,
    /// `meta.offset`, when the page says.
    pub offset: Option<i64>,
    /// A hash of the records, to recognize a page seen before.
    pub fingerprint: u64,
}

impl RawPage {
    /// Splits a page body into records without decoding them. A missing
    /// or `null` records array is an empty page.
    pub fn parse(body: &[u8], shape: PageShape) -> Result<RawPage, DecodeError> {
        let fields: HashMap<String, &RawValue> = decode_at(body, ".")?;
        let results = fields.get(shape.results).map(|raw| raw.get()).unwrap_or("null");
        let records: Option<Vec<Box<RawValue>>> = decode_at(results.as_bytes(), shape.results)?;
        let mut hasher = DefaultHasher::new();
        results.hash(&mut hasher);
        let meta = fields
            .get(shape.meta)
            .and_then(|meta| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(meta.get()).ok())
            .unwrap_or_default();
        let has_more = match meta.get(shape.has_more) {
            Some(serde_json::Value::Bool(flag)) => Some(*flag),
            Some(serde_json::Value::String(text)) => text.parse().ok(),
            _ => None,
        };
        let offset = meta.get(shape.offset).and_then(serde_json::Value::as_i64);
        Ok(RawPage {
            records: records.unwrap_or_default(),
            has_more,
            offset,
            fingerprint: hasher.finish(),
        })
    }
}

fn decode_at<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8], path: &str) -> Result<T, DecodeError> {
    serde_json::from_slice(bytes).map_err(|e| DecodeError {
        path: path.to_owned(),
        message: e.to_string(),
        value: None,
    })
}

struct State<'a, P, F> {
    client: &'a Client,
    shape: PageShape,
    request: F,
    params: P,
    operation: &'static str,
    /// Undecoded records of the current page: position in the list, index
    /// in the page, text.
    buffer: VecDeque<(i64, usize, Box<RawValue>)>,
    pages: u64,
    /// Fingerprints of the pages so far, and the offsets they reported.
    seen: HashSet<u64>,
    seen_offsets: HashSet<i64>,
    done: bool,
}

/// The items of all pages from `params` on, each page requested as
/// `request` builds it and split as `shape` says.
#[doc(hidden)]
pub fn paginate<'a, P, T, F>(client: &'a Client, params: P, shape: PageShape, request: F) -> impl Stream<Item = Result<T, Error>> + 'a
where
    P: PageParams + 'a,
    T: DeserializeOwned + 'a,
    F: FnMut(&P) -> Request + 'a,
{
    let state = State {
        client,
        shape,
        request,
        params,
        operation: "",
        buffer: VecDeque::new(),
        pages: 0,
        seen: HashSet::new(),
        seen_offsets: HashSet::new(),
        done: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some((position, index, record)) = state.buffer.pop_front() {
                let item = crate::decode::decode_record::<T>(record.get(), || format!("{}[{index}]", state.shape.results)).map_err(|error| Error::Record {
                    operation: state.operation,
                    position,
                    error: Box::new(state.client.scrub_decode_error(error)),
                    record: state.client.scrub_text(record.get()),
                });
                return Some((item, state));
            }
            if state.done {
                return None;
            }
            match next_page(&mut state).await {
                Ok(()) => {}
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
            }
        }
    })
}

/// Fetches the next page into the buffer and moves the offset past it.
async fn next_page<P: PageParams, F: FnMut(&P) -> Request>(state: &mut State<'_, P, F>) -> Result<(), Error> {
    let request = (state.request)(&state.params);
    state.operation = request.operation;
    let operation = state.operation;
    let stop = |reason: String| Error::Pagination { operation, reason };
    if state.client.max_pages().is_some_and(|cap| state.pages >= cap) {
        return Err(stop(format!("stopped after {} pages (the client's page cap); the list has more", state.pages)));
    }
    state.pages = state.pages.saturating_add(1);
    let (status, body) = state.client.exchange(request).await?;
    let page = RawPage::parse(&body, state.shape).map_err(|error| state.client.decode_error(operation, status, &body, error))?;
    let offset = state.params.offset().unwrap_or(0);
    if page.records.is_empty() || page.has_more != Some(true) {
        state.done = true;
    } else if !state.seen.insert(page.fingerprint) {
        return Err(stop(format!("the server sent a page it had sent before (at offset {offset}): it makes no progress")));
    } else if page.offset.is_some_and(|reported| !state.seen_offsets.insert(reported)) {
        let reported = page.offset.unwrap_or_default();
        return Err(stop(format!("the server reported offset {reported} again for offset {offset}: it makes no progress")));
    }
    let count = i64::try_from(page.records.len()).unwrap_or(i64::MAX);
    match offset.checked_add(count) {
        Some(next) => state.params.set_offset(next),
        None if state.done => {}
        None => return Err(stop(format!("the offset after {offset} does not fit in an i64"))),
    }
    for (index, record) in page.records.into_iter().enumerate() {
        let position = offset.saturating_add(i64::try_from(index).unwrap_or(i64::MAX));
        state.buffer.push_back((position, index, record));
    }
    Ok(())
}
