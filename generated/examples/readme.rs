//! The README's example ("Using the crate"), compiled here so that the two
//! cannot drift apart (`tests/readme.rs` checks the README holds this code).
//!
//! `PROPEXO_TOKEN=… cargo run -p propexo --example readme`

use propexo::jobs::{wait_for_write, WaitOptions};
use propexo::types::{LeadSortField, ListLeadsParams, ResmanCreateLeadRequest};
use propexo::OrderBy;

#[tokio::main]
async fn main() -> propexo::Result<(), Box<dyn std::error::Error>> {
    let client = propexo::Client::builder(std::env::var("PROPEXO_TOKEN")?)
        .environment(propexo::Environment::Sandbox)
        .build()?;

    // Named setters; `build()` names every required field left unset.
    let params = ListLeadsParams::builder()
        .property_id("property_123")
        .order_by(OrderBy::desc(LeadSortField::UpdatedAt)) // order-by=updated_at:desc
        .limit(50)
        .build()?;
    let page = propexo::leads::list(&client, &params).await?;
    for lead in &page.results {
        println!("{} {:?}", lead.id, lead.first_name);
    }

    let lead = ResmanCreateLeadRequest::builder()
        .integration_id("integration_123")
        .property_id("property_123")
        .lead_source_id("source_123")
        .employee_id("employee_123")
        .first_name("Emily")
        .last_name("Johnson")
        .build()?;
    match propexo::leads::resman::create(&client, &lead).await {
        // Whichever documented shape answers (`job_id` or `meta.job_id`).
        Ok(job) => {
            let status = wait_for_write(&client, &job.job_id, &WaitOptions::default()).await?;
            println!("job {} ended: {}", job.job_id, status.write_status);
        }
        // A write that was accepted although the answer was odd: do not resend.
        Err(e) if e.job_id().is_some() => println!("accepted as job {:?}: {e}", e.job_id()),
        // One line: operation, status, the API's message, request id.
        Err(e) => eprintln!("{e}"),
    }
    Ok(())
}
