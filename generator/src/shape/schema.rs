//! Schemas → types.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{
    AdditionalProperties, AnySchema, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat,
    StringType, Type, VariantOrUnknownOrEmpty,
};

use super::refs;
use crate::diag::{Diagnostics, Kind};
use crate::model::{
    Constraints, Deprecation, Enum, Field, IoRole, OpId, Struct, Ty, TypeDef, TypeId, TypeKind,
    Union, UnionVariant, Use,
};
use crate::naming::{pascal_ident, singular};
use crate::pointer::{self, push};
use crate::policy::Policy;

/// Words that YAML 1.1 reads as booleans when unquoted.
const YAML11_BOOLEANS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
    "OFF",
];

/// A schema or a reference to one, whichever box it came in.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

/// Whether a property is written inline as `format: password`, which the
/// document uses for secrets.
fn is_password(schema: SchemaRef<'_>) -> bool {
    matches!(
        schema,
        SchemaRef::Inline(Schema {
            schema_kind: SchemaKind::Type(Type::String(StringType {
                format: VariantOrUnknownOrEmpty::Item(StringFormat::Password),
                ..
            })),
            ..
        })
    )
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// What a schema being read is: a named component, or used somewhere.
#[derive(Clone)]
enum Owner {
    Component(String),
    Used(Use<Slot>),
}

/// A schema being read, before its type is known (its children are read
/// first, and name it as their parent): a provisional id, numbered in
/// document order (pre-order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot(u32);

/// What one schema occurrence adds to the type it turns out to be.
struct Contribution {
    /// Components first, then document order: the order in which a type's
    /// uses and sources are listed, and whose details it keeps.
    order: (bool, Slot),
    uses: Vec<Use<Slot>>,
    sources: Vec<String>,
    doc: Option<String>,
}

/// A type of the model being made.
struct Building {
    component: Option<String>,
    kind: TypeKind,
    /// The contribution whose details (field pointers, variant docs) the
    /// type keeps.
    representative: (bool, Slot),
    contributions: Vec<Contribution>,
}

/// The part of a type that decides its identity: two schemas with equal
/// keys are one type. Names, pointers and the type's own description are
/// not part of it; field descriptions are (they are printed on the field).
#[derive(PartialEq, Eq, Hash)]
enum ShapeKey {
    Enum(Vec<String>),
    Struct(Vec<FieldKey>, Option<Ty>),
    Union(Vec<(Option<String>, Ty)>),
}

#[derive(PartialEq, Eq, Hash)]
struct FieldKey {
    json_name: String,
    ty: Ty,
    required: bool,
    doc: Option<String>,
    deprecated: Option<Deprecation>,
    beta: bool,
    secret: bool,
}

fn shape_key(kind: &TypeKind) -> ShapeKey {
    match kind {
        TypeKind::Enum(e) => ShapeKey::Enum(e.values.clone()),
        TypeKind::Struct(s) => ShapeKey::Struct(
            s.fields
                .iter()
                .map(|f| FieldKey {
                    json_name: f.json_name.clone(),
                    ty: f.ty.clone(),
                    required: f.required,
                    doc: f.doc.clone(),
                    deprecated: f.deprecated.clone(),
                    beta: f.beta,
                    secret: f.secret,
                })
                .collect(),
            s.additional.clone(),
        ),
        TypeKind::Union(u) => ShapeKey::Union(
            u.variants
                .iter()
                .map(|v| (v.label.clone(), v.ty.clone()))
                .collect(),
        ),
    }
}

pub struct TypeBuilder<'a> {
    doc: &'a OpenAPI,
    policy: &'a Policy,
    pub diags: &'a mut Diagnostics,
    /// The type each slot became, once it is closed.
    slots: Vec<Option<TypeId>>,
    types: Vec<Building>,
    /// Every type open to sharing, by its shape.
    shapes: HashMap<ShapeKey, TypeId>,
    components: BTreeMap<String, Ty>,
    component_slots: BTreeMap<String, Slot>,
    in_progress: BTreeSet<String>,
    /// How many schemas the walk is inside, and how many references in a
    /// row it is following: both bounded, so that no document can exhaust
    /// the generator's stack or nest types deeper than rustc can check.
    depth: usize,
    alias_chain: usize,
}

/// The deepest nesting of schemas given a Rust type; deeper ones are kept
/// as JSON values (with a warning). rustc proves auto traits (`Send`) and
/// layouts through every level of struct and wrapper, with a limit of 128
/// steps; a schema level costs up to three (struct, `Vec`, `Option`).
pub const MAX_SCHEMA_DEPTH: usize = 32;

