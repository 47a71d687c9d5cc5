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
//! ```no_run
//! use propexo::pagination::StreamExt;
//! # async fn example(client: propexo::Client) -> Result<(), propexo::Error<propexo::types::ErrorResponse>> {
//! let mut params = propexo::types::ListLeadsParams::new();
//! params.limit = Some(100);
//! let mut leads = std::pin::pin!(propexo::leads::list_stream(&client, &params).take(250));
//! while let Some(lead) = leads.next().await {
//!     println!("{}", lead?.id);
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::VecDeque;
use std::future::Future;

pub use futures_util::stream::{Stream, StreamExt};

use crate::Error;

/// Query parameters of a list operation.
pub trait PageParams: Clone {
    /// Where the next page starts.
    fn offset(&self) -> Option<i64>;
    /// Moves to another page.
    fn set_offset(&mut self, offset: i64);
}

/// One page of a list.
pub trait Page {
    /// The listed type.
    type Item;
    /// The page's items and its `hasMore` flag.
    fn into_parts(self) -> (Vec<Self::Item>, Option<bool>);
}

struct State<P, T, F> {
    params: P,
    buffer: VecDeque<T>,
    done: bool,
    fetch: F,
}

/// The items of all pages from `params` on, fetching each with `fetch`.
/// An error ends the stream after it is yielded.
pub fn paginate<P, G, E, F, Fut>(params: P, fetch: F) -> impl Stream<Item = Result<G::Item, Error<E>>>
where
    P: PageParams,
    G: Page,
    F: FnMut(P) -> Fut,
    Fut: Future<Output = Result<G, Error<E>>>,
{
    let state = State {
        params,
        buffer: VecDeque::new(),
        done: false,
        fetch,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            match (state.fetch)(state.params.clone()).await {
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
                Ok(page) => {
                    let (items, has_more) = page.into_parts();
                    if items.is_empty() || has_more != Some(true) {
                        state.done = true;
                    }
                    let next = state.params.offset().unwrap_or(0) + items.len() as i64;
                    state.params.set_offset(next);
                    state.buffer.extend(items);
                }
            }
        }
    })
}
