//! Lists every lead of one property, page after page, as a stream.
//!
//! `PROPEXO_TOKEN=… cargo run -p propexo --example list_leads -- PROPERTY_ID`

use propexo::pagination::StreamExt;
use propexo::types::ListLeadsParams;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PROPEXO_TOKEN")?;
    let property_id = std::env::args().nth(1).ok_or("usage: list_leads PROPERTY_ID")?;
    let client = propexo::Client::builder(token)
        .environment(propexo::Environment::Sandbox)
        .build()?;

    let params = ListLeadsParams::builder()
        .property_id(property_id)
        .limit(250) // the largest page the API serves
        .build()?;
    let mut leads = std::pin::pin!(propexo::leads::list_stream(&client, &params));
    let mut count = 0;
    while let Some(lead) = leads.next().await {
        let lead = lead?;
        count += 1;
        println!("{} {} {}", lead.id, lead.first_name.unwrap_or_default(), lead.last_name.unwrap_or_default());
    }
    eprintln!("{count} leads; rate limit now {:?}", client.rate_limit());
    Ok(())
}
