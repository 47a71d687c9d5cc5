//! The model: what the document describes, as shapes.
//!
//! Made once by [`crate::shape`] and never changed afterwards. It holds
//! types and operations with typed ids ([`TypeId`], [`OpId`]) and no Rust
//! names at all: every identifier, module, file and path is the
//! [`crate::layout`]'s to decide. Structurally identical types are one
//! [`TypeDef`] (decided when each is inserted, by its shape), so there is
//! nothing to filter: every type in [`Model::types`] is alive.

use std::collections::BTreeSet;
use std::fmt;

/// A type of the model: an index into [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(u32);

/// An operation of the model: an index into [`Model::operations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpId(u32);

macro_rules! id_impls {
    ($id:ident) => {
        impl $id {
            pub(crate) fn new(index: usize) -> Self {
                // The shape stage refuses documents this large long before.
                $id(u32::try_from(index).unwrap_or(u32::MAX))
            }

            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $id {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_impls!(TypeId);
id_impls!(OpId);

#[derive(Debug, Clone)]
pub struct Model {
    pub title: String,
    pub version: String,
    /// The documents this model was made from, in the order given.
    pub inputs: Vec<InputInfo>,
    pub servers: Vec<Server>,
    pub operations: Vec<Operation>,
    pub types: Vec<TypeDef>,
    /// The write-status operation, when the document has it in the shape
    /// `spec/policy.yaml` describes.
    pub write_jobs: Option<WriteJobs>,
    /// The requests Propexo sends (the document's `webhooks`), in document
    /// order; those that cannot be received (no `post`) are left out.
    pub webhooks: Vec<Webhook>,
}

/// One webhook of the document's `webhooks` section: a JSON `POST` Propexo
/// sends, named by the trigger it was registered for.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Its name in the document, which is the trigger (`DATA_NEW`).
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The type of its JSON body.
    pub payload: Ty,
    /// JSON pointer of its operation.
    pub pointer: String,
}

impl Model {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    pub fn op(&self, id: OpId) -> &Operation {
        &self.operations[id.index()]
    }

    pub fn type_ids(&self) -> impl Iterator<Item = TypeId> {
        (0..self.types.len()).map(TypeId::new)
    }

    pub fn op_ids(&self) -> impl Iterator<Item = OpId> {
        (0..self.operations.len()).map(OpId::new)
    }

    /// The struct `id` is, if it is one.
    pub fn as_struct(&self, id: TypeId) -> Option<&Struct> {
        match &self.ty(id).kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// The types `id` mentions directly (fields, map values, variants).
    pub fn children(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = Vec::new();
        match &self.ty(id).kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    field.ty.visit_ids(&mut |c| out.push(c));
                }
                if let Some(extra) = &s.additional {
                    extra.visit_ids(&mut |c| out.push(c));
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    variant.ty.visit_ids(&mut |c| out.push(c));
                }
            }
            TypeKind::Enum(_) => {}
        }
        out
    }

    /// `roots` and every type they contain, through any depth.
    pub fn reachable(&self, roots: impl IntoIterator<Item = TypeId>) -> BTreeSet<TypeId> {
        let mut stack: Vec<TypeId> = roots.into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if seen.insert(id) {
                stack.extend(self.children(id));
            }
        }
        seen
    }

    /// The types an operation's function mentions directly.
    pub fn op_roots(&self, op: &Operation) -> Vec<TypeId> {
        let mut roots = Vec::new();
        for ty in [&op.body, &op.response, &op.error].into_iter().flatten() {
            ty.visit_ids(&mut |id| roots.push(id));
        }
        for param in &op.path_params {
            param.ty.visit_ids(&mut |id| roots.push(id));
        }
        roots.extend(op.query);
        roots
    }
}

