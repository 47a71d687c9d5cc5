//! The intermediate model between the OpenAPI document and Rust code.
//!
//! The builder ([`crate::build`]) fills it from the document, in document
//! order; normalization ([`crate::normalize`]) de-duplicates and names it;
//! emitters ([`crate::emit`]) only print it. Everything an emitter needs is
//! decided here, so that emitters hold no policy.

/// Index into [`Api::types`].
pub type TypeId = usize;

#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    /// The documents this model was built from, in the order given.
    pub inputs: Vec<InputInfo>,
    pub servers: Vec<Server>,
    pub operations: Vec<Operation>,
    /// All types; a type merged into another by de-duplication keeps its
    /// slot with `merged_into` set, so that ids stay stable.
    pub types: Vec<TypeDef>,
    /// How to wait for write jobs, when the document has the operation
    /// (set by normalization).
    pub write_jobs: Option<WriteJobs>,
    /// The requests Propexo sends (the document's `webhooks`), in document
    /// order.
    pub webhooks: Vec<Webhook>,
    /// The module that hosts the receive side of [`Api::webhooks`] (from
    /// `spec/policy.yaml`); `None` when there is nothing to receive.
    pub webhook_module: Option<String>,
}

/// One webhook of the document's `webhooks` section: a JSON `POST` Propexo
/// sends, named by the trigger it was registered for.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Its name in the document, which is the trigger (`DATA_NEW`).
    pub name: String,
    /// Its variant of the generated `Event` enum (`DataNew`).
    pub variant: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The type of its JSON body.
    pub payload: Ty,
    /// JSON pointer of its operation.
    pub pointer: String,
}

/// The write-status operation and how to read it.
#[derive(Debug, Clone)]
pub struct WriteJobs {
    /// Index into [`Api::operations`].
    pub op: usize,
    /// The response's status field (Rust name) and its enum type.
    pub status_field: String,
    pub status_enum: TypeId,
    /// Rust variant names of the statuses that end the wait.
    pub final_variants: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct InputInfo {
    pub label: String,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct Server {
    /// A Rust variant name for it, e.g. `Production`.
    pub name: String,
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name; empty until normalization names it.
    pub name: String,
    /// The component schema this type is, if any.
    pub component: Option<String>,
    /// Every place that uses this type, which is what names it when the
    /// document gives no good name of its own.
    pub uses: Vec<Use>,
    /// JSON pointers of the schemas this type was built from.
    pub sources: Vec<String>,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// The file under `src/types/` that holds it (set by normalization).
    pub home: String,
    pub merged_into: Option<TypeId>,
}

/// One place a type is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// The request body, response or query parameters of an operation.
    Operation { op: usize, role: IoRole },
    /// A property, list item, map value or union branch of another type.
    /// `member` is the property name (singular for list items).
    Member { parent: TypeId, member: String },
    /// A union branch the document gave a `title`.
    Titled {
        parent: TypeId,
        member: String,
        title: String,
    },
    /// Items or values of a component schema that is an array or a map.
    ComponentPart { component: String, member: String },
    /// Items or values of an operation body that is an array or a map.
    OperationPart {
        op: usize,
        role: IoRole,
        member: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

#[derive(Debug, Clone)]
pub struct Field {
    pub json_name: String,
    /// Set by normalization: a valid, unique snake_case identifier.
    pub rust_name: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub beta: bool,
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Deprecation {
    /// What the document says about it (its description), if anything.
    pub note: Option<String>,
    /// The generated item to use instead, when the note names one (set by
    /// normalization).
    pub replacement: Option<Replacement>,
}

/// What replaces a deprecated item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Replacement {
    /// A field of the same struct, by its Rust name.
    Field(String),
    /// An endpoint function.
    Operation { module: String, function: String },
    /// The endpoint functions of a resource.
    Module(String),
}

/// A string enum. Generated enums also accept values the document does not
/// list (a living API adds vendors and statuses), keeping the raw string.
#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub value: String,
    /// Set by normalization.
    pub rust_name: String,
}

/// `anyOf`/`oneOf` of several shapes: an untagged enum, tried in order.
#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Ty,
    pub doc: Option<String>,
    /// Held in a `Box`, so that one large variant does not make every
    /// value of the enum large (set by normalization for struct variants).
    pub boxed: bool,
}

/// A Rust type expression.
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

    pub fn map_ids(&mut self, f: &impl Fn(TypeId) -> TypeId) {
        match self {
            Ty::Named(id) => *id = f(*id),
            Ty::List(inner) | Ty::Map(inner) | Ty::Nullable(inner) => inner.map_ids(f),
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
    /// The resource: the Rust module the endpoint function lives in.
    pub module: String,
    /// The endpoint function's name within its module.
    pub fn_name: String,
    /// Prefix of the names of its request, response and parameter types.
    pub type_prefix: String,
    /// The lowercase vendor path segment of a PMS-specific operation.
    pub vendor: Option<String>,
    /// The vendor as the summary spells it (`ResMan`).
    pub vendor_label: Option<String>,
    /// False for operations documented as "- Not Supported".
    pub supported: bool,
    pub path_params: Vec<Param>,
    /// The struct of its query parameters, if it has any.
    pub query: Option<TypeId>,
    pub body: Option<Ty>,
    pub response: Option<Ty>,
    /// The body of its 4xx answers, when the document describes one.
    pub error: Option<Ty>,
    /// True when its response is a page of `results` (an array).
    pub is_list: bool,
    /// How to walk its pages, when it is a paginated list (set by
    /// normalization).
    pub pagination: Option<Pagination>,
}

/// A paginated list operation: Rust names of the fields involved.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// `offset` in the query parameters struct.
    pub offset_field: String,
    /// `results` in the response.
    pub results_field: String,
    /// The type of the listed items.
    pub item: Ty,
    /// `meta` in the response.
    pub meta_field: String,
    pub meta_optional: bool,
    /// `hasMore` in `meta`.
    pub has_more_field: String,
    pub has_more_optional: bool,
    pub has_more_nullable: bool,
}

impl Operation {
    /// `PUT /v1/leads/{id}`: how the document and humans name it.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub ty: Ty,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
}
