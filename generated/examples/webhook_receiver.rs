//! Receives Propexo's `DATA_UPDATE` webhooks: verifies each delivery's
//! signature, parses it, queues it and answers at once.
//!
//! ```sh
//! PROPEXO_WEBHOOK_SECRET=… cargo run -p propexo --example webhook_receiver --features axum
//! ```
//!
//! then register `https://<your host>/propexo/data-update` for the trigger
//! `DATA_UPDATE` (for example with `propexo::webhooks::create`).

use std::sync::mpsc::{sync_channel, SyncSender};

use axum::{http::StatusCode, routing::post, Router};
use propexo::webhooks::{Event, VerifiedEvent, WebhookReceiver};

/// The app (as in the README): deliveries of `DATA_UPDATE` at
/// `/propexo/data-update`, put on `queue`, because deliveries come in bursts
/// after each sync. A bad signature is answered with 401, a body that is not
/// JSON with 400, one over 1 MiB with 413, all before the handler runs.
pub fn app(secret: &str, queue: SyncSender<Event>) -> Router {
    let on_delivery = move |delivery: VerifiedEvent| async move {
        match queue.try_send(delivery.event) {
            Ok(()) => StatusCode::OK,                  // queued: never process inline
            Err(_) => StatusCode::SERVICE_UNAVAILABLE, // full: say so, lose nothing
        }
    };
    Router::new()
        .route("/propexo/data-update", post(on_delivery))
        .with_state(WebhookReceiver::new(secret).trigger("DATA_UPDATE"))
}

/// What the worker does with one event.
pub fn handle(event: &Event) -> String {
    match event {
        Event::DataUpdate(change) => {
            let new = change.diff.as_ref().and_then(|d| d.new.clone().flatten());
            format!("{} {} changed: {:?}", change.meta.object, change.record_id, new)
        }
        Event::Unknown(unknown) => format!("kept as sent: {}", unknown.reason()),
        other => format!("{:?}", other.trigger()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("PROPEXO_WEBHOOK_SECRET")?;
    let (queue, events) = sync_channel(1024);
    std::thread::spawn(move || events.iter().for_each(|event| println!("{}", handle(&event))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(&secret, queue)).await?;
    Ok(())
}
