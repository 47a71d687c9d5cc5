//! Stage 3: normalization of the intermediate model.
//!
//! In order: per-PMS operations are recognised and every operation gets
//! its resource and action ([`routes`]), identical types collapse into one
//! ([`dedupe`]), every type, field, variant and function gets its final
//! Rust name ([`names`]), deprecated items get the item that replaces them
//! ([`deprecations`]), paginated lists are recognised ([`pagination`]), and
//! every type gets the file it lives in ([`homes`]). Emitters rely on all
//! of this being done.

mod dedupe;
mod deprecations;
mod homes;
pub use homes::SHARED;
pub use names::UNRECOGNIZED;
mod names;
mod pagination;
pub mod routes;
mod write_jobs;

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::policy::Policy;

pub fn normalize(api: &mut Api, policy: &Policy, diags: &mut Diagnostics) {
    routes::name_routes(api, policy, diags);
    dedupe::dedupe(api);
    names::name_everything(api, policy, diags);
    deprecations::resolve_replacements(api);
    pagination::detect(api);
    write_jobs::detect(api, policy, diags);
    homes::assign_homes(api);
}
