//! Stage 4: printing the model.
use std::collections::BTreeMap;

use crate::ir::Api;

pub fn emit(api: &Api, _options: &crate::Options) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut dump = String::new();
    for op in &api.operations {
        dump.push_str(&format!("{:6} {:60} {}::{} [{}]\n", op.method, op.path, op.module, op.fn_name, op.type_prefix));
    }
    for def in api.types.iter().filter(|d| d.merged_into.is_none()) {
        dump.push_str(&format!("{} {} home={} uses={} src={}\n", def.kind.label(), def.name, def.home, def.uses.len(), def.sources[0]));
    }
    files.insert("dump.txt".to_owned(), dump);
    files
}
