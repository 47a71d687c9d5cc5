//! Per-PMS operations.
//!
//! An operation is specific to one property-management system when its
//! summary ends with the vendor's name (`Create Lead: ResMan`, optionally
//! followed by `- Not Supported`) *and* its path has a segment naming the
//! same vendor (`/v1/leads/resman/`), compared without case or punctuation
//! (`Rent Manager` = `rentmanager` = `rent-manager`). Nothing else is needed:
//! no list of vendors or operations. The vendor segment is then taken out of
//! the path ([`without_segment`]), so that the layout names the operation
//! like its generic counterpart.

use crate::diag::{Diagnostics, Kind};
use crate::model::Vendor;

const NOT_SUPPORTED: &str = "- not supported";

/// A vendor found in an operation, and the path segment as written.
pub struct Detected {
    pub vendor: Vendor,
    pub original: String,
}

/// The vendor of the operation at `at`, if it is PMS-specific, and whether
/// it is supported.
pub fn detect(
    summary: &str,
    path: &str,
    at: &str,
    diags: &mut Diagnostics,
) -> (Option<Detected>, bool) {
    let (label, supported) = summary_vendor(summary);
    let vendor = label.and_then(|label| {
        let found = vendor_segment(path, &label);
        if found.is_none() {
            diags.warn(
                at,
                format!("the summary names the vendor {label:?} but no path segment does; the operation is treated as generic"),
            ).kind(Kind::VendorMismatch);
        }
        found.map(|original| Detected {
            vendor: Vendor {
                segment: original.clone(),
                label,
            },
            original,
        })
    });
    if !supported && vendor.is_none() {
        diags
            .warn(
                at,
                "a generic operation is marked \"Not Supported\"; no function is generated for it",
            )
            .kind(Kind::GenericNotSupported);
    }
    (vendor, supported)
}

/// The vendor a summary ends with (`Create Lead: ResMan - Not Supported` →
/// `ResMan`) and whether the operation is supported.
pub fn summary_vendor(summary: &str) -> (Option<String>, bool) {
    let trimmed = summary.trim();
    let lower = trimmed.to_ascii_lowercase();
    let (text, supported) = match lower.strip_suffix(NOT_SUPPORTED) {
        Some(rest) => (trimmed[..rest.len()].trim_end(), false),
        None => (trimmed, true),
    };
    let label = text
        .rsplit_once(':')
        .map(|(_, vendor)| vendor.trim().to_owned())
        .filter(|v| !v.is_empty() && v.split_whitespace().count() <= 4);
    (label, supported)
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The literal path segment naming `label`, if any.
fn vendor_segment(path: &str, label: &str) -> Option<String> {
    let wanted = squash(label);
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .find(|s| squash(s) == wanted)
        .map(str::to_owned)
}

/// `path` without (the first occurrence of) `segment`.
pub fn without_segment(path: &str, segment: &str) -> String {
    let mut removed = false;
    let parts: Vec<&str> = path
        .split('/')
        .filter(|s| {
            if !removed && *s == segment {
                removed = true;
                false
            } else {
                true
            }
        })
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vendor_and_support_from_summaries() {
        assert_eq!(
            summary_vendor("Create Lead: ResMan"),
            (Some("ResMan".into()), true)
        );
        assert_eq!(
            summary_vendor("Cancel Appointment (leads): ResMan - Not Supported"),
            (Some("ResMan".into()), false)
        );
        assert_eq!(
            summary_vendor("Create Lead: Rent Manager"),
            (Some("Rent Manager".into()), true)
        );
        assert_eq!(summary_vendor("Update lead"), (None, true));
    }

    #[test]
    fn finds_the_vendor_segment_without_case_or_punctuation() {
        assert_eq!(
            vendor_segment("/v1/leads/resman/", "ResMan").as_deref(),
            Some("resman")
        );
        assert_eq!(
            vendor_segment("/v1/leads/rent-manager/{id}", "Rent Manager").as_deref(),
            Some("rent-manager")
        );
        assert_eq!(vendor_segment("/v1/leads/{id}", "ResMan"), None);
        assert_eq!(
            without_segment("/v1/events/appointments/leads/resman/{event_id}", "resman"),
            "/v1/events/appointments/leads/{event_id}"
        );
    }

    #[test]
    fn a_summary_vendor_without_its_path_segment_is_generic_with_a_warning() {
        let mut diags = Diagnostics::default();
        let (vendor, supported) = detect("Create Lead: Yardi", "/v1/leads/", "#/x", &mut diags);
        assert!(vendor.is_none() && supported);
        assert!(diags.to_string().contains("no path segment"), "{diags}");
    }
}
