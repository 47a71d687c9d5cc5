//! Contract test against Prism, a mock server no one here wrote, serving
//! the same document with request validation on. Run by
//! `cargo xtask contract`, which installs and starts Prism and sets
//! `PROPEXO_CONTRACT_URL` and `PROPEXO_CONTRACT_SPEC`.
//!
//! For every resource its list, get-by-id, create and update (where they
//! exist) are called with arguments built from the document (required
//! fields, valid values). Prism answers a documented error when a request
//! does not validate, so a call passes only when the request validated and
//! Prism's answer deserialized into the generated types.

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

/// A value valid for `schema`: required properties only, first enum
/// values, formats honoured.
fn synth(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        return synth(doc, &doc["components"]["schemas"][name], depth + 1);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            let mut ordered: Vec<&Value> = branches.iter().filter(|b| b["type"] != "null").collect();
            // The most constrained branch first, as the generated untagged enums try them.
            ordered.sort_by_key(|b| std::cmp::Reverse(b.get("required").and_then(Value::as_array).map_or(0, Vec::len)));
            return ordered.first().map(|b| synth(doc, b, depth + 1)).unwrap_or(Value::Null);
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().find(|v| !v.is_null()).cloned().unwrap_or(Value::Null);
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types.iter().find(|t| *t != "null").cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    match ty.as_str() {
        Some("object") => {
            let mut out = Map::new();
            let required: Vec<&str> = schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            if let Some(props) = schema["properties"].as_object() {
                for (name, prop) in props {
                    if required.contains(&name.as_str()) {
                        out.insert(name.clone(), synth(doc, prop, depth + 1));
                    }
                }
            }
            Value::Object(out)
        }
        Some("array") => {
            let min = schema["minItems"].as_u64().unwrap_or(0);
            Value::Array((0..min).map(|_| synth(doc, &schema["items"], depth + 1)).collect())
        }
        Some("integer") => json!(schema["minimum"].as_i64().unwrap_or(0).max(1)),
        Some("number") => json!(schema["minimum"].as_f64().unwrap_or(0.0).max(1.0)),
        Some("boolean") => json!(true),
        Some("string") => json!(match (schema["format"].as_str(), schema["pattern"].as_str()) {
            (Some("date-time"), _) => "2024-07-01T10:00:00Z",
            (Some("date"), _) => "2024-07-01",
            (Some("email"), _) => "emily@example.com",
            (Some("uri"), _) => "https://example.com/hook",
            (_, Some(p)) if p.contains(r"\d{4}-\d{2}-\d{2}") => "2024-07-01",
            (_, Some(p)) if p.contains("[01]") => "09:30:00",
            _ => "test",
        }),
        _ => Value::Null,
    }
}

fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    &doc["paths"][path][method.to_ascii_lowercase()]
}

fn synth_body<T: DeserializeOwned>(doc: &Value, method: &str, path: &str) -> T {
    let schema = &operation(doc, method, path)["requestBody"]["content"]["application/json"]["schema"];
    let value = synth(doc, schema, 0);
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{method} {path}: synthesized body {value} does not fit: {e}"))
}