impl<'a> TypeBuilder<'a> {
    pub fn new(doc: &'a OpenAPI, policy: &'a Policy, diags: &'a mut Diagnostics) -> Self {
        TypeBuilder {
            doc,
            policy,
            diags,
            slots: Vec::new(),
            types: Vec::new(),
            shapes: HashMap::new(),
            components: BTreeMap::new(),
            component_slots: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            depth: 0,
            alias_chain: 0,
        }
    }

    /// The types, each with its uses and sources in document order
    /// (components' own first).
    pub fn finish(self) -> Vec<TypeDef> {
        let slots = self.slots;
        // Every slot is closed by the function that opened it before it
        // returns, so every parent a use names has its type by now.
        let parent = |slot: Slot| slots[slot.0 as usize].unwrap_or(TypeId::new(0));
        self.types
            .into_iter()
            .map(|mut t| {
                t.contributions.sort_by_key(|c| c.order);
                let mut uses = Vec::new();
                let mut sources = Vec::new();
                let mut doc = t.contributions.first().and_then(|c| c.doc.clone());
                for c in t.contributions {
                    if t.component.is_none() && doc != c.doc {
                        // Inline types carry the description of the place
                        // that uses them; a type shared by several places
                        // keeps none of them.
                        doc = None;
                    }
                    uses.extend(c.uses.into_iter().map(|u| u.map_parent(parent)));
                    sources.extend(c.sources);
                }
                TypeDef {
                    component: t.component,
                    uses,
                    sources,
                    doc,
                    kind: t.kind,
                }
            })
            .collect()
    }

