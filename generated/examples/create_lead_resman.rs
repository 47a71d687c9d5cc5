//! Creates a lead through ResMan's own operation and waits for the write
//! job to finish.
//!
//! `PROPEXO_TOKEN=… cargo run -p propexo --example create_lead_resman -- INTEGRATION LEAD_SOURCE EMPLOYEE PROPERTY`

use propexo::jobs::{wait_for_write, WaitOptions};
use propexo::types::{GetAdminWriteStatusWriteStatus, ResmanCreateLeadRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PROPEXO_TOKEN")?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [integration, lead_source, employee, property] = args.as_slice() else {
        return Err("usage: create_lead_resman INTEGRATION LEAD_SOURCE EMPLOYEE PROPERTY".into());
    };
    let client = propexo::Client::builder(token)
        .environment(propexo::Environment::Sandbox)
        .build()?;

    let lead = ResmanCreateLeadRequest::builder()
        .integration_id(integration)
        .lead_source_id(lead_source)
        .employee_id(employee)
        .property_id(property)
        .first_name("Emily")
        .last_name("Johnson")
        .email_1("emily.johnson@example.com")
        .phone_1("+14155552671")
        .build()?;
    let answer = propexo::leads::resman::create(&client, &lead).await?;
    println!("write job {}", answer.job_id);

    // Writes are asynchronous jobs: wait for the outcome.
    let status = wait_for_write(&client, &answer.job_id, &WaitOptions::default()).await?;
    match status.write_status {
        GetAdminWriteStatusWriteStatus::Success => {
            println!("created {}", status.created_record_id.as_deref().unwrap_or("(id not reported by the PMS)"))
        }
        other => println!("ended as {other}: {:?}", status.errors),
    }
    Ok(())
}
