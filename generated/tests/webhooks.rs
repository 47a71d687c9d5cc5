//! The receive side of webhooks: the signature check against RFC 4231's
//! HMAC-SHA256 vectors and hostile headers, and parsing of deliveries built
//! from the examples in Propexo's documentation (fern/docs/pages/webhooks/
//! how.mdx, sync-complete.mdx, getting-started/design.mdx).

use propexo::types::{CreateWebhookTrigger, IntegrationVendor, UpdateWebhookTrigger};
use propexo::webhooks::{decode_record, sign, verify, Event, VerifyError, WebhookSecret};
use serde_json::json;

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// RFC 4231 section 4: HMAC-SHA-256 test cases 1 to 4, 6 and 7 (key, data,
/// MAC).
fn rfc4231_vectors() -> Vec<(Vec<u8>, Vec<u8>, &'static str)> {
    let mut key4 = Vec::new();
    key4.extend(1u8..=25);
    vec![
        (
            vec![0x0b; 20],
            b"Hi There".to_vec(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            vec![0xaa; 20],
            vec![0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            key4,
            vec![0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        (
            vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ]
}

#[test]
fn rfc_4231_vectors_sign_and_verify() {
    for (key, data, mac) in rfc4231_vectors() {
        assert_eq!(sign(&key, &data), mac);
        assert_eq!(verify(&key, Some(mac), &data), Ok(()));
        assert_eq!(verify(&key, Some(mac.to_uppercase()), &data), Ok(()));
        assert_eq!(verify(&key, Some(format!(" {mac}\t")), &data), Ok(()));
        let mut other = data.clone();
        other.push(0);
        assert_eq!(verify(&key, Some(mac), &other), Err(VerifyError::Mismatch));
        // The MAC's bytes, and the key used the other way round, are not it.
        assert_eq!(verify(&key, Some(unhex(mac)), &data), Err(VerifyError::MalformedSignature));
        assert_eq!(verify(&data, Some(mac), &key), Err(VerifyError::Mismatch));
    }
}

#[test]
fn a_truncated_mac_is_refused_not_compared_as_a_prefix() {
    // RFC 4231 test case 5: a MAC truncated to 128 bits.
    let (key, data, truncated) = (vec![0x0c; 20], b"Test With Truncation", "a3b6167473100ee06e0c796c2955552b");
    assert!(sign(&key, data).starts_with(truncated));
    assert_eq!(verify(&key, Some(truncated), data), Err(VerifyError::MalformedSignature));
}

#[test]
fn each_bad_header_has_its_own_error() {
    let body = br#"{"integration_id":"int_1"}"#;
    let good = sign("whsec_test", body);
    let cases: Vec<(Option<String>, VerifyError)> = vec![
        (None, VerifyError::MissingSignature),
        (Some(String::new()), VerifyError::MissingSignature),
        (Some("   ".into()), VerifyError::MissingSignature),
        (Some(format!("sha256={good}")), VerifyError::MalformedSignature),
        (Some(good[..63].into()), VerifyError::MalformedSignature),
        (Some(format!("{good}0")), VerifyError::MalformedSignature),
        (Some(format!("{good}{good}")), VerifyError::MalformedSignature),
        (Some(format!("{}zz", &good[..62])), VerifyError::MalformedSignature),
        (Some(format!("{},{good}", &good)), VerifyError::MalformedSignature),
        (Some("é".repeat(32)), VerifyError::MalformedSignature),
        (Some("0".repeat(64)), VerifyError::Mismatch),
        (Some(sign("whsec_other", body)), VerifyError::Mismatch),
    ];
    for (header, expected) in cases {
        assert_eq!(verify("whsec_test", header.as_deref(), body), Err(expected), "{header:?}");
    }
    // Every single-bit change of the signature or the body is caught.
    let sig = unhex(&good);
    for bit in 0..256 {
        let mut flipped = sig.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        let flipped: String = flipped.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(verify("whsec_test", Some(flipped), body), Err(VerifyError::Mismatch));
    }
    for bit in 0..body.len() * 8 {
        let mut tampered = body.to_vec();
        tampered[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(verify("whsec_test", Some(&good), &tampered), Err(VerifyError::Mismatch));
    }
    assert_eq!(verify("whsec_test", Some(&good), b""), Err(VerifyError::Mismatch));
}

#[test]
fn an_empty_secret_is_refused_even_with_its_own_signature() {
    let body = b"{}";
    let forged = sign("", body);
    assert_eq!(verify("", Some(forged.as_str()), body), Err(VerifyError::EmptySecret));
    assert_eq!(verify(WebhookSecret::new(""), Some(forged.as_str()), body), Err(VerifyError::EmptySecret));
}

#[test]
fn secrets_come_as_str_string_bytes_or_webhook_secret() {
    let body = b"{\"a\":1}";
    let sig = sign("s3cret", body);
    assert_eq!(verify("s3cret", Some(&sig), body), Ok(()));
    assert_eq!(verify(String::from("s3cret"), Some(&sig), body), Ok(()));
    assert_eq!(verify(b"s3cret", Some(&sig), body), Ok(()));
    let owned: Vec<u8> = b"s3cret".into();
    assert_eq!(verify(owned, Some(sig.as_bytes()), body), Ok(()));
    assert_eq!(verify(WebhookSecret::from("s3cret"), Some(&sig), body), Ok(()));
    let secret = WebhookSecret::new(b"s3cret".to_vec());
    assert_eq!(verify(&secret, Some(&sig), body), Ok(()));
}

#[test]
fn nothing_shows_the_secret_or_the_expected_signature() {
    let secret = WebhookSecret::new("whsec_do_not_print");
    assert_eq!(format!("{secret:?}"), "WebhookSecret(<redacted>)");
    let body = b"{\"record_id\":\"x\"}";
    let expected = sign(&secret, body);
    let errors = [
        verify(&secret, Some("0".repeat(64)), body).unwrap_err(),
        verify(&secret, Some("nothex"), body).unwrap_err(),
        verify(&secret, None::<&str>, body).unwrap_err(),
    ];
    for error in errors {
        for text in [format!("{error}"), format!("{error:?}")] {
            assert!(!text.contains(&expected) && !text.contains(&expected[..16]), "{text}");
            assert!(!text.contains("whsec_do_not_print"), "{text}");
        }
    }
}

/// The data event of how.mdx ("Example webhook sent from Propexo"), as
/// JSON: the page's example has a trailing comma after `integration_id`.
const DATA_UPDATE_FROM_DOCS: &str = r#"{
    "meta": {
        "object": "leases",
        "integration_id": "cuid_1234567890"
    },
    "record_id": "cuid_1234567890",
    "diff": {
        "previous": { "status": "pending" },
        "new": { "status": "approved" }
    }
}"#;

#[derive(Debug, serde::Deserialize, PartialEq)]
struct LeaseStatus {
    status: Option<String>,
}

#[test]
fn data_update_from_the_docs_parses_with_its_diff() {
    let Event::DataUpdate(change) = Event::parse("DATA_UPDATE", DATA_UPDATE_FROM_DOCS.as_bytes()).unwrap() else {
        panic!("not a data update");
    };
    assert_eq!(change.meta.object, "leases");
    assert_eq!(change.meta.integration_id, "cuid_1234567890");
    assert_eq!(change.record_id, "cuid_1234567890");
    let diff = change.diff.unwrap();
    let previous = diff.previous.flatten().unwrap();
    let new = diff.new.flatten().unwrap();
    assert_eq!(decode_record::<LeaseStatus>(&previous).unwrap().status.as_deref(), Some("pending"));
    assert_eq!(decode_record::<LeaseStatus>(&new).unwrap().status.as_deref(), Some("approved"));
    // A diff holds only the changed fields: not a whole lease.
    assert!(decode_record::<propexo::types::Lease>(&new).is_err());
}

#[test]
fn the_docs_literal_example_with_its_trailing_comma_is_not_json() {
    let literal = DATA_UPDATE_FROM_DOCS.replace(
        r#""integration_id": "cuid_1234567890"
    }"#,
        r#""integration_id": "cuid_1234567890",
    }"#,
    );
    assert_ne!(literal, DATA_UPDATE_FROM_DOCS);
    let err = Event::parse("DATA_UPDATE", literal.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("not JSON"), "{err}");
}

#[test]
fn real_payloads_carry_more_and_nothing_is_lost() {
    // "a simplified payload ... not intended to represent a complete
    // webhook payload": extra fields at every level are kept.
    let body = json!({
        "meta": {"object": "residents", "integration_id": "int_9", "property_id": "p_1"},
        "record_id": "res_1",
        "diff": {"previous": null, "new": {"first_name": "Ana"}, "changed_keys": ["first_name"]},
        "created_at": "2026-01-01T00:00:00Z"
    });
    let bytes = serde_json::to_vec(&body).unwrap();
    let Event::DataNew(event) = Event::parse("DATA_NEW", &bytes).unwrap() else {
        panic!("not a new record");
    };
    assert_eq!(event.meta.additional_properties["property_id"], "p_1");
    assert_eq!(event.additional_properties["created_at"], "2026-01-01T00:00:00Z");
    let diff = event.diff.clone().unwrap();
    assert_eq!(diff.previous, Some(None));
    assert_eq!(diff.additional_properties["changed_keys"], json!(["first_name"]));
    // Payloads are received: `Serialize` (to queue an event, say) comes
    // with the `serialize` feature, and gives back what was sent.
    #[cfg(feature = "serialize")]
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
    #[cfg(not(feature = "serialize"))]
    let _ = body;
}

/// sync-complete.mdx, "SYNC_COMPLETE payload", with values.
const SYNC_COMPLETE_FROM_DOCS: &str = r#"{
    "integration_id": "cly301lrc000009jvbp6vaz7i",
    "successful_job_count": 42,
    "failed_job_count": 3,
    "is_sync_finished": false,
    "vendor": "ENTRATA"
}"#;

#[test]
fn sync_complete_and_first_sync_complete_from_the_docs() {
    let event = Event::parse("SYNC_COMPLETE", SYNC_COMPLETE_FROM_DOCS.as_bytes()).unwrap();
    assert_eq!(event.trigger(), Some("SYNC_COMPLETE"));
    let Event::SyncComplete(sync) = event else { panic!("not a sync") };
    assert_eq!((sync.successful_job_count, sync.failed_job_count), (42, 3));
    assert!(!sync.is_sync_finished);
    assert_eq!(sync.vendor, IntegrationVendor::Entrata);
    // Same shape, other trigger: the receiver's trigger decides.
    let event = Event::parse("FIRST_SYNC_COMPLETE", SYNC_COMPLETE_FROM_DOCS.as_bytes()).unwrap();
    assert!(matches!(event, Event::FirstSyncComplete(_)));
    // A vendor added after this crate was generated is kept.
    let body = SYNC_COMPLETE_FROM_DOCS.replace("ENTRATA", "APPFOLIO");
    let Event::SyncComplete(sync) = Event::parse("SYNC_COMPLETE", body.as_bytes()).unwrap() else {
        panic!("not a sync")
    };
    assert_eq!(sync.vendor, IntegrationVendor::Unrecognized("APPFOLIO".into()));
}

/// design.mdx ("Completion Notification"): the example in an envelope.
const FIRST_SYNC_IN_ENVELOPE: &str = r#"{
    "trigger": "FIRST_SYNC_COMPLETE",
    "data": {
        "event": "FIRST_SYNC_COMPLETE",
        "integration_id": "cly301lrc000009jvbp6vaz7i",
        "vendor": "PROPERTYWARE",
        "successful_job_count": 5,
        "failed_job_count": 0,
        "is_sync_finished": true
    }
}"#;

#[test]
fn an_envelope_names_its_own_trigger() {
    for named in ["FIRST_SYNC_COMPLETE", "SYNC_COMPLETE", "DATA_NEW"] {
        let Event::FirstSyncComplete(sync) = Event::parse(named, FIRST_SYNC_IN_ENVELOPE.as_bytes()).unwrap() else {
            panic!("the envelope's trigger did not win over {named}");
        };
        assert_eq!(sync.vendor, IntegrationVendor::Propertyware);
        assert_eq!(sync.additional_properties["event"], "FIRST_SYNC_COMPLETE");
    }
    // Other keys of the envelope join the payload...
    let mut body: serde_json::Value = serde_json::from_str(FIRST_SYNC_IN_ENVELOPE).unwrap();
    body["sent_at"] = json!("2026-01-01T00:00:00Z");
    let Event::FirstSyncComplete(sync) = Event::parse("SYNC_COMPLETE", body.to_string().as_bytes()).unwrap() else {
        panic!("not unwrapped");
    };
    assert_eq!(sync.additional_properties["sent_at"], "2026-01-01T00:00:00Z");
    // ...unless `data` has the same key: then nothing is unwrapped (or
    // dropped), and the whole body is kept.
    body["integration_id"] = json!("another");
    let Event::Unknown(unknown) = Event::parse("FIRST_SYNC_COMPLETE", body.to_string().as_bytes()).unwrap() else {
        panic!("a colliding envelope became a typed event");
    };
    assert_eq!(unknown.payload(), &body);
}

/// A `DATA_UPDATE` delivery as Propexo's OpenAPI document of 2024-03-19 to
/// 2024-08-08 described them (`webhooks./.post`): an envelope with `meta`
/// beside `data`.
const DATA_UPDATE_2024: &str = r#"{
    "trigger": "DATA_UPDATE",
    "data": {
        "job_id": "job_2", "root_job_id": "job_1", "integration_id": "int_1",
        "job_type": "READ", "vendor": "RESMAN", "event": "DATA_UPDATE",
        "record_id": "lease_1", "object": "leases",
        "diff": {"previous": {"status": "pending"}, "new": {"status": "approved"}},
        "context": {}
    },
    "meta": {"object": "leases", "integration_id": "int_1"}
}"#;