/// The write-status operation and where its status is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteJobs {
    pub op: OpId,
    /// The index of the status field in the response struct.
    pub status_field: usize,
    pub status_enum: TypeId,
    /// Indices (into the enum's values) of the statuses that end the wait.
    pub final_values: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct InputInfo {
    pub label: String,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct Server {
    /// What the document calls it (`x-fern-server-name`, else its
    /// description, else its position).
    pub label: String,
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The component schema this type is, if any.
    pub component: Option<String>,
    /// Every place that uses this type, in document order, which is what
    /// names it when the document gives no good name of its own.
    pub uses: Vec<Use>,
    /// JSON pointers of the schemas this type was made from.
    pub sources: Vec<String>,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

/// One place a type is used. `P` is how the parent type is referred to:
/// [`TypeId`] in the model; the shape stage uses its own provisional ids
/// while the parent is still being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use<P = TypeId> {
    /// The request body, response or query parameters of an operation.
    Operation { op: OpId, role: IoRole },
    /// A property, list item, map value or union branch of another type.
    /// `member` is the property name (singular for list items).
    Member { parent: P, member: String },
    /// A union branch the document gave a `title`.
    Titled {
        parent: P,
        member: String,
        title: String,
    },
    /// Items or values of a component schema that is an array or a map.
    ComponentPart { component: String, member: String },
    /// Items or values of an operation body that is an array or a map.
    OperationPart {
        op: OpId,
        role: IoRole,
        member: String,
    },
}

impl<P> Use<P> {
    pub fn map_parent<Q>(self, f: impl FnOnce(P) -> Q) -> Use<Q> {
        match self {
            Use::Operation { op, role } => Use::Operation { op, role },
            Use::Member { parent, member } => Use::Member {
                parent: f(parent),
                member,
            },
            Use::Titled {
                parent,
                member,
                title,
            } => Use::Titled {
                parent: f(parent),
                member,
                title,
            },
            Use::ComponentPart { component, member } => Use::ComponentPart { component, member },
            Use::OperationPart { op, role, member } => Use::OperationPart { op, role, member },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IoRole {
    Params,
    Request,
    Response,
    Error,
}

impl IoRole {
    pub fn suffix(self) -> &'static str {
        match self {
            IoRole::Params => "Params",
            IoRole::Request => "Request",
            IoRole::Response => "Response",
            IoRole::Error => "Error",
        }
    }
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
}

impl TypeKind {
    pub fn label(&self) -> &'static str {
        match self {
            TypeKind::Struct(_) => "struct",
            TypeKind::Enum(_) | TypeKind::Union(_) => "enum",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside named properties: collected into a map.
    pub additional: Option<Ty>,
}

impl Struct {
    /// The index and definition of the property `json`.
    pub fn field(&self, json: &str) -> Option<(usize, &Field)> {
        self.fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.json_name == json)
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub json_name: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub beta: bool,
    /// Holds a secret (`format: password`, or a name `spec/policy.yaml`
    /// lists under `secret_fields`): `Debug` must not show it.
    pub secret: bool,
    /// What the document says about its values beyond their type.
    pub constraints: Constraints,
    pub pointer: String,
}

/// What a schema says about the values it accepts beyond their type: for
/// documentation only (the API, not the client, enforces them). Numbers
/// are kept as the document writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<String>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    /// `format` (`date-time`, `uuid`, `email`, …).
    pub format: Option<String>,
    /// The default value, as JSON.
    pub default: Option<String>,
}

/// A minimum or maximum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub value: String,
    pub exclusive: bool,
}

/// `deprecated: true` (or Fern's `x-fern-availability: deprecated`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Deprecation {
    /// What the document says about it (its description), if anything.
    pub note: Option<String>,
}

/// A string enum: its values in document order, each once. Generated enums
/// also accept values the document does not list (a living API adds
/// vendors and statuses), keeping the raw string.
#[derive(Debug, Clone)]
pub struct Enum {
    pub values: Vec<String>,
}

/// `anyOf`/`oneOf` of several shapes: an untagged enum, tried in order
/// (the most specific branch first).
#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// What tells this branch apart, when the document says: its `title`,
    /// the required property only it has, or `Empty`/`Object` for objects.
    /// Distinct within the union. Branches without one are told apart by
    /// their type.
    pub label: Option<String>,
    pub ty: Ty,
    pub doc: Option<String>,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    /// RFC 3339 timestamp.
    DateTime,
    /// `YYYY-MM-DD`.
    Date,
    /// Any JSON value (the schema says nothing about it).
    Json,
    /// Some JSON object (the schema says only `type: object`).
    JsonObject,
    Named(TypeId),
    List(Box<Ty>),
    Map(Box<Ty>),
    Nullable(Box<Ty>),
}

impl Ty {
    /// The type without its nullability.
    pub fn non_null(&self) -> &Ty {
        match self {
            Ty::Nullable(inner) => inner,
            other => other,
        }
    }

    pub fn is_nullable(&self) -> bool {
        matches!(self, Ty::Nullable(_))
    }

    /// Calls `f` on every type id this expression mentions.
    pub fn visit_ids(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            Ty::Named(id) => f(*id),
            Ty::List(inner) | Ty::Map(inner) | Ty::Nullable(inner) => inner.visit_ids(f),
            _ => {}
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// Upper case, e.g. `PUT`.
    pub method: String,
    pub path: String,
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub beta: bool,
    /// The PMS this operation is specific to, if any.
    pub vendor: Option<Vendor>,
    /// The path without the vendor segment: what names the operation.
    pub route: String,
    /// False for operations documented as "- Not Supported".
    pub supported: bool,
    pub path_params: Vec<Param>,
    /// The struct of its query parameters, if it has any.
    pub query: Option<TypeId>,
    pub body: Option<Ty>,
    pub response: Option<Ty>,
    /// The body of its 4xx answers, when the document describes one.
    pub error: Option<Ty>,
    /// Set when its response is a page of a list.
    pub list: Option<List>,
    /// A write answered by a job id (`job_id`, or `meta.job_id`, in its
    /// response): its function returns a `WriteJob`, which finds the id
    /// in either documented shape.
    pub write_job: bool,
}

impl Operation {
    /// `PUT /v1/leads/{id}`: how the document and humans name it.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A PMS-specific operation's vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    /// The path segment naming it, as written (`resman`).
    pub segment: String,
    /// As the summary spells it (`ResMan`).
    pub label: String,
}

impl Vendor {
    /// The segment in lower case: what tells vendors apart.
    pub fn key(&self) -> String {
        self.segment.to_ascii_lowercase()
    }
}

/// A response that is a page of a list: a struct with a `results` array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// The response struct.
    pub response: TypeId,
    /// The index of `results` in it.
    pub results: usize,
    /// How to walk the pages, when the operation can.
    pub paging: Option<Paging>,
}

/// A list that can be walked page by page: integer `offset` and `limit`
/// query parameters, a non-null `results` array and a `meta` object with
/// `hasMore`. Fields are indices into their structs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    pub query: TypeId,
    pub offset: usize,
    pub item: Ty,
    pub meta: usize,
    pub meta_optional: bool,
    pub meta_type: TypeId,
    pub has_more: usize,
    pub has_more_optional: bool,
    pub has_more_nullable: bool,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub ty: Ty,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub constraints: Constraints,
}
