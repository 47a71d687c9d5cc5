//! The inventory of PMS-specific operations Propexo's API reference lists
//! (`spec/supplementary/inventory/*.yaml`): input data, like the policy.
//! Transcribed operations are in the supplementary documents; the
//! inventory also knows the ones that are not, so the support matrix can
//! tell "not transcribed yet" apart from "Not Supported" and from "no such
//! operation".

use serde::Deserialize;

/// One vendor's section of the reference.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorInventory {
    /// As the reference's section heading writes it (`ResMan`).
    pub vendor: String,
    /// The path segment naming the vendor, when any page shows it.
    pub segment: Option<String>,
    /// The vendor's part of the reference's URLs (`res-man`).
    pub page_slug: String,
    /// `PMS APIs` or `CRM APIs`.
    pub section: String,
    pub operations: Vec<InventoryOperation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryOperation {
    /// The page title (`Create Lead: ResMan`).
    pub summary: String,
    pub method: String,
    /// `None` when no page shows it and nothing allows inferring it.
    pub path: Option<String>,
    /// The first path segment after the version: the crate module.
    pub resource: String,
    /// The reference page's address.
    pub page: String,
    pub status: Status,
    /// The transcription misses fields the page has.
    #[serde(default)]
    pub partial: bool,
    /// `false` when the path is inferred from sibling pages.
    #[serde(default = "yes")]
    pub path_confirmed: bool,
    /// `false` when the page address is inferred.
    #[serde(default = "yes")]
    pub page_confirmed: bool,
    /// Why it is pending or partial.
    #[serde(default)]
    pub why: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// In a supplementary document.
    Transcribed,
    /// Listed as "- Not Supported".
    NotSupported,
    /// Listed, not transcribed yet.
    Pending,
}

impl VendorInventory {
    pub fn parse(text: &str) -> Result<Self, String> {
        let inventory: VendorInventory = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        for op in &inventory.operations {
            if op.status == Status::Pending && op.why.is_none() {
                return Err(format!(
                    "{:?} is pending without a `why`: say why it is not transcribed yet",
                    op.summary
                ));
            }
        }
        Ok(inventory)
    }
}

impl InventoryOperation {
    /// The route without the vendor's segment (`POST /v1/leads/`), as the
    /// generic operation and the policy spell it; `None` without a path.
    pub fn generic_route(&self, segment: &str) -> Option<(String, String)> {
        let path = self.path.as_deref()?;
        let kept: Vec<&str> = path
            .split('/')
            .filter(|s| !s.eq_ignore_ascii_case(segment))
            .collect();
        Some((self.method.to_ascii_uppercase(), kept.join("/")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "vendor: Rent Manager\nsegment: rentmanager\npage_slug: rent-manager\nsection: PMS APIs\noperations:\n- summary: 'Create Lead: Rent Manager'\n  method: POST\n  path: /v1/leads/rentmanager/\n  resource: leads\n  page: https://docs.propexo.com/x\n  status: pending\n  why: page not stored\n";

    #[test]
    fn parses_and_strips_the_vendor_segment() {
        let inv = VendorInventory::parse(SAMPLE).unwrap();
        let op = &inv.operations[0];
        assert_eq!(op.status, Status::Pending);
        assert!(op.path_confirmed && op.page_confirmed && !op.partial);
        assert_eq!(
            op.generic_route("rentmanager"),
            Some(("POST".into(), "/v1/leads/".into()))
        );
    }

    #[test]
    fn a_pending_operation_must_say_why_and_unknown_keys_are_refused() {
        let no_why = SAMPLE.replace("  why: page not stored\n", "");
        assert!(VendorInventory::parse(&no_why).unwrap_err().contains("why"));
        let typo = SAMPLE.replace("status: pending", "status: pending\n  stauts: x");
        assert!(VendorInventory::parse(&typo).is_err());
        let bad_status = SAMPLE.replace("status: pending", "status: maybe");
        assert!(VendorInventory::parse(&bad_status).is_err());
    }
}
