//! `src/jobs.rs`: waiting for asynchronous write jobs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, ty_tokens};
use crate::layout::Layout;
use crate::model::{Model, Ty};

pub fn jobs_module(model: &Model, layout: &Layout) -> Option<TokenStream> {
    let jobs = model.write_jobs.as_ref()?;
    let op = model.op(jobs.op);
    let function = format!("crate::{}", layout.op(jobs.op).function_path());
    let function_path: syn::Path = syn::parse_str(&function).ok()?;
    let response = ty_tokens(layout, op.response.as_ref()?);
    let status_ty = ty_tokens(layout, &Ty::Named(jobs.status_enum));
    let Some(Ty::Named(response_id)) = op.response.as_ref() else {
        return None;
    };
    let field = ident(&layout.ty(*response_id).fields[jobs.status_field]);
    let variants = &layout.ty(jobs.status_enum).variants;
    let final_variants: Vec<&String> = jobs.final_values.iter().map(|&i| &variants[i]).collect();
    let finals = final_variants.iter().map(|v| format_ident!("{}", v));
    let module_doc = format!(
        " Waiting for write jobs.\n\n Writes (POST, PUT) are asynchronous: they answer a job id at once and do the work\n later. [`wait_for_write`] polls [`{}`]({function}) (`{} {}`) until the job ends.",
        function.trim_start_matches("crate::"),
        op.method,
        op.path
    );
    let module_doc = module_doc.lines().map(|l| quote! { #![doc = #l] });
    let wait_doc = doc_attrs(&format!(
        "Polls the status of write job `job_id` until it ends ({}), with backoff between polls\n\
         as `options` says, and returns the final status (with its errors and created record id).\n\n\
         A job still running at the deadline is an [`Error::Timeout`](crate::Error::Timeout). Statuses\n\
         this crate does not know are taken as still running.",
        final_variants
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Some(quote! {
        #(#module_doc)*

        use ::std::time::{Duration, Instant};

        /// The shortest pause between two polls, whatever the options say:
        /// a zero interval must not hammer the API.
        pub const MIN_POLL_INTERVAL: Duration = Duration::from_millis(100);

        /// How [`wait_for_write`] polls.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct WaitOptions {
            /// The first pause between two polls (at least [`MIN_POLL_INTERVAL`]);
            /// each pause doubles it.
            pub initial_interval: Duration,
            /// No pause is longer.
            pub max_interval: Duration,
            /// Give up after this long: the call returns by then, within one
            /// poll interval, even if a poll is still waiting for its answer.
            pub deadline: Duration,
        }

        impl Default for WaitOptions {
            fn default() -> Self {
                WaitOptions {
                    initial_interval: Duration::from_secs(1),
                    max_interval: Duration::from_secs(15),
                    deadline: Duration::from_secs(300),
                }
            }
        }

        impl WaitOptions {
            /// These options with other polling intervals.
            pub fn with_intervals(mut self, initial: Duration, max: Duration) -> Self {
                self.initial_interval = initial;
                self.max_interval = max;
                self
            }

            /// These options with another deadline.
            pub fn with_deadline(mut self, deadline: Duration) -> Self {
                self.deadline = deadline;
                self
            }
        }

        #wait_doc
        pub async fn wait_for_write(
            client: &crate::Client,
            job_id: &str,
            options: &WaitOptions,
        ) -> crate::Result<#response> {
            let started = Instant::now();
            // A deadline beyond the clock's range is no deadline.
            let deadline = started.checked_add(options.deadline);
            let timeout = || crate::Error::Timeout {
                operation: "jobs::wait_for_write",
                elapsed: started.elapsed(),
            };
            let max_interval = options.max_interval.max(MIN_POLL_INTERVAL);
            let mut interval = options.initial_interval.clamp(MIN_POLL_INTERVAL, max_interval);
            loop {
                let poll = #function_path(client, job_id);
                // Each poll is bounded by what is left of the deadline.
                let status = match deadline {
                    Some(deadline) => ::tokio::time::timeout_at(deadline.into(), poll).await.map_err(|_| timeout())??,
                    None => poll.await?,
                };
                if matches!(status.#field, #(#status_ty::#finals)|*) {
                    return Ok(status);
                }
                let pause = match deadline {
                    Some(deadline) => {
                        let left = deadline.saturating_duration_since(Instant::now());
                        if left.is_zero() {
                            return Err(timeout());
                        }
                        interval.min(left)
                    }
                    None => interval,
                };
                ::tokio::time::sleep(pause).await;
                interval = interval.saturating_mul(2).min(max_interval);
            }
        }
    })
}