#[test]
fn a_2024_envelope_needs_no_named_trigger_and_keeps_every_field() {
    for named in ["DATA_UPDATE", "DATA_NEW", "NOT_A_TRIGGER"] {
        let Event::DataUpdate(change) = Event::parse(named, DATA_UPDATE_2024.as_bytes()).unwrap() else {
            panic!("{named}");
        };
        assert_eq!((change.meta.object.as_str(), change.record_id.as_str()), ("leases", "lease_1"));
        assert_eq!((change.job_id.as_deref(), change.root_job_id.as_deref()), (Some("job_2"), Some("job_1")));
        assert_eq!(change.additional_properties["vendor"], "RESMAN");
        let new = change.diff.unwrap().new.flatten().unwrap();
        assert_eq!(decode_record::<LeaseStatus>(&new).unwrap().status.as_deref(), Some("approved"));
    }
}

#[test]
fn job_events_from_the_2024_document() {
    let body = br#"{"trigger":"JOB_FAILURE","data":{"job_id":"j2","root_job_id":"j1","integration_id":"i1","job_type":"WRITE","vendor":"APPFOLIO","event":"JOB_FAILURE","error":"PMS timeout"}}"#;
    let Event::JobFailure(job) = Event::parse("JOB_SUCCESS", body).unwrap() else { panic!() };
    assert_eq!((job.job_id.as_str(), job.root_job_id.as_str()), ("j2", "j1"));
    assert_eq!(job.vendor, Some(IntegrationVendor::Unrecognized("APPFOLIO".into())));
    assert_eq!(job.additional_properties["error"], "PMS timeout");
}