    pub fn policy(&self) -> &'a Policy {
        self.policy
    }

    pub fn kind(&self, id: TypeId) -> &TypeKind {
        &self.types[id.index()].kind
    }

    /// Starts reading a schema that becomes a type.
    pub fn open(&mut self) -> Slot {
        self.slots.push(None);
        Slot(self.slots.len() as u32 - 1)
    }

    /// The type of the schema read in `slot`: an existing type of the same
    /// shape, or a new one. Components never merge with each other (each
    /// has a name of its own) but absorb inline copies of themselves; the
    /// query parameters, request and response structs of an operation are
    /// its own.
    fn close(
        &mut self,
        slot: Slot,
        owner: Owner,
        at: &str,
        doc: Option<String>,
        kind: TypeKind,
    ) -> TypeId {
        let (component, uses) = match owner {
            Owner::Component(name) => (Some(name), Vec::new()),
            Owner::Used(use_) => (None, vec![use_]),
        };
        let own = matches!(kind, TypeKind::Struct(_))
            && uses.iter().any(|u| matches!(u, Use::Operation { .. }));
        let order = (component.is_none(), slot);
        let contribution = Contribution {
            order,
            uses,
            sources: vec![at.to_owned()],
            doc,
        };
        if let Some(name) = &component {
            self.component_slots.insert(name.clone(), slot);
        }
        let key = (!own).then(|| shape_key(&kind));
        let existing = key.as_ref().and_then(|k| self.shapes.get(k)).copied();
        let id = match existing {
            Some(id) if !(component.is_some() && self.types[id.index()].component.is_some()) => {
                let t = &mut self.types[id.index()];
                if order < t.representative {
                    t.kind = kind;
                    t.representative = order;
                }
                if component.is_some() {
                    t.component = component;
                }
                t.contributions.push(contribution);
                id
            }
            _ => {
                let id = TypeId::new(self.types.len());
                self.types.push(Building {
                    component,
                    kind,
                    representative: order,
                    contributions: vec![contribution],
                });
                if let Some(key) = key {
                    self.shapes.entry(key).or_insert(id);
                }
                id
            }
        };
        self.slots[slot.0 as usize] = Some(id);
        id
    }

    /// The query parameters of an operation: a struct of its own.
    pub fn close_params(&mut self, slot: Slot, op: OpId, at: &str, fields: Vec<Field>) -> TypeId {
        let owner = Owner::Used(Use::Operation {
            op,
            role: IoRole::Params,
        });
        let kind = TypeKind::Struct(Struct {
            fields,
            additional: None,
        });
        self.close(slot, owner, at, None, kind)
    }

    /// Records a use of an existing type (a component reached through a
    /// `$ref`), as the component's own.
    fn add_use(&mut self, id: TypeId, use_: Use<Slot>) {
        let t = &mut self.types[id.index()];
        let slot = t
            .component
            .as_ref()
            .and_then(|c| self.component_slots.get(c))
            .copied();
        // The component's own contribution (always there for a type a
        // `$ref` reaches).
        let at = t
            .contributions
            .iter()
            .position(|c| Some(c.order.1) == slot)
            .unwrap_or(0);
        if let Some(c) = t.contributions.get_mut(at) {
            c.uses.push(use_);
        }
    }

    /// The type of `schema` at `at`, used as `use_`.
    pub fn ty_for<'s>(
        &mut self,
        schema: impl Into<SchemaRef<'s>>,
        at: &str,
        use_: Use<Slot>,
    ) -> Ty {
        match schema.into() {
            SchemaRef::Ref(reference) => self.reference(reference, at, use_),
            SchemaRef::Inline(schema) => self.schema_ty(schema, at, Owner::Used(use_)),
        }
    }

    /// The type of the component a `$ref` names, recording no use: for
    /// roots that are not an operation's input or output (webhook payloads),
    /// which their component names.
    pub fn component_ty(&mut self, reference: &str, at: &str) -> Ty {
        self.reference_alias(reference, at)
    }

    /// Resolves a `$ref` to its schema, for looking at a shape.
    fn reference(&mut self, reference: &str, at: &str, use_: Use<Slot>) -> Ty {
        let ty = self.reference_alias(reference, at);
        // Only the type the reference stands for records the use (not, say,
        // the items of a component that is an array).
        if let Ty::Named(id) = ty.non_null() {
            self.add_use(*id, use_);
        }
        ty
    }

    fn component(&mut self, name: &str, at: &str) -> Ty {
        if let Some(ty) = self.components.get(name) {
            return ty.clone();
        }
        let schema = match refs::lookup::<Schema>(self.doc, &pointer::component_schema(name)) {
            Ok((_, schema)) => schema,
            Err(e) => {
                self.diags.error(at, e.to_string());
                return Ty::Json;
            }
        };
        if !self.in_progress.insert(name.to_owned()) {
            self.diags.warn(
                at,
                format!("schema {name:?} refers to itself through a chain of references; the inner use is an arbitrary JSON value"),
            ).kind(Kind::ReferenceCycle);
            return Ty::Json;
        }
        let location = pointer::component_schema(name);
        let ty = match schema {
            ReferenceOr::Reference { reference } if self.alias_chain >= refs::MAX_CHAIN => {
                self.diags.error(
                    &location,
                    format!(
                        "{reference:?} continues a chain of more than {} references to references",
                        refs::MAX_CHAIN
                    ),
                );
                Ty::Json
            }
            ReferenceOr::Reference { reference } => {
                let reference = reference.clone();
                self.alias_chain += 1;
                let ty = self.reference_alias(&reference, &location);
                self.alias_chain -= 1;
                ty
            }
            ReferenceOr::Item(schema) => {
                self.schema_ty(schema, &location, Owner::Component(name.to_owned()))
            }
        };
        self.in_progress.remove(name);
        self.components.insert(name.to_owned(), ty.clone());
        ty
    }

    /// The type of the component a `$ref` names.
    fn reference_alias(&mut self, reference: &str, at: &str) -> Ty {
        match refs::lookup::<Schema>(self.doc, reference) {
            Ok((name, _)) => self.component(&name, at),
            Err(e) => {
                self.diags.error(at, e.to_string());
                Ty::Json
            }
        }
    }

    fn schema_ty(&mut self, schema: &Schema, at: &str, owner: Owner) -> Ty {
        if self.depth >= MAX_SCHEMA_DEPTH {
            self.diags
                .warn(
                    at,
                    format!("schemas nested deeper than {MAX_SCHEMA_DEPTH} levels: this one is an arbitrary JSON value"),
                )
                .kind(Kind::DeepNesting);
            return Ty::Json;
        }
        let saved_chain = std::mem::take(&mut self.alias_chain);
        self.depth += 1;
        let ty = self.schema_kind_ty(schema, at, owner);
        self.depth -= 1;
        self.alias_chain = saved_chain;
        if schema.schema_data.nullable && !ty.is_nullable() {
            Ty::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn schema_kind_ty(&mut self, schema: &Schema, at: &str, owner: Owner) -> Ty {
        let doc = schema.schema_data.description.clone();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => self.string_ty(s, at, owner, doc),
            SchemaKind::Type(Type::Integer(i)) => {
                if !i.enumeration.is_empty() {
                    self.diags
                        .warn(
                            push(at, "enum"),
                            "integer enums are not modelled; any integer is accepted",
                        )
                        .kind(Kind::NonStringEnum);
                }
                Ty::Integer
            }
            SchemaKind::Type(Type::Number(n)) => {
                if !n.enumeration.is_empty() {
                    self.diags
                        .warn(
                            push(at, "enum"),
                            "number enums are not modelled; any number is accepted",
                        )
                        .kind(Kind::NonStringEnum);
                }
                Ty::Number
            }
            SchemaKind::Type(Type::Boolean(_)) => Ty::Boolean,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let item_use = self.item_use(&owner, at);
                    Ty::List(Box::new(self.ty_for(items, &push(at, "items"), item_use)))
                }
                None => Ty::List(Box::new(Ty::Json)),
            },
            SchemaKind::Type(Type::Object(object)) => self.object_ty(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                at,
                owner,
                doc,
            ),
            SchemaKind::AnyOf { any_of: branches } | SchemaKind::OneOf { one_of: branches } => {
                let key = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) {
                    "anyOf"
                } else {
                    "oneOf"
                };
                self.union_ty(branches, &push(at, key), at, owner, doc)
            }
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [single] => self.wrapped(single, &push(&push(at, "allOf"), "0"), owner),
                _ => {
                    self.diags.warn(
                        push(at, "allOf"),
                        "allOf of several schemas is not supported; represented as an arbitrary JSON value",
                    ).kind(Kind::UnsupportedAllOf);
                    Ty::Json
                }
            },
            SchemaKind::Not { .. } => {
                self.diags.warn(push(at, "not"), "`not` cannot be expressed in Rust types; represented as an arbitrary JSON value").kind(Kind::NotKeyword);
                Ty::Json
            }
            SchemaKind::Any(any) => self.any_ty(any, at, owner, doc),
        }
    }

    /// `allOf: [X]` as written by the lowering for a `$ref` with siblings:
    /// the type of X, recorded as a use of the outer place.
    fn wrapped(&mut self, inner: &ReferenceOr<Schema>, at: &str, owner: Owner) -> Ty {
        match (inner, owner) {
            (ReferenceOr::Reference { reference }, Owner::Used(use_)) => {
                self.reference(reference, at, use_)
            }
            (ReferenceOr::Reference { reference }, Owner::Component(_)) => {
                self.reference_alias(reference, at)
            }
            (ReferenceOr::Item(schema), owner) => self.schema_ty(schema, at, owner),
        }
    }

    fn any_ty(&mut self, any: &AnySchema, at: &str, owner: Owner, doc: Option<String>) -> Ty {
        if !any.any_of.is_empty() || !any.one_of.is_empty() {
            let (branches, key) = if any.any_of.is_empty() {
                (&any.one_of, "oneOf")
            } else {
                (&any.any_of, "anyOf")
            };
            return self.union_ty(branches, &push(at, key), at, owner, doc);
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            return self.object_ty(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                at,
                owner,
                doc,
            );
        }
        if !any.enumeration.is_empty() {
            let values: Vec<Option<String>> = any
                .enumeration
                .iter()
                .map(|v| match v {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Null => None,
                    other => Some(other.to_string()),
                })
                .collect();
            return self.enum_ty(&values, at, owner, doc);
        }
        Ty::Json
    }

    fn string_ty(&mut self, s: &StringType, at: &str, owner: Owner, doc: Option<String>) -> Ty {
        if !s.enumeration.is_empty() {
            return self.enum_ty(&s.enumeration, at, owner, doc);
        }
        match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => return Ty::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => return Ty::Date,
            _ => {}
        }
        if let Some(pattern) = &s.pattern {
            if self.policy.date_patterns.iter().any(|p| p == pattern) {
                return Ty::Date;
            }
        }
        Ty::String
    }

    fn enum_ty(
        &mut self,
        values: &[Option<String>],
        at: &str,
        owner: Owner,
        doc: Option<String>,
    ) -> Ty {
        let mut variants: Vec<String> = Vec::new();
        let mut nullable = false;
        for (i, value) in values.iter().enumerate() {
            let value_at = push(&push(at, "enum"), &i.to_string());
            let Some(value) = value else {
                nullable = true;
                continue;
            };
            if variants.contains(value) {
                self.diags
                    .warn(
                        &value_at,
                        format!(
                            "enum value {value:?} is listed more than once; it becomes one variant"
                        ),
                    )
                    .kind(Kind::DuplicateEnumValue);
                continue;
            }
            if YAML11_BOOLEANS.contains(&value.as_str()) {
                self.diags.warn(
                    &value_at,
                    format!("enum value {value:?} is read as the string {value:?} (YAML 1.2); a YAML 1.1 reader would turn it into a boolean, so it should be quoted"),
                ).kind(Kind::Yaml11Boolean);
            }
            variants.push(value.clone());
        }
        let slot = self.open();
        let kind = TypeKind::Enum(Enum { values: variants });
        let ty = Ty::Named(self.close(slot, owner, at, doc, kind));
        if nullable {
            Ty::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn object_ty(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        at: &str,
        owner: Owner,
        doc: Option<String>,
    ) -> Ty {
        if properties.is_empty() {
            return match additional {
                Some(AdditionalProperties::Schema(values)) => {
                    let value_use = self.member_use(&owner, at, "value");
                    let values_at = push(at, "additionalProperties");
                    Ty::Map(Box::new(self.ty_for(
                        values.as_ref(),
                        &values_at,
                        value_use,
                    )))
                }
                _ => Ty::JsonObject,
            };
        }
        let id = self.open();
        for name in required {
            if !properties.contains_key(name) {
                self.diags
                    .warn(
                        push(at, "required"),
                        format!("required property {name:?} is not among the properties; ignored"),
                    )
                    .kind(Kind::UnknownRequiredProperty);
            }
        }
        let mut fields = Vec::with_capacity(properties.len());
        let properties_at = push(at, "properties");
        for (name, prop) in properties {
            let prop_at = push(&properties_at, name);
            let prop_ref: SchemaRef<'_> = prop.into();
            let data = match prop_ref {
                SchemaRef::Inline(schema) => Some(&schema.schema_data),
                SchemaRef::Ref(_) => None,
            };
            let secret = self.policy.secret_fields.matches(name) || is_password(prop_ref);
            let ty = self.ty_for(
                prop_ref,
                &prop_at,
                Use::Member {
                    parent: id,
                    member: name.clone(),
                },
            );
            let (doc, deprecated, beta) = match &data {
                Some(data) => (
                    data.description.clone(),
                    deprecation(data),
                    is_beta(&data.extensions),
                ),
                None => (None, None, false),
            };
            let constraints = match prop_ref {
                SchemaRef::Inline(schema) => super::constraints::of(schema),
                SchemaRef::Ref(_) => Constraints::default(),
            };
            fields.push(Field {
                json_name: name.clone(),
                ty,
                required: required.contains(name),
                doc,
                deprecated,
                beta,
                secret,
                constraints,
                pointer: prop_at,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let values_at = push(at, "additionalProperties");
                Some(self.ty_for(
                    values.as_ref(),
                    &values_at,
                    Use::Member {
                        parent: id,
                        member: "value".into(),
                    },
                ))
            }
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            _ => None,
        };
        let kind = TypeKind::Struct(Struct { fields, additional });
        Ty::Named(self.close(id, owner, at, doc, kind))
    }

    fn union_ty(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        branches_at: &str,
        at: &str,
        owner: Owner,
        doc: Option<String>,
    ) -> Ty {
        if branches.is_empty() {
            // Nothing but `null` branches (removed when lowering 3.1): an
            // enum with no variants could hold nothing.
            self.diags
                .warn(
                    branches_at,
                    "a union with no branch besides `null` is represented as an optional JSON value",
                )
                .kind(Kind::NullOnlySchema);
            return Ty::Json;
        }
        if let Some(values) = self.open_enum_values(branches) {
            // `anyOf: [{enum: [A, B]}, {type: string}]` says "one of these
            // values, or another string": exactly what generated enums are.
            return self.enum_ty(&values, at, owner, doc);
        }
        let id = self.open();
        let own_member = self.own_member(&owner);
        let document = self.doc;
        let shapes: Vec<Option<&Schema>> = branches
            .iter()
            .map(|b| match b {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { reference } => {
                    refs::resolve_schema(document, reference).ok()
                }
            })
            .collect();
        let mut names = variant_names(&shapes);
        // serde tries untagged variants in order: the most specific first, so
        // that an object with fewer required properties (or none) cannot
        // swallow one meant for a stricter branch.
        let mut order: Vec<usize> = (0..branches.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(specificity(shapes[i])));
        for (i, shape) in shapes.iter().enumerate() {
            if let Some(schema) = shape {
                if is_empty_object(schema) && branches.len() > 1 {
                    self.diags.warn(
                        push(branches_at, &i.to_string()),
                        "this branch is an object without properties and matches every object; it is tried last",
                    ).kind(Kind::CatchAllBranch);
                }
            }
        }
        let mut variants = Vec::new();
        for i in order {
            let branch_at = push(branches_at, &i.to_string());
            let use_ = match shapes[i].and_then(|s| s.schema_data.title.clone()) {
                Some(title) => Use::Titled {
                    parent: id,
                    member: own_member.clone(),
                    title,
                },
                None => Use::Member {
                    parent: id,
                    member: names[i].clone().unwrap_or_else(|| "variant".to_owned()),
                },
            };
            let ty = self.ty_for(&branches[i], &branch_at, use_);
            variants.push(UnionVariant {
                label: names[i].take(),
                ty,
                doc: shapes[i].and_then(|s| s.schema_data.description.clone()),
            });
        }
        let kind = TypeKind::Union(Union { variants });
        Ty::Named(self.close(id, owner, at, doc, kind))
    }

    /// The values of an `anyOf` whose branches are all strings, at least one
    /// an enum and none with a format (a date is not "another string").
    fn open_enum_values(&self, branches: &[ReferenceOr<Schema>]) -> Option<Vec<Option<String>>> {
        let mut values = Vec::new();
        let mut any_enum = false;
        for branch in branches {
            let ReferenceOr::Item(schema) = branch else {
                return None;
            };
            let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else {
                return None;
            };
            if !matches!(s.format, VariantOrUnknownOrEmpty::Empty) || s.pattern.is_some() {
                return None;
            }
            any_enum |= !s.enumeration.is_empty();
            values.extend(s.enumeration.iter().cloned());
        }
        any_enum.then_some(values)
    }

    /// The use of the items of an array owned by `owner`.
    fn item_use(&mut self, owner: &Owner, at: &str) -> Use<Slot> {
        match owner {
            Owner::Used(Use::Member { parent, member }) => Use::Member {
                parent: *parent,
                member: singular(member),
            },
            _ => self.member_use(owner, at, "item"),
        }
    }

    /// The use of a member named `member` of the schema owned by `owner`,
    /// for schemas (arrays, maps) that are not types themselves.
    fn member_use(&mut self, owner: &Owner, _at: &str, member: &str) -> Use<Slot> {
        let part = |outer: &str| format!("{outer}_{member}");
        match owner {
            Owner::Used(Use::Member {
                parent,
                member: outer,
            }) => Use::Member {
                parent: *parent,
                member: part(outer),
            },
            Owner::Used(Use::Titled {
                parent,
                member: outer,
                title,
            }) => Use::Member {
                parent: *parent,
                member: part(&format!("{title}_{outer}")),
            },
            Owner::Used(Use::Operation { op, role }) => Use::OperationPart {
                op: *op,
                role: *role,
                member: member.to_owned(),
            },
            Owner::Used(Use::ComponentPart {
                component,
                member: outer,
            }) => Use::ComponentPart {
                component: component.clone(),
                member: part(outer),
            },
            Owner::Used(Use::OperationPart {
                op,
                role,
                member: outer,
            }) => Use::OperationPart {
                op: *op,
                role: *role,
                member: part(outer),
            },
            Owner::Component(component) => Use::ComponentPart {
                component: component.clone(),
                member: member.to_owned(),
            },
        }
    }

    fn own_member(&self, owner: &Owner) -> String {
        match owner {
            Owner::Component(name) => name.clone(),
            Owner::Used(
                Use::Member { member, .. }
                | Use::Titled { member, .. }
                | Use::ComponentPart { member, .. }
                | Use::OperationPart { member, .. },
            ) => member.clone(),
            Owner::Used(Use::Operation { role, .. }) => role.suffix().to_owned(),
        }
    }
}

/// The deprecation of a schema, from `deprecated: true` or Fern's
/// `x-fern-availability: deprecated`.
pub fn deprecation(data: &openapiv3::SchemaData) -> Option<Deprecation> {
    let flagged = data.deprecated
        || data
            .extensions
            .get("x-fern-availability")
            .and_then(|v| v.as_str())
            == Some("deprecated");
    flagged.then(|| Deprecation {
        note: data.description.clone(),
    })
}

pub fn is_beta(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> bool {
    extensions
        .get("x-fern-availability")
        .and_then(|v| v.as_str())
        == Some("beta")
}

fn is_empty_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty() && o.additional_properties.is_none()
        }
        _ => false,
    }
}

