//! How the loading stages split work across threads (parsing a document
//! in runs, lowering, reading into `openapiv3`): a list of parts, each
//! handled on its own by the same function, the results given back in
//! the parts' order, so that a split stage gives what it gives on one
//! thread (diagnostics included). Emit has its own queue of jobs, each
//! thread keeping a buffer from one job to the next.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many threads a stage that splits its work uses: the machine's
/// cores, at most 4 (past that the parts are too small to gain).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// How long each part of `len` entries is when they are split for
/// `threads` threads: several parts per thread, so that a thread that
/// drew light entries takes more parts instead of waiting for the other
/// (entries differ a hundredfold in size).
pub fn part_len(len: usize, threads: usize) -> usize {
    const PARTS_PER_THREAD: usize = 8;
    len.div_ceil(threads.max(1) * PARTS_PER_THREAD).max(1)
}

/// `job` on every part, on up to `threads` threads (this one and helpers
/// with the pipeline's stack: parts nest as deep as the input), results in
/// the parts' order. A helper that cannot start leaves its share to the
/// others; a panicking part is passed on.
pub fn map<P: Send, T: Send>(parts: Vec<P>, threads: usize, job: impl Fn(P) -> T + Sync) -> Vec<T> {
    if threads <= 1 || parts.len() <= 1 {
        return parts.into_iter().map(job).collect();
    }
    let parts: Vec<Mutex<Option<P>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let results: Vec<Mutex<Option<T>>> = parts.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    // Each thread takes the next part not yet taken until none is left.
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(slot) = parts.get(index) else {
            return;
        };
        if let Some(part) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let done = job(part);
            *results[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(parts.len()))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(crate::STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        work();
        for helper in helpers {
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner()))
        .map(|r| r.expect("every part is handled once the threads are joined"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parts are never empty, cover every entry, and number at most eight
    /// per thread, whatever the count: none, fewer than the parts, many,
    /// or no threads at all.
    #[test]
    fn parts_cover_every_entry_and_are_never_empty() {
        for len in [0, 1, 7, 16, 17, 1000, 123_457] {
            for threads in [0, 1, 2, 3, 4] {
                let part = part_len(len, threads);
                assert!(part >= 1, "{len} {threads}");
                let parts = len.div_ceil(part);
                assert!(
                    parts <= threads.max(1) * 8,
                    "{len} {threads}: {parts} parts"
                );
                assert!(parts * part >= len, "{len} {threads}");
            }
        }
        // Enough entries are cut into every part a thread may take.
        assert_eq!(1000usize.div_ceil(part_len(1000, 2)), 16);
    }

    /// Results come in the parts' order whatever the threads, with more
    /// threads than parts, and with none to split.
    #[test]
    fn results_keep_the_parts_order() {
        for threads in [1, 2, 3, 8] {
            let parts: Vec<usize> = (0..100).collect();
            let squares = map(parts, threads, |n| {
                // Uneven work, so that parts finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((n % 7) as u64 * 50));
                n * n
            });
            assert_eq!(
                squares,
                (0..100).map(|n| n * n).collect::<Vec<_>>(),
                "{threads}"
            );
        }
        assert!(map(Vec::<u8>::new(), 4, |n| n).is_empty());
        assert_eq!(map(vec![7], 4, |n| n + 1), [8]);
    }

    /// A part that panics (a generator bug) fails the stage, not silently.
    #[test]
    fn a_panicking_part_is_passed_on() {
        let result = std::panic::catch_unwind(|| {
            map((0..20).collect(), 3, |n: i32| {
                assert!(n != 13, "part 13");
                n
            })
        });
        assert!(result.is_err());
    }
}