#[test]
fn unknown_triggers_and_shapes_are_kept_as_sent() {
    let body = br#"{"lease_id":"l_1","signed":true}"#;
    let Event::Unknown(unknown) = Event::parse("LEASE_SIGNED", body).unwrap() else { panic!() };
    assert_eq!(unknown.trigger(), Some("LEASE_SIGNED"));
    assert_eq!(unknown.payload(), &json!({"lease_id": "l_1", "signed": true}));
    assert!(unknown.reason().contains("LEASE_SIGNED"));

    // A known trigger whose body lacks a documented field.
    let Event::Unknown(unknown) = Event::parse("SYNC_COMPLETE", br#"{"integration_id":"i"}"#).unwrap() else {
        panic!()
    };
    assert!(unknown.reason().contains("successful_job_count"), "{}", unknown.reason());
    assert_eq!(unknown.trigger(), Some("SYNC_COMPLETE"));

    // A documented field of the wrong type.
    let body = br#"{"meta":[],"record_id":"r"}"#;
    assert!(matches!(Event::parse("DATA_NEW", body).unwrap(), Event::Unknown(_)));

    // JSON that is not an object fits no trigger, and is kept.
    for trigger in Event::TRIGGERS.iter().copied().chain(["", "x"]) {
        for body in ["[]", "null", "\"DATA_NEW\"", "12"] {
            let Event::Unknown(unknown) = Event::parse(trigger, body.as_bytes()).unwrap() else {
                panic!("{trigger} {body} became a typed event");
            };
            assert_eq!(unknown.payload(), &serde_json::from_str::<serde_json::Value>(body).unwrap());
        }
    }
}