/// How strict a branch is: objects by their required properties, and any
/// concrete type before an arbitrary value.
fn specificity(schema: Option<&Schema>) -> (usize, usize) {
    match schema.map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::Object(o))) => (1 + o.required.len(), o.properties.len()),
        Some(SchemaKind::Type(Type::String(s)))
            if !matches!(s.format, VariantOrUnknownOrEmpty::Empty) || s.pattern.is_some() =>
        {
            (2, 0)
        }
        Some(SchemaKind::Type(_)) => (1, 0),
        _ => (0, 0),
    }
}

/// Variant names for the object branches of a union: the branch's title,
/// or the required property only it has. Other branches are named after
/// their type (in the layout).
fn variant_names(shapes: &[Option<&Schema>]) -> Vec<Option<String>> {
    let required: Vec<Vec<String>> = shapes
        .iter()
        .map(|s| match s.map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::Object(o))) => o.required.clone(),
            _ => Vec::new(),
        })
        .collect();
    let mut taken = BTreeSet::new();
    shapes
        .iter()
        .enumerate()
        .map(|(i, shape)| {
            let candidate = shape
                .and_then(|s| s.schema_data.title.as_deref().map(pascal_ident))
                .or_else(|| {
                    required[i]
                        .iter()
                        .find(|p| {
                            required
                                .iter()
                                .enumerate()
                                .all(|(j, r)| j == i || !r.contains(p))
                        })
                        .map(|p| pascal_ident(p))
                })
                .or_else(|| match shape.map(|s| &s.schema_kind) {
                    Some(SchemaKind::Type(Type::Object(o))) if o.properties.is_empty() => {
                        Some("Empty".to_owned())
                    }
                    Some(SchemaKind::Type(Type::Object(_))) => Some("Object".to_owned()),
                    _ => None,
                })?;
            Some(crate::naming::uniquify(candidate, &mut taken))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! Identity (which schemas are one type) and lowering (which schema is
    //! which shape), on small documents.

    use crate::model::{Model, Ty, TypeKind, Use};
    use crate::test_support::{pipeline, type_named, type_names};

    fn model(doc: &str) -> Model {
        pipeline(doc, "{}").0
    }

    fn response(doc: &Model, path: &str) -> Ty {
        let op = doc.operations.iter().find(|op| op.path == path).unwrap();
        op.response.clone().unwrap()
    }

    const TWO_PHONES: &str = r#"
paths:
  /v1/a/:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                phone_1_type: {type: string, enum: [HOME, WORK]}
                phone_2_type: {type: string, enum: [HOME, WORK]}
      responses: {"200": {description: OK}}
"#;

    #[test]
    fn identical_inline_enums_are_one_type_with_every_use_in_document_order() {
        let m = model(TWO_PHONES);
        let enums: Vec<_> = m
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Enum(_)))
            .collect();
        assert_eq!(enums.len(), 1);
        let members: Vec<&str> = enums[0]
            .uses
            .iter()
            .map(|u| match u {
                Use::Member { member, .. } => member.as_str(),
                _ => "?",
            })
            .collect();
        assert_eq!(members, ["phone_1_type", "phone_2_type"]);
        assert_eq!(enums[0].sources.len(), 2);
    }

    #[test]
    fn a_component_absorbs_inline_copies_even_those_before_it_but_not_another_component() {
        let doc = r##"
paths:
  /v1/a/:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  inline: {type: string, enum: [X, Y]}
                  first: {$ref: "#/components/schemas/First"}
                  second: {$ref: "#/components/schemas/Second"}
components:
  schemas:
    First: {type: string, enum: [X, Y]}
    Second: {type: string, enum: [X, Y]}
"##;
        let (m, layout, _) = pipeline(doc, "{}");
        let first = type_named(&m, &layout, "First");
        let second = type_named(&m, &layout, "Second");
        assert_ne!(first, second);
        // The inline copy came first in the document, yet the component is
        // what it became, and the component's own source is listed first.
        assert_eq!(m.ty(first).component.as_deref(), Some("First"));
        assert_eq!(m.ty(first).sources[0], "#/components/schemas/First");
        assert_eq!(m.ty(first).uses.len(), 2);
        assert_eq!(m.ty(second).uses.len(), 1);
        assert_eq!(m.types.len(), 3, "{:?}", type_names(&layout));
    }

    #[test]
    fn parents_of_identical_children_are_identical_at_once() {
        // Two inline objects whose only difference was which (identical)
        // inline enum they hold: one type, without a second pass.
        let doc = r#"
paths:
  /v1/a/:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                home:
                  type: object
                  properties: {kind: {type: string, enum: [A, B]}}
                work:
                  type: object
                  properties: {kind: {type: string, enum: [A, B]}}
      responses: {"200": {description: OK}}
"#;
        let m = model(doc);
        let structs = m
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Struct(_)))
            .count();
        // The request body and one shared child struct.
        assert_eq!(structs, 2);
        assert_eq!(m.types.len(), 3);
    }

    #[test]
    fn a_field_description_tells_types_apart_but_the_types_own_does_not() {
        let doc = r#"
paths:
  /v1/a/:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                same_1: {type: object, description: one, properties: {x: {type: string}}}
                same_2: {type: object, description: two, properties: {x: {type: string}}}
                other: {type: object, properties: {x: {type: string, description: differs}}}
      responses: {"200": {description: OK}}
"#;
        let m = model(doc);
        let children: Vec<_> = m.types.iter().filter(|t| t.uses.len() == 2).collect();
        assert_eq!(children.len(), 1, "same_1 and same_2 are one type");
        // Shared by places with different descriptions: it keeps neither.
        assert_eq!(children[0].doc, None);
        assert_eq!(m.types.len(), 3);
    }

    #[test]
    fn query_parameters_and_inline_bodies_belong_to_their_operation() {
        let op = |path: &str| {
            format!(
                "  {path}:\n    post:\n      parameters: [{{name: q, in: query, schema: {{type: string}}}}]\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: object, properties: {{x: {{type: string}}}}}}\n      responses: {{\"200\": {{description: OK}}}}\n"
            )
        };
        let doc = format!("paths:\n{}{}", op("/v1/a/"), op("/v1/b/"));
        let m = model(&doc);
        // Two parameter structs and two request structs, none shared.
        assert_eq!(m.types.len(), 4);
    }

    #[test]
    fn lowering_picks_the_shape_each_schema_describes() {
        let doc = r#"
paths:
  /v1/a/:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: [open, day]
                properties:
                  open:
                    anyOf: [{type: string, enum: [A, B]}, {type: string}]
                  day: {type: string, pattern: '^\d{4}-\d{2}-\d{2}$'}
                  maybe: {type: [string, "null"], enum: [C, null]}
                  when:
                    anyOf: [{type: string, format: date-time}, {type: string, format: date}]
                  phones:
                    type: array
                    items: {type: object, properties: {n: {type: string}}}
                  anything: {type: object}
                  tags: {type: object, additionalProperties: {type: integer}}
"#;
        let (m, layout, _) = pipeline(doc, "date_patterns: ['^\\d{4}-\\d{2}-\\d{2}$']");
        let Ty::Named(page) = response(&m, "/v1/a/") else {
            panic!("the response is a struct")
        };
        let s = m.as_struct(page).unwrap();
        let ty = |json: &str| s.field(json).unwrap().1.ty.clone();
        let open = type_named(&m, &layout, "GetAOpen");
        assert!(matches!(&m.ty(open).kind, TypeKind::Enum(e) if e.values == ["A", "B"]));
        assert_eq!(ty("day"), Ty::Date);
        assert!(matches!(ty("maybe"), Ty::Nullable(inner) if matches!(*inner, Ty::Named(_))));
        let when = type_named(&m, &layout, "DateTimeOrDate");
        assert!(matches!(&m.ty(when).kind, TypeKind::Union(u) if u.variants.len() == 2));
        let Ty::List(item) = ty("phones") else {
            panic!("phones is a list")
        };
        let Ty::Named(phone) = *item else {
            panic!("of a struct")
        };
        // Items of a list are named after its singular.
        assert!(matches!(&m.ty(phone).uses[0], Use::Member { member, .. } if member == "phone"));
        assert_eq!(ty("anything"), Ty::JsonObject);
        assert_eq!(ty("tags"), Ty::Map(Box::new(Ty::Integer)));
    }

    #[test]
    fn union_branches_are_tried_most_specific_first_and_labelled() {
        let doc = r#"
paths:
  /v1/a/:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                oneOf:
                  - {type: object, properties: {any: {type: string}}}
                  - {type: object, required: [id, email], properties: {id: {type: string}, email: {type: string}}}
                  - {type: object, required: [id, phone], properties: {id: {type: string}, phone: {type: string}}}
                  - {type: string}
"#;
        let m = model(doc);
        let Ty::Named(union) = response(&m, "/v1/a/") else {
            panic!("a union")
        };
        let TypeKind::Union(u) = &m.ty(union).kind else {
            panic!("a union")
        };
        let labels: Vec<Option<&str>> = u.variants.iter().map(|v| v.label.as_deref()).collect();
        assert_eq!(labels, [Some("Email"), Some("Phone"), Some("Object"), None]);
    }

    #[test]
    fn a_loop_of_references_is_reported_not_followed_forever() {
        let doc = r##"
paths:
  /v1/a/:
    get:
      responses:
        "200":
          description: OK
          content: {application/json: {schema: {$ref: "#/components/schemas/Node"}}}
components:
  schemas:
    Node:
      type: object
      properties:
        next: {$ref: "#/components/schemas/Node"}
"##;
        let (m, _, diags) = pipeline(doc, "{}");
        assert!(diags.to_string().contains("refers to itself"), "{diags}");
        let Ty::Named(node) = response(&m, "/v1/a/") else {
            panic!("a struct")
        };
        assert_eq!(m.as_struct(node).unwrap().fields[0].ty, Ty::Json);
    }

    #[test]
    fn secrets_are_marked_by_policy_name_and_by_format_password_only() {
        let doc = r#"
paths:
  /v1/a/:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                webhook_secret: {type: string}
                Access-Token: {type: [string, "null"]}
                passphrase: {type: string, format: password}
                secretary: {type: string}
                name: {type: string}
      responses: {"200": {description: OK}}
"#;
        let policy = "secret_fields: {names: [access_token], suffixes: [secret]}";
        let (m, _, _) = crate::test_support::pipeline(doc, policy);
        let op = &m.operations[0];
        let Some(Ty::Named(body)) = &op.body else {
            panic!("a struct body")
        };
        let secret: Vec<(&str, bool)> = m
            .as_struct(*body)
            .unwrap()
            .fields
            .iter()
            .map(|f| (f.json_name.as_str(), f.secret))
            .collect();
        assert_eq!(
            secret,
            [
                ("webhook_secret", true),
                ("Access-Token", true),
                ("passphrase", true),
                ("secretary", false),
                ("name", false)
            ]
        );
        // Without the policy's list only `format: password` is a secret.
        let (m, _, _) = crate::test_support::pipeline(doc, "{}");
        let Some(Ty::Named(body)) = &m.operations[0].body else {
            panic!("a struct body")
        };
        let names: Vec<&str> = m
            .as_struct(*body)
            .unwrap()
            .fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.json_name.as_str())
            .collect();
        assert_eq!(names, ["passphrase"]);
    }
}
