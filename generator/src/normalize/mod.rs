//! Stage 3: normalization of the intermediate model.
//!
//! In order: identical types collapse into one ([`dedupe`]), every type,
//! field, variant and function gets its final Rust name ([`names`]), and
//! every type gets the file it lives in ([`homes`]). Emitters rely on all
//! of this being done.

mod dedupe;
mod homes;
pub use homes::SHARED;
pub use names::UNRECOGNIZED;
mod names;

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::policy::Policy;

pub fn normalize(api: &mut Api, policy: &Policy, diags: &mut Diagnostics) {
    dedupe::dedupe(api);
    names::name_everything(api, policy, diags);
    homes::assign_homes(api);
}