#[test]
fn write_operation_failure_is_undocumented_and_kept_whole() {
    let body = br#"{"root_job_id":"job_1","errors":[{"message":"PMS timeout"}]}"#;
    let Event::WriteOperationFailure(payload) = Event::parse("WRITE_OPERATION_FAILURE", body).unwrap() else {
        panic!()
    };
    assert_eq!(payload["errors"][0]["message"], "PMS timeout");
    // A job event without the job's ids is not a job event.
    let Event::Unknown(unknown) = Event::parse("JOB_SUCCESS", body).unwrap() else { panic!() };
    assert!(unknown.reason().contains("job_id"), "{}", unknown.reason());
}

#[test]
fn bodies_that_are_not_json_fail_without_panicking() {
    let deep = "[".repeat(100_000);
    for body in [&b""[..], b"{", b"\xff\xfe", b"{\"a\":1}trailing", deep.as_bytes(), b"\0"] {
        assert!(Event::parse("DATA_NEW", body).is_err(), "{:?}", String::from_utf8_lossy(&body[..body.len().min(20)]));
    }
}

#[test]
fn every_trigger_webhooks_can_register_has_an_event() {
    // `POST /v1/webhooks/` lists six triggers, `PUT` seven (JOB_SUCCESS).
    let registrable: std::collections::BTreeSet<&str> = CreateWebhookTrigger::KNOWN
        .iter()
        .chain(UpdateWebhookTrigger::KNOWN)
        .copied()
        .collect();
    let events: std::collections::BTreeSet<&str> = Event::TRIGGERS.iter().copied().collect();
    assert_eq!(registrable, events);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            // Amounts as the API sends them. (Without serde_json's
            // `float_roundtrip`, some extreme floats such as
            // -1.9599480783405335e285 come back one digit off.)
            (-1_000_000_000i64..1_000_000_000).prop_map(|c| serde_json::Value::from(c as f64 / 100.0)),
            ".{0,12}".prop_map(serde_json::Value::from),
            prop::sample::select(vec!["leases", "ENTRATA", "DATA_NEW", "cuid_1"]).prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let keys = prop::sample::select(vec![
                "meta", "object", "integration_id", "record_id", "diff", "previous", "new",
                "successful_job_count", "failed_job_count", "is_sync_finished", "vendor",
                "trigger", "data", "event", "x",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                prop::collection::btree_map(keys, inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
            ]
        })
    }

    fn trigger() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(Event::TRIGGERS.to_vec()).prop_map(str::to_owned),
            ".{0,20}",
        ]
    }

    /// The payload a body is read into, stated independently of the crate:
    /// `data` with the envelope's other keys, when it is an envelope whose
    /// keys do not collide; else the body itself.
    fn expected_payload(body: &serde_json::Value) -> serde_json::Value {
        if let (Some(serde_json::Value::String(_)), Some(serde_json::Value::Object(data))) =
            (body.get("trigger"), body.get("data"))
        {
            let others: Vec<(&String, &serde_json::Value)> = body
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| *k != "trigger" && *k != "data")
                .collect();
            if others.iter().all(|(k, _)| !data.contains_key(*k)) {
                let mut merged = data.clone();
                merged.extend(others.into_iter().map(|(k, v)| (k.clone(), v.clone())));
                return serde_json::Value::Object(merged);
            }
        }
        body.clone()
    }

    proptest! {
        #[test]
        fn verify_never_panics_and_accepts_only_the_right_signature(
            secret in prop::collection::vec(any::<u8>(), 0..80),
            header in prop::option::of(prop::collection::vec(any::<u8>(), 0..80)),
            body in prop::collection::vec(any::<u8>(), 0..300),
        ) {
            let right = sign(&secret, &body);
            let result = verify(&secret, header.as_deref(), &body);
            let header_is_right = header
                .as_deref()
                .is_some_and(|h| h.trim_ascii().eq_ignore_ascii_case(right.as_bytes()));
            prop_assert_eq!(result.is_ok(), header_is_right && !secret.is_empty());
            if !secret.is_empty() {
                prop_assert_eq!(verify(&secret, Some(&right), &body), Ok(()));
            }
        }

        #[test]
        fn parse_never_panics_on_bytes(trigger in trigger(), body in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = Event::parse(&trigger, &body);
        }

        #[test]
        fn every_json_body_parses_and_keeps_its_data(trigger in trigger(), body in json_value()) {
            let bytes = serde_json::to_vec(&body).unwrap();
            let event = Event::parse(&trigger, &bytes).unwrap();
            if let Event::Unknown(unknown) = &event {
                prop_assert_eq!(unknown.payload(), &expected_payload(&body));
            }
        }
    }
}

