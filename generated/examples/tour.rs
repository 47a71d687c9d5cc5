//! The whole round trip a new integration makes, written from the crate's
//! documentation alone: list leads sorted and filtered, create one through
//! ResMan's own operation, wait for its write job, and handle errors with
//! `?` and the error's methods.
//!
//! `PROPEXO_TOKEN=… cargo run -p propexo --example tour -- INTEGRATION PROPERTY LEAD_SOURCE EMPLOYEE`

use propexo::jobs::{wait_for_write, WaitOptions};
use propexo::pagination::StreamExt;
use propexo::types::{GetAdminWriteStatusWriteStatus, LeadSortField, ListLeadsParams, ResmanCreateLeadRequest};
use propexo::{Client, OrderBy, RequestOptions};

/// The ids the program works with.
struct Ids {
    integration: String,
    property: String,
    lead_source: String,
    employee: String,
}

/// The most recently updated leads of the property, by Propexo ids (an
/// external `x_…` filter would also need `x_property_id`: see "Filtering"
/// in the rustdoc of `leads::list`).
async fn newest_leads(client: &Client, ids: &Ids) -> propexo::Result<Vec<String>> {
    let params = ListLeadsParams::builder()
        .integration_id(ids.integration.as_str())
        .property_id(ids.property.as_str())
        .order_by(OrderBy::desc(LeadSortField::UpdatedAt).then_asc(LeadSortField::LastName))
        .limit(50)
        .build()?;
    let mut names = Vec::new();
    let mut leads = std::pin::pin!(propexo::leads::list_stream(client, &params).take(200));
    while let Some(lead) = leads.next().await {
        match lead {
            Ok(lead) => names.push(lead.id),
            // One record the decoder disliked does not lose the others.
            Err(propexo::Error::Record { error, .. }) => eprintln!("skipped a record: {error}"),
            Err(other) => return Err(other),
        }
    }
    Ok(names)
}

/// Creates a lead through ResMan and returns the id the PMS gave it.
async fn create_lead(client: &Client, ids: &Ids) -> propexo::Result<Option<String>> {
    let lead = ResmanCreateLeadRequest::builder()
        .integration_id(ids.integration.as_str())
        .property_id(ids.property.as_str())
        .lead_source_id(ids.lead_source.as_str())
        .employee_id(ids.employee.as_str())
        .first_name("Emily")
        .last_name("Johnson")
        .email_1("emily.johnson@example.com")
        .build()?;
    // Drop fields this PMS does not know instead of refusing the write.
    let lenient = client.with_options(RequestOptions::new().ignore_unknown_fields());
    let job = propexo::leads::resman::create(&lenient, &lead).await?;
    let status = wait_for_write(client, &job.job_id, &WaitOptions::default()).await?;
    match status.write_status {
        GetAdminWriteStatusWriteStatus::Success => Ok(status.created_record_id),
        other => {
            eprintln!("job {} ended as {other}: {:?}", job.job_id, status.errors);
            Ok(None)
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PROPEXO_TOKEN")?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [integration, property, lead_source, employee] = args.as_slice() else {
        return Err("usage: tour INTEGRATION PROPERTY LEAD_SOURCE EMPLOYEE".into());
    };
    let ids = Ids {
        integration: integration.clone(),
        property: property.clone(),
        lead_source: lead_source.clone(),
        employee: employee.clone(),
    };
    let client = Client::builder(token).environment(propexo::Environment::Sandbox).build()?;
    match newest_leads(&client, &ids).await {
        Ok(leads) => println!("{} leads: {leads:?}", leads.len()),
        Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
        Err(e) => return Err(e.into()),
    }
    match create_lead(&client, &ids).await {
        Ok(id) => println!("created {id:?}"),
        // One line: operation, status, the API's message, request id.
        Err(e) => eprintln!("{e} (job: {:?})", e.job_id()),
    }
    Ok(())
}
