//! Per-PMS operations and route names.
//!
//! An operation is specific to one property-management system when its
//! summary ends with the vendor's name (`Create Lead: ResMan`, optionally
//! followed by `- Not Supported`) *and* its path has a segment naming the
//! same vendor (`/v1/leads/resman/`), compared without case or punctuation
//! (`Rent Manager` = `rentmanager` = `rent-manager`). Nothing else is needed:
//! no list of vendors or operations. The vendor segment is then taken out of
//! the path, so the operation gets the resource and action of its generic
//! counterpart (`leads::create`), and it lives in that resource's vendor
//! module (`leads::resman::create`).

use crate::diag::Diagnostics;
use crate::ir::{Api, Operation};
use crate::naming::{pascal_ident, singular, singular_last_word, snake_ident};
use crate::policy::Policy;

const NOT_SUPPORTED: &str = "- not supported";

pub fn name_routes(api: &mut Api, policy: &Policy, diags: &mut Diagnostics) {
    for op in &mut api.operations {
        let (label, supported) = summary_vendor(op.summary.as_deref().unwrap_or_default());
        op.supported = supported;
        let vendor = label.as_deref().and_then(|label| {
            let found = vendor_segment(&op.path, label);
            if found.is_none() {
                diags.warn(
                    &op.pointer,
                    format!("the summary names the vendor {label:?} but no path segment does; the operation is treated as generic"),
                );
            }
            found.map(|segment| (segment, label.to_owned()))
        });
        let path = match &vendor {
            Some((segment, _)) => without_segment(&op.path, segment),
            None => op.path.clone(),
        };
        let names = route_names(&op.method, &path, op.is_list, policy);
        op.module = names.module;
        op.fn_name = names.fn_name;
        op.type_prefix = names.type_prefix;
        if let Some((segment, label)) = vendor {
            op.type_prefix = format!("{}{}", pascal_ident(&segment), op.type_prefix);
            op.vendor = Some(segment.to_ascii_lowercase());
            op.vendor_label = Some(label);
        }
        if !supported && op.vendor.is_none() {
            diags.warn(
                &op.pointer,
                "a generic operation is marked \"Not Supported\"; no function is generated for it",
            );
        }
    }
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

fn without_segment(path: &str, segment: &str) -> String {
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

/// The module a vendor's operations live in, under their resource.
pub fn vendor_module(op: &Operation) -> Option<String> {
    op.vendor.as_deref().map(snake_ident)
}

/// Where an operation lives and what it is called.
pub struct RouteNames {
    pub module: String,
    pub fn_name: String,
    pub type_prefix: String,
}

/// Names an operation from its method and path: the first segment after
/// the version is the resource (its module); the method and the rest of
/// the path make the function name (`GET /v1/leads/{id}/rentable-items` →
/// `leads::list_rentable_items`). `spec/policy.yaml` names the operations
/// whose path does not say what they do.
pub fn route_names(method: &str, path: &str, is_list: bool, policy: &Policy) -> RouteNames {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .filter(|s| !is_version_segment(s))
        .collect();
    let (resource, rest) = match segments.split_first() {
        Some((first, rest)) if !first.starts_with('{') => (*first, rest),
        _ => ("root", segments.as_slice()),
    };
    let module = snake_ident(resource);
    let verb = match method {
        "GET" if is_list => "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" | "PATCH" => "update",
        "DELETE" => "delete",
        other => return fallback_names(&module, other, rest),
    };
    let mut words = Vec::new();
    for (i, segment) in rest.iter().enumerate() {
        if segment.starts_with('{') {
            continue;
        }
        let followed_by_param = rest.get(i + 1).is_some_and(|s| s.starts_with('{'));
        let last_literal = !rest[i + 1..].iter().any(|s| !s.starts_with('{'));
        if followed_by_param || (last_literal && verb != "list") {
            words.push(singular_last_word(segment));
        } else {
            words.push(snake_ident(segment));
        }
    }
    let fn_name = std::iter::once(verb.to_owned())
        .chain(words.iter().cloned())
        .collect::<Vec<_>>()
        .join("_");
    let noun = if verb == "list" && words.is_empty() {
        resource.to_owned()
    } else {
        singular_last_word(resource)
    };
    let type_prefix = pascal_ident(&format!("{verb}_{noun}_{}", words.join("_")));
    let key = format!("{method} {path}");
    match policy.operations.get(&key) {
        Some(custom) => {
            let fn_name = custom.name.clone().unwrap_or(fn_name);
            let type_prefix = custom.type_prefix.clone().unwrap_or_else(|| {
                if custom.name.is_some() {
                    pascal_ident(&fn_name)
                } else {
                    type_prefix
                }
            });
            RouteNames {
                module,
                fn_name,
                type_prefix,
            }
        }
        None => RouteNames {
            module,
            fn_name,
            type_prefix,
        },
    }
}

fn fallback_names(module: &str, method: &str, rest: &[&str]) -> RouteNames {
    let words: Vec<String> = rest
        .iter()
        .filter(|s| !s.starts_with('{'))
        .map(|s| snake_ident(s))
        .collect();
    let fn_name = std::iter::once(method.to_ascii_lowercase())
        .chain(words)
        .collect::<Vec<_>>()
        .join("_");
    RouteNames {
        module: module.to_owned(),
        type_prefix: pascal_ident(&format!("{fn_name}_{}", singular(module))),
        fn_name,
    }
}

fn is_version_segment(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
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
}
