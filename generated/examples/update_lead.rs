//! Updates a lead with the generic operation.
//!
//! `PROPEXO_TOKEN=… cargo run -p propexo --example update_lead -- LEAD_ID`

use propexo::types::{DateTimeOrDate, UpdateLeadRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PROPEXO_TOKEN")?;
    let lead_id = std::env::args().nth(1).ok_or("usage: update_lead LEAD_ID")?;
    let client = propexo::Client::new(token);

    let mut update = UpdateLeadRequest::new();
    update.first_name = Some("Emily".into());
    update.target_move_in_date = Some(DateTimeOrDate::Date("2026-07-01".parse()?));
    match propexo::leads::update(&client, &lead_id, &update).await {
        Ok(job) => println!("write job {}", job.job_id),
        Err(propexo::Error::Api(e)) => eprintln!("HTTP {}: {:?}", e.status, e.body),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
