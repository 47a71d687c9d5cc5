//! Where the inventory's operations that the model lacks go in the support
//! matrix: a pending operation with a path takes the row its generic
//! counterpart would (the route named as for any operation); one without a
//! path, or of a vendor whose path segment no page shows, is listed apart.

use std::collections::BTreeMap;

use super::routes::route_names;
use crate::diag::{Diagnostics, Kind};
use crate::inventory::Status;
use crate::model::Model;
use crate::policy::Policy;

#[derive(Debug, Clone, Default)]
pub struct InventoryLayout {
    /// `(module, function)` → vendor key → status, for operations the
    /// model does not have.
    pub cells: BTreeMap<(String, String), BTreeMap<String, Status>>,
    /// Operations that cannot be placed in a row, in inventory order.
    pub unplaced: Vec<Unplaced>,
    /// Vendor key → the name the reference's section heading gives it.
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub vendor: String,
    pub section: String,
    pub summary: String,
    pub status: Status,
    pub page: String,
    pub why: Option<String>,
}

pub fn place(model: &Model, policy: &Policy, diags: &mut Diagnostics) -> InventoryLayout {
    let mut out = InventoryLayout::default();
    let in_model = |method: &str, path: &str| {
        model.operations.iter().any(|op| {
            op.vendor.is_some() && op.method.eq_ignore_ascii_case(method) && op.path == path
        })
    };
    for vendor in &policy.inventory {
        let key = vendor.segment.as_deref().map(str::to_ascii_lowercase);
        if let Some(key) = &key {
            out.labels.insert(key.clone(), vendor.vendor.clone());
        }
        for op in &vendor.operations {
            let present = op.path.as_deref().is_some_and(|p| in_model(&op.method, p));
            if present {
                continue;
            }
            if op.status == Status::Transcribed {
                diags
                    .warn(
                        format!("inventory/{}", vendor.page_slug),
                        format!(
                            "{:?} is marked transcribed, but no supplementary document has {} {}",
                            op.summary,
                            op.method,
                            op.path.as_deref().unwrap_or("(no path)")
                        ),
                    )
                    .kind(Kind::InventoryMismatch);
            }
            let route = key.as_deref().and_then(|k| op.generic_route(k));
            match (key.as_ref(), route) {
                (Some(key), Some((method, path))) => {
                    let names = route_names(&method, &path, false, policy);
                    out.cells
                        .entry((names.module, names.fn_name))
                        .or_default()
                        .insert(key.clone(), op.status);
                }
                _ => out.unplaced.push(Unplaced {
                    vendor: vendor.vendor.clone(),
                    section: vendor.section.clone(),
                    summary: op.summary.clone(),
                    status: op.status,
                    page: op.page.clone(),
                    why: op.why.clone(),
                }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::VendorInventory;
    use crate::test_support::pipeline;

    #[test]
    fn pending_operations_take_their_generic_row_and_pathless_ones_are_listed_apart() {
        let doc = r#"
paths:
  /v1/leads/resman/:
    post:
      summary: "Create Lead: ResMan"
      responses: {"200": {description: OK}}
"#;
        let (model, _, _) = pipeline(doc, "{}");
        let mut policy = Policy::parse("{}").unwrap();
        policy.inventory = vec![
            VendorInventory::parse("vendor: ResMan\nsegment: resman\npage_slug: res-man\nsection: PMS APIs\noperations:\n- {summary: 'Create Lead: ResMan', method: POST, path: /v1/leads/resman/, resource: leads, page: p, status: transcribed}\n- {summary: 'Update Lead: ResMan', method: PUT, path: '/v1/leads/resman/{lead_id}', resource: leads, page: p, status: pending, why: cut}\n").unwrap(),
            VendorInventory::parse("vendor: Knock\nsegment: null\npage_slug: knock\nsection: CRM APIs\noperations:\n- {summary: 'Create Lead: Knock', method: POST, path: null, resource: leads, page: p, status: pending, why: no path}\n").unwrap(),
        ];
        let mut diags = Diagnostics::default();
        let placed = place(&model, &policy, &mut diags);
        assert_eq!(
            diags.sorted(),
            vec![],
            "the transcribed one is in the model"
        );
        assert_eq!(
            placed
                .cells
                .get(&("leads".into(), "update".into()))
                .and_then(|c| c.get("resman")),
            Some(&Status::Pending)
        );
        assert_eq!(placed.unplaced.len(), 1);
        assert_eq!(placed.unplaced[0].vendor, "Knock");
        assert_eq!(
            placed.labels.get("resman").map(String::as_str),
            Some("ResMan")
        );
    }

    #[test]
    fn a_transcribed_operation_missing_from_the_documents_is_reported() {
        let (model, _, _) = pipeline("paths: {}\n", "{}");
        let mut policy = Policy::parse("{}").unwrap();
        policy.inventory = vec![VendorInventory::parse("vendor: Yardi\nsegment: yardi\npage_slug: yardi\nsection: PMS APIs\noperations:\n- {summary: 'Create Lead: Yardi', method: POST, path: /v1/leads/yardi/, resource: leads, page: p, status: transcribed}\n").unwrap()];
        let mut diags = Diagnostics::default();
        place(&model, &policy, &mut diags);
        assert!(diags.to_string().contains("marked transcribed"), "{diags}");
    }
}
