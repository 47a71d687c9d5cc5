//! Schemas → types.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, AnySchema, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat,
    StringType, Type, VariantOrUnknownOrEmpty,
};

use crate::diag::Diagnostics;
use crate::ir::{
    Deprecation, Enum, EnumVariant, Field, Struct, Ty, TypeDef, TypeId, TypeKind, Union,
    UnionVariant, Use,
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

/// What a schema being built is: a named component, or used somewhere.
#[derive(Clone)]
enum Owner {
    Component(String),
    Used(Use),
}

pub struct TypeBuilder<'a> {
    doc: &'a OpenAPI,
    policy: &'a Policy,
    pub diags: &'a mut Diagnostics,
    types: Vec<TypeDef>,
    components: BTreeMap<String, Ty>,
    in_progress: BTreeSet<String>,
}

impl<'a> TypeBuilder<'a> {
    pub fn new(doc: &'a OpenAPI, policy: &'a Policy, diags: &'a mut Diagnostics) -> Self {
        TypeBuilder {
            doc,
            policy,
            diags,
            types: Vec::new(),
            components: BTreeMap::new(),
            in_progress: BTreeSet::new(),
        }
    }

    pub fn finish(self) -> Vec<TypeDef> {
        self.types
    }

    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id]
    }

    pub fn push_type(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def);
        self.types.len() - 1
    }

    pub fn set_kind(&mut self, id: TypeId, kind: TypeKind) {
        self.types[id].kind = kind;
    }

    /// The type of `schema` at `at`, used as `use_`.
    pub fn ty_for<'s>(&mut self, schema: impl Into<SchemaRef<'s>>, at: &str, use_: Use) -> Ty {
        match schema.into() {
            SchemaRef::Ref(reference) => self.reference(reference, at, use_),
            SchemaRef::Inline(schema) => self.schema_ty(schema, at, Owner::Used(use_)),
        }
    }

    /// The type of the component a `$ref` names, recording no use: for
    /// roots that are not an operation's input or output (webhook payloads),
    /// named by their component.
    pub fn component_ty(&mut self, reference: &str, at: &str) -> Ty {
        match pointer::ref_target(reference, "schemas") {
            Some(name) => self.component(&name, at),
            None => {
                self.diags.error(
                    at,
                    format!(
                        "unsupported reference {reference:?}: only #/components/schemas/… is supported"
                    ),
                );
                Ty::Json
            }
        }
    }

    /// Resolves a `$ref` to its schema, for looking at a shape.
    fn reference(&mut self, reference: &str, at: &str, use_: Use) -> Ty {
        let Some(name) = pointer::ref_target(reference, "schemas") else {
            self.diags.error(
                at,
                format!(
                    "unsupported reference {reference:?}: only #/components/schemas/… is supported"
                ),
            );
            return Ty::Json;
        };
        let ty = self.component(&name, at);
        // Only the type the reference stands for records the use (not, say,
        // the items of a component that is an array).
        if let Ty::Named(id) = ty.non_null() {
            self.types[*id].uses.push(use_);
        }
        ty
    }

    fn component(&mut self, name: &str, at: &str) -> Ty {
        if let Some(ty) = self.components.get(name) {
            return ty.clone();
        }
        let Some(schema) = self
            .doc
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
        else {
            self.diags
                .error(at, format!("reference to undefined schema {name:?}"));
            return Ty::Json;
        };
        if !self.in_progress.insert(name.to_owned()) {
            self.diags.warn(
                at,
                format!("schema {name:?} refers to itself through a chain of references; the inner use is an arbitrary JSON value"),
            );
            return Ty::Json;
        }
        let location = pointer::component_schema(name);
        let ty = match schema {
            ReferenceOr::Reference { reference } => {
                let reference = reference.clone();
                self.reference_alias(&reference, &location)
            }
            ReferenceOr::Item(schema) => {
                self.schema_ty(schema, &location, Owner::Component(name.to_owned()))
            }
        };
        self.in_progress.remove(name);
        self.components.insert(name.to_owned(), ty.clone());
        ty
    }

    fn reference_alias(&mut self, reference: &str, at: &str) -> Ty {
        match pointer::ref_target(reference, "schemas") {
            Some(target) => self.component(&target, at),
            None => {
                self.diags
                    .error(at, format!("unsupported reference {reference:?}"));
                Ty::Json
            }
        }
    }

    fn schema_ty(&mut self, schema: &Schema, at: &str, owner: Owner) -> Ty {
        let ty = self.schema_kind_ty(schema, at, owner);
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
                    self.diags.warn(
                        push(at, "enum"),
                        "integer enums are not modelled; any integer is accepted",
                    );
                }
                Ty::Integer
            }
            SchemaKind::Type(Type::Number(n)) => {
                if !n.enumeration.is_empty() {
                    self.diags.warn(
                        push(at, "enum"),
                        "number enums are not modelled; any number is accepted",
                    );
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
                    );
                    Ty::Json
                }
            },
            SchemaKind::Not { .. } => {
                self.diags.warn(push(at, "not"), "`not` cannot be expressed in Rust types; represented as an arbitrary JSON value");
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
        let mut variants: Vec<EnumVariant> = Vec::new();
        let mut nullable = false;
        for (i, value) in values.iter().enumerate() {
            let value_at = push(&push(at, "enum"), &i.to_string());
            let Some(value) = value else {
                nullable = true;
                continue;
            };
            if variants.iter().any(|v| &v.value == value) {
                self.diags.warn(
                    &value_at,
                    format!(
                        "enum value {value:?} is listed more than once; it becomes one variant"
                    ),
                );
                continue;
            }
            if YAML11_BOOLEANS.contains(&value.as_str()) {
                self.diags.warn(
                    &value_at,
                    format!("enum value {value:?} is read as the string {value:?} (YAML 1.2); a YAML 1.1 reader would turn it into a boolean, so it should be quoted"),
                );
            }
            variants.push(EnumVariant {
                value: value.clone(),
                rust_name: String::new(),
            });
        }
        let ty = self.new_type(owner, at, doc, TypeKind::Enum(Enum { variants }));
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
        let id = match self.new_type(
            owner,
            at,
            doc,
            TypeKind::Struct(Struct {
                fields: Vec::new(),
                additional: None,
            }),
        ) {
            Ty::Named(id) => id,
            _ => unreachable!("new_type returns a named type"),
        };
        for name in required {
            if !properties.contains_key(name) {
                self.diags.warn(
                    push(at, "required"),
                    format!("required property {name:?} is not among the properties; ignored"),
                );
            }
        }
        let mut fields = Vec::new();
        for (name, prop) in properties {
            let prop_at = push(&push(at, "properties"), name);
            let prop_ref: SchemaRef<'_> = prop.into();
            let data = match prop_ref {
                SchemaRef::Inline(schema) => Some(schema.schema_data.clone()),
                SchemaRef::Ref(_) => None,
            };
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
            fields.push(Field {
                json_name: name.clone(),
                rust_name: String::new(),
                ty,
                required: required.contains(name),
                doc,
                deprecated,
                beta,
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
        self.types[id].kind = TypeKind::Struct(Struct { fields, additional });
        Ty::Named(id)
    }

    fn union_ty(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        branches_at: &str,
        at: &str,
        owner: Owner,
        doc: Option<String>,
    ) -> Ty {
        if let Some(values) = self.open_enum_values(branches) {
            // `anyOf: [{enum: [A, B]}, {type: string}]` says "one of these
            // values, or another string": exactly what generated enums are.
            return self.enum_ty(&values, at, owner, doc);
        }
        let id = match self.new_type(
            owner.clone(),
            at,
            doc,
            TypeKind::Union(Union {
                variants: Vec::new(),
            }),
        ) {
            Ty::Named(id) => id,
            _ => unreachable!("new_type returns a named type"),
        };
        let own_member = self.own_member(&owner);
        let doc = self.doc;
        let shapes: Vec<Option<&Schema>> =
            branches.iter().map(|b| resolve_in(doc, b.into())).collect();
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
                    );
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
            let name = names[i]
                .take()
                .unwrap_or_else(|| primitive_name(&ty).to_owned());
            variants.push(UnionVariant {
                name,
                ty,
                doc: shapes[i].and_then(|s| s.schema_data.description.clone()),
                boxed: false,
            });
        }
        self.types[id].kind = TypeKind::Union(Union { variants });
        Ty::Named(id)
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

    fn new_type(&mut self, owner: Owner, at: &str, doc: Option<String>, kind: TypeKind) -> Ty {
        let (component, uses) = match owner {
            Owner::Component(name) => (Some(name), Vec::new()),
            Owner::Used(use_) => (None, vec![use_]),
        };
        self.types.push(TypeDef {
            name: String::new(),
            component,
            uses,
            sources: vec![at.to_owned()],
            doc,
            kind,
            home: String::new(),
            merged_into: None,
        });
        Ty::Named(self.types.len() - 1)
    }

    /// The use of the items of an array owned by `owner`.
    fn item_use(&mut self, owner: &Owner, at: &str) -> Use {
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
    fn member_use(&mut self, owner: &Owner, _at: &str, member: &str) -> Use {
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
        replacement: None,
    })
}

pub fn is_beta(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> bool {
    extensions
        .get("x-fern-availability")
        .and_then(|v| v.as_str())
        == Some("beta")
}

/// Follows `$ref`s to the schema they name.
fn resolve_in<'s>(doc: &'s OpenAPI, schema: SchemaRef<'s>) -> Option<&'s Schema> {
    let mut current = schema;
    // A bound, in case references form a loop.
    for _ in 0..32 {
        match current {
            SchemaRef::Inline(schema) => return Some(schema),
            SchemaRef::Ref(reference) => {
                let name = pointer::ref_target(reference, "schemas")?;
                let target = doc.components.as_ref()?.schemas.get(&name)?;
                current = target.into();
            }
        }
    }
    None
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
/// their type once it is known ([`primitive_name`]).
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

/// The variant name of a union branch that is not an object.
pub fn primitive_name(ty: &Ty) -> &'static str {
    match ty.non_null() {
        Ty::String => "String",
        Ty::Integer => "Integer",
        Ty::Number => "Number",
        Ty::Boolean => "Boolean",
        Ty::DateTime => "DateTime",
        Ty::Date => "Date",
        Ty::List(_) => "List",
        Ty::Map(_) => "Map",
        Ty::JsonObject => "Object",
        Ty::Json | Ty::Nullable(_) => "Value",
        Ty::Named(_) => "Variant",
    }
}