fn synth_params<T: DeserializeOwned>(doc: &Value, method: &str, path: &str) -> T {
    let mut out = Map::new();
    for param in operation(doc, method, path)["parameters"].as_array().into_iter().flatten() {
        if param["in"] == "query" && param["required"] == true {
            out.insert(param["name"].as_str().unwrap().to_owned(), synth(doc, &param["schema"], 0));
        }
    }
    serde_json::from_value(Value::Object(out)).unwrap()
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask contract`"]
async fn generated_functions_agree_with_prism() {
    let url = std::env::var("PROPEXO_CONTRACT_URL").expect("PROPEXO_CONTRACT_URL");
    let spec = std::env::var("PROPEXO_CONTRACT_SPEC").expect("PROPEXO_CONTRACT_SPEC");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    let client = propexo::Client::builder("contract-token").base_url(url).build().unwrap();
    let mut failures = Vec::new();
    let mut passed = 0;
    macro_rules! call {
        ($name:expr, $call:expr) => {
            match $call.await {
                Ok(_) => passed += 1,
                Err(e) => failures.push(format!("{}: {e}", $name)),
            }
        };
    }
    #[allow(deprecated)]
    {
        call!("GET /v1/accounting-entities/", propexo::accounting_entities::list(&client, &synth_params(&doc, "GET", "/v1/accounting-entities/")));
        call!("GET /v1/accounting-entities/{accounting_entity_id}", propexo::accounting_entities::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/accounting-entities/{accounting_entity_id}")));
        call!("GET /v1/address-types/", propexo::address_types::list(&client, &synth_params(&doc, "GET", "/v1/address-types/")));
        call!("GET /v1/address-types/{address_type_id}", propexo::address_types::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/address-types/{address_type_id}")));
        call!("GET /v1/admin/data-diffs/", propexo::admin::list_data_diffs(&client, &synth_params(&doc, "GET", "/v1/admin/data-diffs/")));
        call!("GET /v1/admin/integrations/", propexo::admin::list_integrations(&client, &synth_params(&doc, "GET", "/v1/admin/integrations/")));
        call!("POST /v1/admin/integrations/", propexo::admin::create_integration(&client, &synth_body(&doc, "POST", "/v1/admin/integrations/")));
        call!("GET /v1/admin/integrations/{integration_id}/", propexo::admin::get_integration(&client, "test-id", &synth_params(&doc, "GET", "/v1/admin/integrations/{integration_id}/")));
        call!("PUT /v1/admin/integrations/{integration_id}/", propexo::admin::update_integration(&client, "test-id", &synth_body(&doc, "PUT", "/v1/admin/integrations/{integration_id}/")));
        call!("GET /v1/admin/integrations/{integration_id}/data-access", propexo::admin::get_integration_data_access(&client, "test-id"));
        call!("GET /v1/admin/integrations/{integration_id}/job-schedules/", propexo::admin::list_integration_job_schedules(&client, "test-id", &synth_params(&doc, "GET", "/v1/admin/integrations/{integration_id}/job-schedules/")));
        call!("GET /v1/admin/integrations/{integration_id}/job-schedules/{job_schedule_id}/", propexo::admin::get_integration_job_schedule(&client, "test-id", "test-id", &synth_params(&doc, "GET", "/v1/admin/integrations/{integration_id}/job-schedules/{job_schedule_id}/")));
        call!("GET /v1/admin/integrations/{integration_id}/properties", propexo::admin::list_integration_properties(&client, "test-id", &synth_params(&doc, "GET", "/v1/admin/integrations/{integration_id}/properties")));
        call!("PUT /v1/admin/integrations/{integration_id}/properties/{property_configuration_id}", propexo::admin::update_integration_property(&client, "test-id", "test-id", &synth_body(&doc, "PUT", "/v1/admin/integrations/{integration_id}/properties/{property_configuration_id}")));
        call!("GET /v1/admin/integrations/{integration_id}/property-lists", propexo::admin::list_integration_property_lists(&client, "test-id", &synth_params(&doc, "GET", "/v1/admin/integrations/{integration_id}/property-lists")));
        call!("POST /v1/admin/integrations/{integration_id}/property-lists", propexo::admin::create_integration_property_list(&client, "test-id", &synth_body(&doc, "POST", "/v1/admin/integrations/{integration_id}/property-lists")));
        call!("PUT /v1/admin/integrations/{integration_id}/property-lists/{property_list_configuration_id}", propexo::admin::update_integration_property_list(&client, "test-id", "test-id", &synth_body(&doc, "PUT", "/v1/admin/integrations/{integration_id}/property-lists/{property_list_configuration_id}")));
        call!("GET /v1/admin/integrations/{integration_id}/rate-limits/", propexo::admin::get_integration_rate_limit(&client, "test-id", &synth_params(&doc, "GET", "/v1/admin/integrations/{integration_id}/rate-limits/")));
        call!("GET /v1/admin/job-logs/{job_log_id}/", propexo::admin::get_job_log(&client, "test-id", &synth_params(&doc, "GET", "/v1/admin/job-logs/{job_log_id}/")));
        call!("GET /v1/admin/job-logs/{job_log_id}/data", propexo::admin::get_job_log_data(&client, "test-id"));
        call!("GET /v1/admin/logs/jobs/", propexo::admin::list_job_logs(&client, &synth_params(&doc, "GET", "/v1/admin/logs/jobs/")));
        call!("GET /v1/admin/logs/jobs/{id}", propexo::admin::list_job_logs_by_job(&client, "test-id", &synth_params(&doc, "GET", "/v1/admin/logs/jobs/{id}")));
        call!("GET /v1/admin/logs/writes/", propexo::admin::list_write_logs(&client, &synth_params(&doc, "GET", "/v1/admin/logs/writes/")));
        call!("GET /v1/admin/normalization/{model}/{field}", propexo::admin::get_normalization(&client, "test-id", "test-id", &synth_params(&doc, "GET", "/v1/admin/normalization/{model}/{field}")));
        call!("GET /v1/admin/users/", propexo::admin::list_users(&client, &synth_params(&doc, "GET", "/v1/admin/users/")));
        call!("GET /v1/admin/users/{id}", propexo::admin::get_user(&client, "test-id", &synth_params(&doc, "GET", "/v1/admin/users/{id}")));
        call!("GET /v1/admin/write-status/{root_job_id}", propexo::admin::get_write_status(&client, "test-id"));
        call!("GET /v1/amenities/", propexo::amenities::list(&client, &synth_params(&doc, "GET", "/v1/amenities/")));
        call!("POST /v1/amenities/", propexo::amenities::create(&client, &synth_body(&doc, "POST", "/v1/amenities/")));
        call!("GET /v1/amenities/{amenity_id}", propexo::amenities::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/amenities/{amenity_id}")));
        call!("PUT /v1/amenities/{amenity_id}", propexo::amenities::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/amenities/{amenity_id}")));
        call!("GET /v1/applicants/", propexo::applicants::list(&client, &synth_params(&doc, "GET", "/v1/applicants/")));
        call!("POST /v1/applicants/", propexo::applicants::create(&client, &synth_body(&doc, "POST", "/v1/applicants/")));
        call!("GET /v1/applicants/{id}", propexo::applicants::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/applicants/{id}")));
        call!("PUT /v1/applicants/{id}", propexo::applicants::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/applicants/{id}")));
        call!("GET /v1/application-statuses/", propexo::application_statuses::list(&client, &synth_params(&doc, "GET", "/v1/application-statuses/")));
        call!("GET /v1/application-statuses/{application_status_id}", propexo::application_statuses::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/application-statuses/{application_status_id}")));
        call!("GET /v1/application-templates/", propexo::application_templates::list(&client, &synth_params(&doc, "GET", "/v1/application-templates/")));
        call!("GET /v1/application-templates/{application_template_id}", propexo::application_templates::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/application-templates/{application_template_id}")));
        call!("GET /v1/applications/", propexo::applications::list(&client, &synth_params(&doc, "GET", "/v1/applications/")));
        call!("POST /v1/applications/", propexo::applications::create(&client, &synth_body(&doc, "POST", "/v1/applications/")));
        call!("GET /v1/applications/{id}", propexo::applications::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/applications/{id}")));
        call!("PUT /v1/applications/{id}", propexo::applications::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/applications/{id}")));
        call!("POST /v1/appointment-availability/", propexo::appointment_availability::query(&client, &synth_body(&doc, "POST", "/v1/appointment-availability/")));
        call!("GET /v1/appointments/", propexo::appointments::list(&client, &synth_params(&doc, "GET", "/v1/appointments/")));
        call!("GET /v1/call-logs/", propexo::call_logs::list(&client, &synth_params(&doc, "GET", "/v1/call-logs/")));
        call!("GET /v1/call-logs/{call_log_id}", propexo::call_logs::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/call-logs/{call_log_id}")));
        call!("GET /v1/charge-codes/", propexo::charge_codes::list(&client, &synth_params(&doc, "GET", "/v1/charge-codes/")));
        call!("GET /v1/charge-codes/{charge_code_id}", propexo::charge_codes::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/charge-codes/{charge_code_id}")));
        call!("GET /v1/concessions/", propexo::concessions::list(&client, &synth_params(&doc, "GET", "/v1/concessions/")));
        call!("GET /v1/concessions/{concession_id}", propexo::concessions::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/concessions/{concession_id}")));
        call!("GET /v1/construction-jobs/", propexo::construction_jobs::list(&client, &synth_params(&doc, "GET", "/v1/construction-jobs/")));
        call!("POST /v1/construction-jobs/", propexo::construction_jobs::create(&client, &synth_body(&doc, "POST", "/v1/construction-jobs/")));
        call!("GET /v1/construction-jobs/{construction_job_id}", propexo::construction_jobs::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/construction-jobs/{construction_job_id}")));
        call!("PUT /v1/construction-jobs/{construction_job_id}", propexo::construction_jobs::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/construction-jobs/{construction_job_id}")));
        call!("POST /v1/contracts/", propexo::contracts::create(&client, &synth_body(&doc, "POST", "/v1/contracts/")));
        call!("PUT /v1/contracts/{contract_id}", propexo::contracts::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/contracts/{contract_id}")));
        call!("GET /v1/deposit-summaries/", propexo::deposit_summaries::list(&client, &synth_params(&doc, "GET", "/v1/deposit-summaries/")));
        call!("GET /v1/deposit-summaries/{deposit_summary_id}", propexo::deposit_summaries::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/deposit-summaries/{deposit_summary_id}")));
        call!("PUT /v1/deposit-summaries/{deposit_summary_id}", propexo::deposit_summaries::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/deposit-summaries/{deposit_summary_id}")));
        call!("GET /v1/deposits/", propexo::deposits::list(&client, &synth_params(&doc, "GET", "/v1/deposits/")));
        call!("GET /v1/deposits/{id}", propexo::deposits::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/deposits/{id}")));
        call!("GET /v1/employees/", propexo::employees::list(&client, &synth_params(&doc, "GET", "/v1/employees/")));
        call!("GET /v1/employees/{employee_id}", propexo::employees::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/employees/{employee_id}")));
        call!("GET /v1/event-results/", propexo::event_results::list(&client, &synth_params(&doc, "GET", "/v1/event-results/")));
        call!("GET /v1/event-results/{event_result_id}", propexo::event_results::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/event-results/{event_result_id}")));
        call!("GET /v1/event-sub-types/", propexo::event_sub_types::list(&client, &synth_params(&doc, "GET", "/v1/event-sub-types/")));
        call!("GET /v1/event-sub-types/{event_sub_type_id}", propexo::event_sub_types::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/event-sub-types/{event_sub_type_id}")));
        call!("GET /v1/event-types/", propexo::event_types::list(&client, &synth_params(&doc, "GET", "/v1/event-types/")));
        call!("GET /v1/event-types/{event_type_id}", propexo::event_types::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/event-types/{event_type_id}")));
        call!("GET /v1/events/", propexo::events::list(&client, &synth_params(&doc, "GET", "/v1/events/")));
        call!("GET /v1/events/{event_id}", propexo::events::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/events/{event_id}")));
        call!("GET /v1/fees/", propexo::fees::list(&client, &synth_params(&doc, "GET", "/v1/fees/")));
        call!("GET /v1/fees/{fee_id}", propexo::fees::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/fees/{fee_id}")));
        call!("GET /v1/file-types/", propexo::file_types::list(&client, &synth_params(&doc, "GET", "/v1/file-types/")));
        call!("POST /v1/file-types/", propexo::file_types::create(&client, &synth_body(&doc, "POST", "/v1/file-types/")));
        call!("GET /v1/file-types/{file_type_id}", propexo::file_types::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/file-types/{file_type_id}")));
        call!("GET /v1/financial-accounts/", propexo::financial_accounts::list(&client, &synth_params(&doc, "GET", "/v1/financial-accounts/")));
        call!("GET /v1/financial-accounts/{financial_account_id}", propexo::financial_accounts::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/financial-accounts/{financial_account_id}")));
        call!("GET /v1/floor-plans/", propexo::floor_plans::list(&client, &synth_params(&doc, "GET", "/v1/floor-plans/")));
        call!("GET /v1/floor-plans/{floor_plan_id}", propexo::floor_plans::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/floor-plans/{floor_plan_id}")));
        call!("GET /v1/invoices/", propexo::invoices::list(&client, &synth_params(&doc, "GET", "/v1/invoices/")));
        call!("POST /v1/invoices/", propexo::invoices::create(&client, &synth_body(&doc, "POST", "/v1/invoices/")));
        call!("GET /v1/invoices/{invoice_id}", propexo::invoices::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/invoices/{invoice_id}")));
        call!("PUT /v1/invoices/{invoice_id}", propexo::invoices::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/invoices/{invoice_id}")));
        call!("GET /v1/lead-relationships/", propexo::lead_relationships::list(&client, &synth_params(&doc, "GET", "/v1/lead-relationships/")));
        call!("GET /v1/lead-sources/", propexo::lead_sources::list(&client, &synth_params(&doc, "GET", "/v1/lead-sources/")));
        call!("GET /v1/lead-sources/{lead_source_id}", propexo::lead_sources::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/lead-sources/{lead_source_id}")));
        call!("GET /v1/leads/", propexo::leads::list(&client, &synth_params(&doc, "GET", "/v1/leads/")));
        call!("POST /v1/leads/", propexo::leads::create(&client, &synth_body(&doc, "POST", "/v1/leads/")));
        call!("PUT /v1/leads/entrata/{lead_id}", propexo::leads::entrata::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/leads/entrata/{lead_id}")));
        call!("POST /v1/leads/resman/", propexo::leads::resman::create(&client, &synth_body(&doc, "POST", "/v1/leads/resman/")));
        call!("PUT /v1/leads/resman/{lead_id}", propexo::leads::resman::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/leads/resman/{lead_id}")));
        call!("GET /v1/leads/{id}", propexo::leads::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/leads/{id}")));
        call!("PUT /v1/leads/{id}", propexo::leads::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/leads/{id}")));
        call!("GET /v1/lease-transfers/", propexo::lease_transfers::list(&client, &synth_params(&doc, "GET", "/v1/lease-transfers/")));
        call!("GET /v1/lease-transfers/{lease_transfer_id}", propexo::lease_transfers::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/lease-transfers/{lease_transfer_id}")));
        call!("GET /v1/leases/", propexo::leases::list(&client, &synth_params(&doc, "GET", "/v1/leases/")));
        call!("POST /v1/leases/", propexo::leases::create(&client, &synth_body(&doc, "POST", "/v1/leases/")));
        call!("GET /v1/leases/{lease_id}", propexo::leases::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/leases/{lease_id}")));
        call!("PUT /v1/leases/{lease_id}", propexo::leases::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/leases/{lease_id}")));
        call!("GET /v1/listings/", propexo::listings::list(&client, &synth_params(&doc, "GET", "/v1/listings/")));
        call!("POST /v1/listings/", propexo::listings::create(&client, &synth_body(&doc, "POST", "/v1/listings/")));
        call!("GET /v1/listings/{listing_id}", propexo::listings::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/listings/{listing_id}")));
        call!("PUT /v1/listings/{listing_id}", propexo::listings::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/listings/{listing_id}")));
        call!("GET /v1/note-categories/", propexo::note_categories::list(&client, &synth_params(&doc, "GET", "/v1/note-categories/")));
        call!("GET /v1/note-categories/{note_category_id}", propexo::note_categories::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/note-categories/{note_category_id}")));
        call!("GET /v1/owners/", propexo::owners::list(&client, &synth_params(&doc, "GET", "/v1/owners/")));
        call!("GET /v1/owners/{owner_id}", propexo::owners::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/owners/{owner_id}")));
        call!("GET /v1/payable-registers/", propexo::payable_registers::list(&client, &synth_params(&doc, "GET", "/v1/payable-registers/")));
        call!("POST /v1/payable-registers/", propexo::payable_registers::create(&client, &synth_body(&doc, "POST", "/v1/payable-registers/")));
        call!("GET /v1/payable-registers/{payable_register_id}", propexo::payable_registers::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/payable-registers/{payable_register_id}")));
        call!("PUT /v1/payable-registers/{payable_register_id}", propexo::payable_registers::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/payable-registers/{payable_register_id}")));
        call!("GET /v1/properties/", propexo::properties::list(&client, &synth_params(&doc, "GET", "/v1/properties/")));
        call!("POST /v1/properties/", propexo::properties::create(&client, &synth_body(&doc, "POST", "/v1/properties/")));
        call!("GET /v1/properties/{id}", propexo::properties::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/properties/{id}")));
        call!("PUT /v1/properties/{id}", propexo::properties::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/properties/{id}")));
        call!("GET /v1/property-lists/", propexo::property_lists::list(&client, &synth_params(&doc, "GET", "/v1/property-lists/")));
        call!("GET /v1/property-lists/{property_list_id}", propexo::property_lists::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/property-lists/{property_list_id}")));
        call!("GET /v1/purchase-orders/", propexo::purchase_orders::list(&client, &synth_params(&doc, "GET", "/v1/purchase-orders/")));
        call!("POST /v1/purchase-orders/", propexo::purchase_orders::create(&client, &synth_body(&doc, "POST", "/v1/purchase-orders/")));
        call!("GET /v1/purchase-orders/{purchase_order_id}", propexo::purchase_orders::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/purchase-orders/{purchase_order_id}")));
        call!("PUT /v1/purchase-orders/{purchase_order_id}", propexo::purchase_orders::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/purchase-orders/{purchase_order_id}")));
        call!("GET /v1/recurring-resident-charges/", propexo::recurring_resident_charges::list(&client, &synth_params(&doc, "GET", "/v1/recurring-resident-charges/")));
        call!("POST /v1/recurring-resident-charges/", propexo::recurring_resident_charges::create(&client, &synth_body(&doc, "POST", "/v1/recurring-resident-charges/")));
        call!("GET /v1/recurring-resident-charges/{recurring_resident_charge_id}", propexo::recurring_resident_charges::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/recurring-resident-charges/{recurring_resident_charge_id}")));
        call!("PUT /v1/recurring-resident-charges/{recurring_resident_charge_id}", propexo::recurring_resident_charges::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/recurring-resident-charges/{recurring_resident_charge_id}")));
        call!("GET /v1/rentable-items/", propexo::rentable_items::list(&client, &synth_params(&doc, "GET", "/v1/rentable-items/")));
        call!("GET /v1/rentable-items/{rentable_item_id}", propexo::rentable_items::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/rentable-items/{rentable_item_id}")));
        call!("GET /v1/resident-charges/", propexo::resident_charges::list(&client, &synth_params(&doc, "GET", "/v1/resident-charges/")));
        call!("POST /v1/resident-charges/", propexo::resident_charges::create(&client, &synth_body(&doc, "POST", "/v1/resident-charges/")));
        call!("GET /v1/resident-charges/{resident_charge_id}", propexo::resident_charges::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/resident-charges/{resident_charge_id}")));
        call!("POST /v1/resident-credits/", propexo::resident_credits::create(&client, &synth_body(&doc, "POST", "/v1/resident-credits/")));
        call!("GET /v1/resident-insurance/", propexo::resident_insurance::list(&client, &synth_params(&doc, "GET", "/v1/resident-insurance/")));
        call!("GET /v1/resident-insurance/{resident_insurance_id}", propexo::resident_insurance::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/resident-insurance/{resident_insurance_id}")));
        call!("GET /v1/resident-payments/", propexo::resident_payments::list(&client, &synth_params(&doc, "GET", "/v1/resident-payments/")));
        call!("POST /v1/resident-payments/", propexo::resident_payments::create(&client, &synth_body(&doc, "POST", "/v1/resident-payments/")));
        call!("GET /v1/resident-payments/{resident_payment_id}", propexo::resident_payments::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/resident-payments/{resident_payment_id}")));
        call!("POST /v1/resident-pets/", propexo::resident_pets::create(&client, &synth_body(&doc, "POST", "/v1/resident-pets/")));
        call!("PUT /v1/resident-pets/{pet_id}", propexo::resident_pets::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/resident-pets/{pet_id}")));
        call!("GET /v1/residents/", propexo::residents::list(&client, &synth_params(&doc, "GET", "/v1/residents/")));
        call!("POST /v1/residents/", propexo::residents::create(&client, &synth_body(&doc, "POST", "/v1/residents/")));
        call!("GET /v1/residents/{id}", propexo::residents::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/residents/{id}")));
        call!("PUT /v1/residents/{id}", propexo::residents::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/residents/{id}")));
        call!("GET /v1/service-request-categories/", propexo::service_request_categories::list(&client, &synth_params(&doc, "GET", "/v1/service-request-categories/")));
        call!("GET /v1/service-request-categories/{service_request_category_id}", propexo::service_request_categories::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/service-request-categories/{service_request_category_id}")));
        call!("GET /v1/service-request-history/", propexo::service_request_history::list(&client, &synth_params(&doc, "GET", "/v1/service-request-history/")));
        call!("POST /v1/service-request-history/", propexo::service_request_history::create(&client, &synth_body(&doc, "POST", "/v1/service-request-history/")));
        call!("GET /v1/service-request-history/{service_request_history_id}", propexo::service_request_history::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/service-request-history/{service_request_history_id}")));
        call!("GET /v1/service-request-locations/", propexo::service_request_locations::list(&client, &synth_params(&doc, "GET", "/v1/service-request-locations/")));
        call!("GET /v1/service-request-locations/{service_request_location_id}", propexo::service_request_locations::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/service-request-locations/{service_request_location_id}")));
        call!("GET /v1/service-request-priorities/", propexo::service_request_priorities::list(&client, &synth_params(&doc, "GET", "/v1/service-request-priorities/")));
        call!("GET /v1/service-request-priorities/{service_request_priority_id}", propexo::service_request_priorities::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/service-request-priorities/{service_request_priority_id}")));
        call!("GET /v1/service-request-problems/", propexo::service_request_problems::list(&client, &synth_params(&doc, "GET", "/v1/service-request-problems/")));
        call!("GET /v1/service-request-problems/{service_request_problem_id}", propexo::service_request_problems::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/service-request-problems/{service_request_problem_id}")));
        call!("GET /v1/service-request-statuses/", propexo::service_request_statuses::list(&client, &synth_params(&doc, "GET", "/v1/service-request-statuses/")));
        call!("GET /v1/service-request-statuses/{service_request_status_id}", propexo::service_request_statuses::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/service-request-statuses/{service_request_status_id}")));
        call!("GET /v1/service-requests/", propexo::service_requests::list(&client, &synth_params(&doc, "GET", "/v1/service-requests/")));
        call!("POST /v1/service-requests/", propexo::service_requests::create(&client, &synth_body(&doc, "POST", "/v1/service-requests/")));
        call!("GET /v1/service-requests/{service_request_id}", propexo::service_requests::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/service-requests/{service_request_id}")));
        call!("PUT /v1/service-requests/{service_request_id}", propexo::service_requests::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/service-requests/{service_request_id}")));
        call!("GET /v1/timezones/", propexo::timezones::list(&client, &synth_params(&doc, "GET", "/v1/timezones/")));
        call!("GET /v1/unit-types/", propexo::unit_types::list(&client, &synth_params(&doc, "GET", "/v1/unit-types/")));
        call!("GET /v1/unit-types/{unit_type_id}", propexo::unit_types::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/unit-types/{unit_type_id}")));
        call!("GET /v1/units/", propexo::units::list(&client, &synth_params(&doc, "GET", "/v1/units/")));
        call!("POST /v1/units/", propexo::units::create(&client, &synth_body(&doc, "POST", "/v1/units/")));
        call!("GET /v1/units/{id}", propexo::units::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/units/{id}")));
        call!("PUT /v1/units/{id}", propexo::units::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/units/{id}")));
        call!("GET /v1/vendors/", propexo::vendors::list(&client, &synth_params(&doc, "GET", "/v1/vendors/")));
        call!("POST /v1/vendors/", propexo::vendors::create(&client, &synth_body(&doc, "POST", "/v1/vendors/")));
        call!("GET /v1/vendors/{vendor_id}", propexo::vendors::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/vendors/{vendor_id}")));
        call!("PUT /v1/vendors/{vendor_id}", propexo::vendors::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/vendors/{vendor_id}")));
        call!("GET /v1/webhooks/", propexo::webhooks::list(&client, &synth_params(&doc, "GET", "/v1/webhooks/")));
        call!("POST /v1/webhooks/", propexo::webhooks::create(&client, &synth_body(&doc, "POST", "/v1/webhooks/")));
        call!("GET /v1/webhooks/{webhook_id}", propexo::webhooks::get(&client, "test-id", &synth_params(&doc, "GET", "/v1/webhooks/{webhook_id}")));
        call!("PUT /v1/webhooks/{webhook_id}", propexo::webhooks::update(&client, "test-id", &synth_body(&doc, "PUT", "/v1/webhooks/{webhook_id}")));
    }
    // Control: Prism must reject a request the document does not allow
    // (an enum value it does not list), or the passes above prove nothing.
    let mut invalid = propexo::types::UpdateLeadRequest::new();
    invalid.status = Some(propexo::types::CreateLeadStatus::Unrecognized("NOT_A_STATUS".into()));
    match propexo::leads::update(&client, "test-id", &invalid).await {
        Err(propexo::Error::Api(e)) if (400..500).contains(&e.status) => {}
        other => panic!("Prism accepted an invalid request; is request validation on? {other:?}"),
    }
    println!("contract: {passed} operations passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{} of {} operations disagree with Prism:\n{}", failures.len(), passed + failures.len(), failures.join("\n"));
}