/// The README's receiver is the example's, which is compiled and tested
/// (`tests/webhook_receiver.rs`): the two cannot drift apart.
#[test]
fn the_readme_receiver_is_the_compiled_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/webhook_receiver.rs")).unwrap();
    let section = readme.split("### Receiving webhooks").nth(1).unwrap();
    let code = section.split("```rust,ignore\n").nth(1).unwrap().split("```").next().unwrap();
    let app = &code[code.find("pub fn app").unwrap()..];
    let app = app.replace("std::sync::mpsc::SyncSender", "SyncSender");
    assert!(example.contains(app.trim_end()), "README:\n{app}");
    for line in code.lines().filter(|l| l.starts_with("use ")) {
        assert!(example.contains(line), "{line}");
    }
}

/// A data event's record is typed by the model its `meta.object` names.
#[test]
fn data_records_are_typed_by_their_model_and_partial_or_unknown_ones_lose_nothing() {
    use propexo::webhooks::DataRecord;
    let lead: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/lead.json")).unwrap();
    let body = serde_json::json!({
        "meta": {"object": "leads", "integration_id": "int_1"},
        "record_id": lead["id"],
        "diff": {"previous": null, "new": lead},
    });
    let Event::DataNew(created) = Event::parse("DATA_NEW", body.to_string().as_bytes()).unwrap() else {
        panic!("not a data event");
    };
    let new = created.diff.unwrap().new.flatten().unwrap();
    match DataRecord::decode(&created.meta.object, &new).unwrap() {
        DataRecord::Leads(record) => assert_eq!(serde_json::json!(record.id), lead["id"]),
        other => panic!("not typed as a lead: {other:?}"),
    }
    // The docs' update diff holds only the changed field: not a whole lease,
    // an error, while the event keeps the JSON.
    let Event::DataUpdate(change) = Event::parse("DATA_UPDATE", DATA_UPDATE_FROM_DOCS.as_bytes()).unwrap() else {
        panic!("not a data update");
    };
    let partial = change.diff.unwrap().new.flatten().unwrap();
    assert!(DataRecord::decode(&change.meta.object, &partial).is_err());
    // A model the crate has no type for is kept as sent.
    match DataRecord::decode("parking-spaces", &partial).unwrap() {
        DataRecord::Other { object, record } => {
            assert_eq!(object, "parking-spaces");
            assert_eq!(record, partial);
        }
        other => panic!("{other:?}"),
    }
    assert!(DataRecord::OBJECTS.contains(&"leases") && DataRecord::OBJECTS.contains(&"service-requests"));
}
