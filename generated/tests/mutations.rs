//! Property test: real payloads (the lead fixture, a page of them, a
//! per-PMS write answer) with type swaps, nulls, missing keys and huge
//! numbers. Decoding never panics, a mutated record fails alone (with a
//! path inside it) or is read, every other record of the page is read,
//! and a write answer always gives its job id.

use propexo::decode::{decode_record, WriteJob};
use propexo::pagination::{PageShape, RawPage};
use propexo::types::{Lead, ListLeadsResponse, UpdateLeadResponse};
use proptest::prelude::*;
use serde_json::{json, Value};

const SHAPE: PageShape = PageShape { results: "results", meta: "meta", has_more: "hasMore", offset: "offset" };

fn lead(i: usize) -> Value {
    let mut lead: Value = serde_json::from_str(include_str!("fixtures/lead.json")).unwrap();
    lead["id"] = json!(format!("lead-{i}"));
    lead
}

/// What a field is replaced with; `None` removes it.
fn replacement() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        any::<bool>().prop_map(|b| Some(json!(b))),
        any::<i64>().prop_map(|n| Some(json!(n))),
        any::<u64>().prop_map(|n| Some(json!(n))),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |f| f.is_finite()).prop_map(|f| Some(json!(f))),
        prop_oneof![Just(1e300), Just(-1e300), Just(2.0), Just(2.5), Just(9.3e18), Just(-0.0)].prop_map(|f| Some(json!(f))),
        ".{0,12}".prop_map(|s| Some(json!(s))),
        Just(Some(json!([]))),
        Just(Some(json!([1, "two", null]))),
        Just(Some(json!({}))),
        Just(Some(json!({"nested": {"deep": [1e300]}}))),
    ]
}

/// (record, field index, replacement) triples.
fn mutations() -> impl Strategy<Value = Vec<(usize, usize, Option<Value>)>> {
    proptest::collection::vec((0usize..5, 0usize..64, replacement()), 1..6)
}

fn apply(record: &mut Value, field: usize, with: &Option<Value>) {
    let object = record.as_object_mut().unwrap();
    let key = object.keys().nth(field % object.len()).unwrap().clone();
    match with {
        Some(value) => object.insert(key, value.clone()),
        None => object.remove(&key),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_record_never_costs_the_others(changes in mutations()) {
        let mut records: Vec<Value> = (0..5).map(lead).collect();
        for (record, field, with) in &changes {
            apply(&mut records[*record], *field, with);
        }
        let body = serde_json::to_vec(&json!({"meta": {"orderBy": [], "hasMore": true}, "results": records})).unwrap();
        let page = RawPage::parse(&body, SHAPE).unwrap();
        prop_assert_eq!(page.records.len(), 5);
        prop_assert_eq!(page.has_more, Some(true));
        for (index, raw) in page.records.iter().enumerate() {
            let decoded = decode_record::<Lead>(raw.get(), || format!("results[{index}]"));
            let touched = changes.iter().any(|(record, _, _)| *record == index);
            match decoded {
                Ok(lead) => {
                    let expected = format!("lead-{index}");
                    prop_assert!(touched || lead.id == expected);
                }
                Err(e) => {
                    prop_assert!(touched, "an untouched record failed: {}", e);
                    prop_assert!(e.path.starts_with(&format!("results[{index}]")), "{}", e.path);
                    prop_assert!(e.value.as_ref().is_none_or(|v| v.len() <= 204), "{:?}", e.value);
                }
            }
        }
        // The whole page as one value: an error or a page, never a panic.
        let _ = serde_json::from_slice::<ListLeadsResponse>(&body);
    }

    #[test]
    fn a_mutated_write_answer_keeps_its_job_id(changes in mutations(), shape in 0usize..2) {
        let mut result = lead(0);
        for (_, field, with) in &changes {
            apply(&mut result, *field, with);
        }
        let body = if shape == 0 {
            json!({"meta": {"job_id": "job-1"}, "result": result})
        } else {
            json!({"job_id": "job-1", "data": result})
        };
        let job: WriteJob<UpdateLeadResponse> = serde_json::from_value(body).unwrap();
        prop_assert_eq!(job.job_id, "job-1");
    }

    #[test]
    fn arbitrary_bytes_are_an_error_not_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = RawPage::parse(&bytes, SHAPE);
        let _ = serde_json::from_slice::<WriteJob<UpdateLeadResponse>>(&bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = decode_record::<Lead>(text, || "results[0]".to_owned());
        }
    }
}
