//! Decoding a realistic 250-lead page: the typed path a list stream takes
//! (the page split into raw records, each record decoded on its own with
//! the crate's tolerance) against decoding the same page into
//! `serde_json::Value`, in the same run. Prints the ratio; exits non-zero
//! when typed decoding costs more than `Value` (ratio > 1.0).
//!
//! `cargo bench -p propexo --bench decode`

use std::hint::black_box;
use std::time::{Duration, Instant};

use propexo::pagination::{PageShape, RawPage};
use propexo::types::Lead;

const SHAPE: PageShape = PageShape { results: "results", meta: "meta", has_more: "hasMore", offset: "offset" };

/// 250 leads made from the fixture, each with its own id and values, so
/// the page is as varied as a real one.
fn page() -> Vec<u8> {
    let template: serde_json::Value = serde_json::from_str(include_str!("../tests/fixtures/lead.json")).unwrap();
    let results: Vec<serde_json::Value> = (0..250)
        .map(|i| {
            let mut lead = template.clone();
            lead["id"] = format!("cl_lead_{i:06}").into();
            lead["first_name"] = format!("Name{i}").into();
            lead["desired_num_bedrooms"] = (i % 5).into();
            lead["desired_max_rent_in_cents"] = (200_000 + i * 100).into();
            lead["notes"] = format!("Prefers a ground floor unit, note {i}").into();
            lead
        })
        .collect();
    let page = serde_json::json!({"meta": {"offset": 0, "limit": 250, "orderBy": [], "hasMore": true, "total": 10_000}, "results": results});
    serde_json::to_vec(&page).unwrap()
}

fn typed(body: &[u8]) -> usize {
    let page = RawPage::parse(body, SHAPE).unwrap();
    let mut decoded = 0;
    for (index, record) in page.records.iter().enumerate() {
        let lead: Lead = propexo::decode::decode_record(record.get(), || format!("results[{index}]")).unwrap();
        decoded += black_box(&lead).id.len();
    }
    decoded
}

fn value(body: &[u8]) -> usize {
    let page: serde_json::Value = serde_json::from_slice(body).unwrap();
    black_box(&page)["results"].as_array().map(Vec::len).unwrap_or_default()
}

/// The best of `rounds` timings of `iterations` runs: the least disturbed
/// by other work on the machine.
fn best(rounds: usize, iterations: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..iterations {
                f();
            }
            started.elapsed() / iterations as u32
        })
        .min()
        .unwrap()
}

fn main() {
    let body = page();
    assert!(typed(&body) > 0 && value(&body) == 250);
    // Interleave the two so that both see the same machine load.
    let mut typed_best = Duration::MAX;
    let mut value_best = Duration::MAX;
    for _ in 0..5 {
        typed_best = typed_best.min(best(3, 20, || {
            black_box(typed(black_box(&body)));
        }));
        value_best = value_best.min(best(3, 20, || {
            black_box(value(black_box(&body)));
        }));
    }
    let ratio = typed_best.as_secs_f64() / value_best.as_secs_f64();
    println!("page of 250 leads, {} KiB", body.len() / 1024);
    println!("typed (per-record, tolerant): {typed_best:?}");
    println!("serde_json::Value:            {value_best:?}");
    println!("ratio typed / Value: {ratio:.2} (target <= 1.0)");
    if ratio > 1.0 {
        std::process::exit(1);
    }
}
