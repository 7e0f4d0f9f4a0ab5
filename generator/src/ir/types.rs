//! Types: what a schema becomes.

use serde_json::Value;

/// Index of a [`TypeDef`] in the type table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A Rust type expression as used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeExpr {
    /// `()` — a schema that only allows `null`.
    Unit,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// `uuid::Uuid`.
    Uuid,
    /// Base64 text (`format: byte`), decoded.
    Base64,
    /// A file part of a multipart body (`format: binary` there).
    File,
    /// Raw bytes (`format: binary` as a whole body).
    Bytes,
    /// `serde_json::Value`: anything.
    Json,
    /// A JSON object with unknown keys: `serde_json::Map<String, Value>`.
    JsonObject,
    /// `Vec<T>`.
    Vec(Box<TypeExpr>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeExpr>),
    /// `Option<T>`.
    Option(Box<TypeExpr>),
    /// `Box<T>`, inserted to break recursive containment.
    Boxed(Box<TypeExpr>),
    /// A named type.
    Named(TypeId),
}

impl TypeExpr {
    /// Wraps in `Option` unless already optional.
    pub fn optional(self) -> TypeExpr {
        match self {
            TypeExpr::Option(_) => self,
            other => TypeExpr::Option(Box::new(other)),
        }
    }

    /// Calls `visit` with every named type this expression mentions.
    pub fn each_named(&self, visit: &mut dyn FnMut(TypeId)) {
        match self {
            TypeExpr::Named(id) => visit(*id),
            TypeExpr::Vec(inner) | TypeExpr::Map(inner) | TypeExpr::Option(inner) | TypeExpr::Boxed(inner) => {
                inner.each_named(visit)
            }
            _ => {}
        }
    }

    /// Calls `visit` with every named type this expression mentions, to
    /// change it.
    pub fn each_named_mut(&mut self, visit: &mut dyn FnMut(&mut TypeId)) {
        match self {
            TypeExpr::Named(id) => visit(id),
            TypeExpr::Vec(inner) | TypeExpr::Map(inner) | TypeExpr::Option(inner) | TypeExpr::Boxed(inner) => {
                inner.each_named_mut(visit)
            }
            _ => {}
        }
    }
}

impl TypeKind {
    /// Calls `visit` with every type expression of the definition.
    pub fn each_type_mut(&mut self, visit: &mut dyn FnMut(&mut TypeExpr)) {
        match self {
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => visit(ty),
            TypeKind::Struct(s) | TypeKind::Params(s) => {
                for field in &mut s.fields {
                    visit(&mut field.ty);
                }
                if let Some((_, ty)) = &mut s.extra {
                    visit(ty);
                }
            }
            TypeKind::Untagged(variants) => variants.iter_mut().for_each(|v| visit(&mut v.ty)),
            TypeKind::Tagged(tagged) => tagged.variants.iter_mut().for_each(|(_, _, ty)| visit(ty)),
            TypeKind::Responses(variants) => variants.iter_mut().filter_map(|v| v.ty.as_mut()).for_each(visit),
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }
}

/// A named, generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name, UpperCamelCase and unique.
    pub name: String,
    /// Rustdoc text (title and description).
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The JSON pointer of the schema it came from.
    pub pointer: String,
    /// Derives and attributes the user's callbacks add.
    pub extras: Extras,
    /// What it is.
    pub kind: TypeKind,
}

/// What [`Callbacks`](crate::Callbacks) add to a type's definition, each
/// checked to parse as Rust.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Extras {
    /// Paths of further derives (`Eq`, `::my_crate::Derive`).
    pub derives: Vec<String>,
    /// Outer attributes (`#[non_exhaustive]`).
    pub attributes: Vec<String>,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// `pub type Name = T;`
    Alias(TypeExpr),
    /// `pub struct Name(pub T);` — an alias that refers to itself.
    Newtype(TypeExpr),
    /// A struct with named fields.
    Struct(Struct),
    /// An open string enum (unknown values are kept).
    StringEnum(StringEnum),
    /// An open integer enum.
    IntegerEnum(IntegerEnum),
    /// An untagged union (`oneOf`/`anyOf` without discriminator).
    Untagged(Vec<Variant>),
    /// A union selected by a discriminator property.
    Tagged(Tagged),
    /// Per-operation parameters struct (query, header and cookie parameters).
    Params(Struct),
    /// A per-operation enum of response bodies (success or error).
    Responses(Vec<ResponseVariant>),
}

/// A struct's fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Struct {
    /// Declared properties, in document order.
    pub fields: Vec<Field>,
    /// `additionalProperties` beside declared properties: the field name
    /// and value type of the flattened map.
    pub extra: Option<(String, TypeExpr)>,
    /// True when this struct is a multipart body (file fields are skipped by serde).
    pub multipart: bool,
}

/// One property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The Rust field name.
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// The value type, without the optionality wrappers.
    pub ty: TypeExpr,
    /// How presence and `null` are represented.
    pub presence: Presence,
    /// A default applied when the property is absent.
    pub default: Option<Value>,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// How a property's presence and nullability map to Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required but may be `null`: `Option<T>`, serialised as `null`.
    RequiredNullable,
    /// Optional, not nullable: `Option<T>`, omitted when `None`.
    Optional,
    /// Optional and nullable: `Option<Option<T>>` keeps absent and `null` apart.
    OptionalNullable,
    /// Optional with a default: `T`, the default filled in when absent.
    Defaulted,
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringEnum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// The name of the catch-all variant holding unknown values.
    pub other: String,
}

/// A known enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// An open integer enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IntegerEnum {
    /// Known values and their variant names.
    pub variants: Vec<(String, i64)>,
    /// The catch-all variant's name.
    pub other: String,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// Its payload.
    pub ty: TypeExpr,
}

/// A discriminated union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tagged {
    /// The discriminator property.
    pub property: String,
    /// Alternatives: variant name, the tag values selecting it, payload.
    pub variants: Vec<(String, Vec<String>, TypeExpr)>,
    /// The catch-all variant's name (unknown tags keep the whole value).
    pub other: String,
}

/// One variant of a per-operation response enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponseVariant {
    /// The Rust variant name (`Ok`, `Created`, `NotFound`, `Status418` …).
    pub name: String,
    /// The body type, or `None` for a bodyless response.
    pub ty: Option<TypeExpr>,
    /// Rustdoc text (the response description).
    pub doc: Option<String>,
}

/// Everything but the default, which has no `Hash` (`serde_json::Value`);
/// equal fields still hash alike, which is all `Hash` promises.
impl std::hash::Hash for Field {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (
            &self.name,
            &self.wire_name,
            &self.ty,
            self.presence,
            &self.doc,
            self.deprecated,
        )
            .hash(state);
        self.default.is_some().hash(state);
    }
}
