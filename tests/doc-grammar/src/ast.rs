//! The grammar: an abstract document and the proptest strategies that build
//! it. Rendering (`render.rs`) turns it into OpenAPI JSON for either
//! version, choosing names, de-duplicating keys and resolving references
//! so that every document is valid; keeping the two apart lets proptest
//! shrink the abstract document (fewer components, fewer properties,
//! simpler schemas) and still get a valid document after each step.
//!
//! References are raw indices (`usize`) resolved modulo the number of
//! candidates when rendering, so any value is valid and shrinks towards the
//! first candidate.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::pools::*;

/// A name from one of the pools.
pub type Name = &'static str;

/// A whole document.
#[derive(Debug, Clone)]
pub struct Document {
    /// OpenAPI 3.1.0 (else 3.0.3).
    pub v31: bool,
    pub title: Name,
    pub servers: Servers,
    pub components: Vec<Component>,
    pub paths: Vec<PathItem>,
    pub schemes: Vec<Scheme>,
    pub global_security: Option<Security>,
    /// 3.1 only: operations under `webhooks` (no client method).
    pub webhooks: Vec<Operation>,
}

/// A schema under `components/schemas`. A plain `Ref` here is an alias
/// (and alias chains may loop).
#[derive(Debug, Clone)]
pub struct Component {
    pub name: Name,
    pub schema: Schema,
}

#[derive(Debug, Clone)]
pub enum Schema {
    Ref(Ref),
    Scalar(Scalar),
    Enum(Enum),
    Const(Const),
    Array(Box<Array>),
    Object(Object),
    Map(Box<MapSchema>),
    Union(Union),
    Discriminated(Box<Discriminated>),
    AllOf(AllOf),
    Any(AnyKind),
    /// 3.1 boolean schema; 3.0 renders `true` as `{}` and `false` as `not: {}`.
    Bool(bool),
    /// 3.1 `type: [a, b]` (plus `"null"` when nullable); 3.0 renders an anyOf.
    TypeArray(TypeArray),
    /// 3.1 `type: "null"`; 3.0 renders `{}`.
    Null,
}

/// A `$ref` to a component schema.
#[derive(Debug, Clone)]
pub struct Ref {
    pub target: usize,
    pub wrap: RefWrap,
}

#[derive(Debug, Clone)]
pub enum RefWrap {
    Plain,
    /// 3.0 `allOf: [$ref] + nullable`; 3.1 `anyOf`/`oneOf` with `type: null`.
    Nullable {
        one_of: bool,
    },
    /// 3.0 `allOf: [$ref]` beside a description; 3.1 `$ref` with siblings.
    Described(Name),
    /// `allOf: [$ref]` with `readOnly` (both versions).
    ReadOnly,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StrFormat {
    None,
    DateTime,
    Date,
    Uuid,
    Byte,
    Binary,
    Email,
    Uri,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IntFormat {
    None,
    Int32,
    Int64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumFormat {
    None,
    Float,
    Double,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarKind {
    String(StrFormat),
    Integer(IntFormat),
    Number(NumFormat),
    Boolean,
}

#[derive(Debug, Clone)]
pub struct Scalar {
    pub kind: ScalarKind,
    pub nullable: bool,
    /// An index into the values valid for the kind.
    pub default: Option<usize>,
    /// `default: null` (only rendered when nullable).
    pub default_null: bool,
    /// minimum/maximum, minLength/maxLength (consistent with the default).
    pub bounds: bool,
    pub example: bool,
    pub description: Option<Name>,
}

#[derive(Debug, Clone)]
pub enum EnumValues {
    Strings(Vec<Name>),
    Integers {
        values: Vec<i64>,
        int32: bool,
    },
    Numbers(Vec<f64>),
    Booleans(Vec<bool>),
    /// No `type`, values of several types.
    Mixed,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub values: EnumValues,
    /// 3.0 `nullable` + `null` in the values; 3.1 type array + `null` in the values.
    pub nullable: bool,
    pub default: Option<usize>,
    pub description: Option<Name>,
}

#[derive(Debug, Clone)]
pub enum Const {
    Str(Name),
    Int(i64),
    Bool(bool),
}

#[derive(Debug, Clone)]
pub struct Array {
    pub items: Schema,
    pub unique: bool,
    pub nullable: bool,
    pub min_items: bool,
    pub default_empty: bool,
    /// 3.1 only: no `items` (3.0 renders `items: {}`).
    pub no_items: bool,
}

#[derive(Debug, Clone)]
pub struct Prop {
    pub name: Name,
    pub schema: Schema,
    pub required: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub description: Option<Name>,
}

#[derive(Debug, Clone)]
pub enum Additional {
    Absent,
    True,
    False,
    Schema(Box<Schema>),
}

#[derive(Debug, Clone)]
pub struct Object {
    pub props: Vec<Prop>,
    pub additional: Additional,
    pub nullable: bool,
    /// Omit `type: object` (properties alone).
    pub untyped: bool,
    pub title: Option<Name>,
    pub description: Option<Name>,
}

#[derive(Debug, Clone)]
pub struct MapSchema {
    /// None: `additionalProperties: true` (or `{}`).
    pub values: Option<Schema>,
    pub nullable: bool,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub any_of: bool,
    pub alternatives: Vec<Schema>,
    pub nullable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mapping {
    None,
    Full,
    Partial,
}

#[derive(Debug, Clone)]
pub enum DiscriminatorStyle {
    /// The variants are plain objects with the tag property.
    Direct,
    /// Each variant is `allOf: [$ref Base, {…}]`; Base holds the tag property.
    AllOfBase(Vec<Prop>),
    /// Base holds the tag property and the `discriminator` (no oneOf), and
    /// the variants are `allOf: [$ref Base, {…}]`: the inheritance pattern.
    Inheritance(Vec<Prop>),
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: Name,
    pub tag: Name,
    pub props: Vec<Prop>,
    /// The tag property is `enum: [tag]` rather than a plain string.
    pub tag_enum: bool,
}

/// oneOf/anyOf with a discriminator. The variants (and base) become
/// component schemas of their own, as the specification requires.
#[derive(Debug, Clone)]
pub struct Discriminated {
    pub property: Name,
    pub variants: Vec<Variant>,
    pub mapping: Mapping,
    pub any_of: bool,
    pub style: DiscriminatorStyle,
}

#[derive(Debug, Clone)]
pub enum AllOfMember {
    /// A `$ref` to an earlier object component (never a cycle: allOf
    /// cycles are invalid and have their own fixture).
    Ref(usize),
    Inline(Object),
}

#[derive(Debug, Clone)]
pub struct AllOf {
    pub members: Vec<AllOfMember>,
    pub nullable: bool,
    pub description: Option<Name>,
}

#[derive(Debug, Clone)]
pub enum AnyKind {
    Empty,
    DescriptionOnly(Name),
    Not(ScalarKind),
}

#[derive(Debug, Clone)]
pub struct TypeArray {
    pub first: ScalarKind,
    pub second: ScalarKind,
    pub nullable: bool,
}

// ----- operations -----

#[derive(Debug, Clone)]
pub struct PathItem {
    pub segments: Vec<Segment>,
    /// Path parameters declared on the path item rather than on each operation.
    pub path_params_at_level: bool,
    /// Non-path parameters shared by the path item's operations.
    pub level_params: Vec<Param>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub enum Segment {
    Literal(Name),
    Param(PathParam),
    /// `v{param}` or `{param}.json`: a parameter inside a segment.
    Mixed {
        param: PathParam,
        suffix: bool,
    },
}

#[derive(Debug, Clone)]
pub struct PathParam {
    pub name: Name,
    pub shape: ParamShape,
    pub style: usize,
    pub explode: Option<bool>,
    pub via_ref: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Patch => "patch",
            Method::Head => "head",
            Method::Options => "options",
            Method::Trace => "trace",
        }
    }

    /// Whether OpenAPI 3.0 defines request bodies for the method.
    pub fn has_body(self) -> bool {
        matches!(self, Method::Put | Method::Post | Method::Patch)
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    pub id: Option<Name>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    pub security: Option<Security>,
    pub deprecated: bool,
    pub description: Option<Name>,
    /// A `callbacks` entry (a callback enum, no client method), operation-level `servers`,
    /// `tags` and `externalDocs`.
    pub callback: bool,
    pub servers: bool,
    pub tags: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Location {
    Query,
    Header,
    Cookie,
}

/// What a parameter carries. Styles are chosen at render time among those
/// valid for the location and shape.
#[derive(Debug, Clone)]
pub enum ParamShape {
    Scalar(Scalar),
    Enum(Enum),
    Array(Box<ParamShape>),
    /// A flat object of scalars (form or deepObject in the query).
    Object(Vec<Prop>),
    /// A `$ref` to a scalar or enum component (an inline string without one).
    Ref(usize),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub location: Location,
    pub name: Name,
    pub required: bool,
    pub shape: ParamShape,
    pub style: usize,
    pub explode: Option<bool>,
    /// `content: {application/json: …}` instead of `schema` (query objects).
    pub via_content: bool,
    /// Declared under `components/parameters`.
    pub via_ref: bool,
    pub deprecated: bool,
    pub description: Option<Name>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub required: bool,
    pub contents: Vec<BodyContent>,
    /// Declared under `components/requestBodies`.
    pub via_ref: bool,
    pub description: Option<Name>,
}

#[derive(Debug, Clone)]
pub enum BodyContent {
    Json {
        media: Name,
        schema: Schema,
    },
    Form {
        fields: FormFields,
        encoding: bool,
    },
    Multipart {
        fields: Vec<MultipartField>,
        encoding: bool,
    },
    OctetStream,
    Text {
        media: Name,
    },
    Image,
}

#[derive(Debug, Clone)]
pub enum FormFields {
    Inline(Vec<Prop>),
    /// A `$ref` to an object component (inline fields without one).
    Ref(usize, Vec<Prop>),
}

#[derive(Debug, Clone)]
pub enum MultipartKind {
    Text(Scalar),
    Enum(Enum),
    File,
    Files,
    Json(Object),
}

#[derive(Debug, Clone)]
pub struct MultipartField {
    pub name: Name,
    pub kind: MultipartKind,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub code: Name,
    pub contents: Vec<ResponseContent>,
    pub headers: Vec<(Name, Scalar)>,
    /// Declared under `components/responses`.
    pub via_ref: bool,
    pub description: Name,
    /// `links`, and headers as `$ref`s to `components/headers`.
    pub links: bool,
    pub header_refs: bool,
}

#[derive(Debug, Clone)]
pub enum ResponseContent {
    Json { media: Name, schema: Schema },
    Text,
    OctetStream,
    Image,
}

// ----- security and servers -----

#[derive(Debug, Clone)]
pub struct Scheme {
    pub name: Name,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone)]
pub enum SchemeKind {
    Bearer {
        format: bool,
    },
    Basic,
    /// Another HTTP scheme (`digest`): valid, but clients have no setter for it.
    OtherHttp,
    ApiKey {
        location: Location,
        param: Name,
    },
    OAuth2 {
        flows: u8,
    },
    OpenIdConnect,
}

/// A list of alternatives, each a set of (scheme index, scopes). An empty
/// list is `security: []`; an empty alternative is `{}` (optional auth).
#[derive(Debug, Clone)]
pub struct Security(pub Vec<Vec<(usize, Vec<Name>)>>);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Servers {
    None,
    Absolute,
    Relative,
    Variables,
    Several,
}

// ----- strategies -----

fn opt<T: std::fmt::Debug + Clone + Send + 'static>(
    strategy: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Option<T>> + Clone {
    proptest::option::of(strategy.boxed())
}

fn description() -> impl Strategy<Value = Option<Name>> + Clone {
    prop_oneof![3 => Just(None), 1 => select(DESCRIPTIONS).prop_map(Some)]
}

fn str_format() -> impl Strategy<Value = StrFormat> {
    prop_oneof![
        6 => Just(StrFormat::None),
        1 => Just(StrFormat::DateTime),
        1 => Just(StrFormat::Date),
        1 => Just(StrFormat::Uuid),
        1 => Just(StrFormat::Byte),
        1 => Just(StrFormat::Binary),
        1 => Just(StrFormat::Email),
        1 => Just(StrFormat::Uri),
        1 => Just(StrFormat::Unknown),
    ]
}

pub fn scalar_kind() -> impl Strategy<Value = ScalarKind> {
    prop_oneof![
        4 => str_format().prop_map(ScalarKind::String),
        3 => prop_oneof![Just(IntFormat::None), Just(IntFormat::Int32), Just(IntFormat::Int64)].prop_map(ScalarKind::Integer),
        1 => prop_oneof![Just(NumFormat::None), Just(NumFormat::Float), Just(NumFormat::Double)].prop_map(ScalarKind::Number),
        2 => Just(ScalarKind::Boolean),
    ]
}

prop_compose! {
    pub fn scalar()(
        kind in scalar_kind(),
        nullable in prop::bool::weighted(0.2),
        default in opt(0usize..16),
        default_null in prop::bool::weighted(0.2),
        bounds in prop::bool::weighted(0.2),
        example in prop::bool::weighted(0.1),
        description in description(),
    ) -> Scalar {
        Scalar { kind, nullable, default, default_null, bounds, example, description }
    }
}

fn enum_values() -> impl Strategy<Value = EnumValues> {
    prop_oneof![
        6 => vec(select(ENUM_STRINGS), 1..6).prop_map(EnumValues::Strings),
        3 => (vec(select(INTEGERS), 1..5), any::<bool>())
            .prop_map(|(values, int32)| EnumValues::Integers { values, int32 }),
        1 => vec(select(NUMBERS), 1..4).prop_map(EnumValues::Numbers),
        1 => vec(any::<bool>(), 1..3).prop_map(EnumValues::Booleans),
        1 => Just(EnumValues::Mixed),
    ]
}

prop_compose! {
    pub fn enumeration()(
        values in enum_values(),
        nullable in prop::bool::weighted(0.2),
        default in opt(0usize..8),
        description in description(),
    ) -> Enum {
        Enum { values, nullable, default, description }
    }
}

fn constant() -> impl Strategy<Value = Const> {
    prop_oneof![
        3 => select(ENUM_STRINGS).prop_map(Const::Str),
        1 => select(INTEGERS).prop_map(Const::Int),
        1 => any::<bool>().prop_map(Const::Bool),
    ]
}

fn reference() -> impl Strategy<Value = Ref> {
    let wrap = prop_oneof![
        6 => Just(RefWrap::Plain),
        2 => any::<bool>().prop_map(|one_of| RefWrap::Nullable { one_of }),
        1 => select(DESCRIPTIONS).prop_map(RefWrap::Described),
        1 => Just(RefWrap::ReadOnly),
    ];
    (any::<usize>(), wrap).prop_map(|(target, wrap)| Ref { target, wrap })
}

fn leaf() -> BoxedStrategy<Schema> {
    prop_oneof![
        6 => scalar().prop_map(Schema::Scalar),
        5 => reference().prop_map(Schema::Ref),
        3 => enumeration().prop_map(Schema::Enum),
        1 => constant().prop_map(Schema::Const),
        1 => prop_oneof![
            Just(AnyKind::Empty),
            select(DESCRIPTIONS).prop_map(AnyKind::DescriptionOnly),
            scalar_kind().prop_map(AnyKind::Not),
        ]
        .prop_map(Schema::Any),
        1 => any::<bool>().prop_map(Schema::Bool),
        1 => (scalar_kind(), scalar_kind(), any::<bool>())
            .prop_map(|(first, second, nullable)| Schema::TypeArray(TypeArray { first, second, nullable })),
        1 => Just(Schema::Null),
    ]
    .boxed()
}

fn prop_with(schema: BoxedStrategy<Schema>) -> impl Strategy<Value = Prop> {
    (
        select(PROPERTY_NAMES),
        schema,
        prop::bool::weighted(0.4),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.05),
        description(),
    )
        .prop_map(
            |(name, schema, required, read_only, write_only, deprecated, description)| Prop {
                name,
                schema,
                required,
                read_only,
                write_only,
                deprecated,
                description,
            },
        )
}

fn object_with(schema: BoxedStrategy<Schema>) -> impl Strategy<Value = Object> {
    let additional = prop_oneof![
        6 => Just(Additional::Absent),
        1 => Just(Additional::True),
        1 => Just(Additional::False),
        1 => schema.clone().prop_map(|s| Additional::Schema(Box::new(s))),
    ];
    (
        vec(prop_with(schema), 0..6),
        additional,
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.1),
        opt(select(COMPONENT_NAMES)),
        description(),
    )
        .prop_map(|(props, additional, nullable, untyped, title, description)| Object {
            props,
            additional,
            nullable,
            untyped,
            title,
            description,
        })
}

fn variant_with(schema: BoxedStrategy<Schema>) -> impl Strategy<Value = Variant> {
    (
        select(COMPONENT_NAMES),
        select(ENUM_STRINGS),
        vec(prop_with(schema), 0..3),
        any::<bool>(),
    )
        .prop_map(|(name, tag, props, tag_enum)| Variant {
            name,
            tag,
            props,
            tag_enum,
        })
}

fn discriminated_with(schema: BoxedStrategy<Schema>) -> impl Strategy<Value = Discriminated> {
    let style = prop_oneof![
        3 => Just(DiscriminatorStyle::Direct),
        1 => vec(prop_with(schema.clone()), 0..3).prop_map(DiscriminatorStyle::AllOfBase),
        1 => vec(prop_with(schema.clone()), 0..3).prop_map(DiscriminatorStyle::Inheritance),
    ];
    let mapping = prop_oneof![Just(Mapping::None), Just(Mapping::Full), Just(Mapping::Partial)];
    (
        prop_oneof![
            3 => Just("type"),
            2 => Just("kind"),
            1 => Just("@type"),
            1 => Just("petType"),
            1 => Just("object_type"),
            1 => Just("self"),
        ],
        vec(variant_with(schema), 1..4),
        mapping,
        prop::bool::weighted(0.2),
        style,
    )
        .prop_map(|(property, variants, mapping, any_of, style)| Discriminated {
            property,
            variants,
            mapping,
            any_of,
            style,
        })
}

fn all_of_with(schema: BoxedStrategy<Schema>) -> impl Strategy<Value = AllOf> {
    let member = prop_oneof![
        any::<usize>().prop_map(AllOfMember::Ref),
        object_with(schema).prop_map(AllOfMember::Inline),
    ];
    (vec(member, 1..4), prop::bool::weighted(0.15), description()).prop_map(|(members, nullable, description)| AllOf {
        members,
        nullable,
        description,
    })
}

/// Any schema, nested up to a few levels.
pub fn schema() -> BoxedStrategy<Schema> {
    leaf()
        .prop_recursive(3, 24, 5, |inner| {
            prop_oneof![
                4 => object_with(inner.clone()).prop_map(Schema::Object),
                3 => (
                    inner.clone(),
                    prop::bool::weighted(0.15),
                    prop::bool::weighted(0.15),
                    prop::bool::weighted(0.1),
                    prop::bool::weighted(0.1),
                    prop::bool::weighted(0.05),
                )
                    .prop_map(|(items, unique, nullable, min_items, default_empty, no_items)| {
                        Schema::Array(Box::new(Array { items, unique, nullable, min_items, default_empty, no_items }))
                    }),
                1 => (opt(inner.clone()), prop::bool::weighted(0.15))
                    .prop_map(|(values, nullable)| Schema::Map(Box::new(MapSchema { values, nullable }))),
                2 => (any::<bool>(), vec(inner.clone(), 1..4), prop::bool::weighted(0.2))
                    .prop_map(|(any_of, alternatives, nullable)| Schema::Union(Union { any_of, alternatives, nullable })),
                1 => discriminated_with(inner.clone()).prop_map(|d| Schema::Discriminated(Box::new(d))),
                1 => all_of_with(inner).prop_map(Schema::AllOf),
            ]
        })
        .boxed()
}

/// A component schema: more often an object, sometimes an alias (which may
/// start a cycle) or any other schema.
pub fn component() -> impl Strategy<Value = Component> {
    let inner = schema();
    let schema = prop_oneof![
        5 => object_with(inner.clone()).prop_map(Schema::Object),
        2 => (any::<usize>()).prop_map(|target| Schema::Ref(Ref { target, wrap: RefWrap::Plain })),
        2 => enumeration().prop_map(Schema::Enum),
        2 => all_of_with(inner.clone()).prop_map(Schema::AllOf),
        1 => discriminated_with(inner.clone()).prop_map(|d| Schema::Discriminated(Box::new(d))),
        4 => inner,
    ];
    (select(COMPONENT_NAMES), schema).prop_map(|(name, schema)| Component { name, schema })
}

fn flat_prop() -> impl Strategy<Value = Prop> {
    let schema = prop_oneof![
        3 => scalar().prop_map(Schema::Scalar),
        1 => enumeration().prop_map(Schema::Enum),
        1 => scalar().prop_map(|items| Schema::Array(Box::new(Array {
            items: Schema::Scalar(items),
            unique: false,
            nullable: false,
            min_items: false,
            default_empty: false,
            no_items: false,
        }))),
    ];
    prop_with(schema.boxed())
}

fn param_shape() -> impl Strategy<Value = ParamShape> {
    let simple = prop_oneof![
        4 => scalar().prop_map(ParamShape::Scalar),
        2 => enumeration().prop_map(ParamShape::Enum),
        1 => any::<usize>().prop_map(ParamShape::Ref),
    ];
    prop_oneof![
        6 => simple.clone(),
        2 => simple.prop_map(|s| ParamShape::Array(Box::new(s))),
        1 => vec(flat_prop(), 1..4).prop_map(ParamShape::Object),
    ]
}

fn path_param() -> impl Strategy<Value = PathParam> {
    let shape = prop_oneof![
        5 => scalar().prop_map(ParamShape::Scalar),
        2 => enumeration().prop_map(ParamShape::Enum),
        1 => any::<usize>().prop_map(ParamShape::Ref),
        1 => scalar().prop_map(|s| ParamShape::Array(Box::new(ParamShape::Scalar(s)))),
    ];
    (
        select(PATH_PARAM_NAMES),
        shape,
        0usize..4,
        opt(any::<bool>()),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(name, shape, style, explode, via_ref)| PathParam {
            name,
            shape,
            style,
            explode,
            via_ref,
        })
}

fn segment() -> impl Strategy<Value = Segment> {
    prop_oneof![
        3 => select(PATH_SEGMENTS).prop_map(Segment::Literal),
        3 => path_param().prop_map(Segment::Param),
        1 => (path_param(), any::<bool>()).prop_map(|(param, suffix)| Segment::Mixed { param, suffix }),
    ]
}

fn location() -> impl Strategy<Value = Location> {
    prop_oneof![5 => Just(Location::Query), 2 => Just(Location::Header), 1 => Just(Location::Cookie)]
}

fn param() -> impl Strategy<Value = Param> {
    (
        location(),
        any::<usize>(),
        prop::bool::weighted(0.3),
        param_shape(),
        0usize..4,
        opt(any::<bool>()),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.05),
        description(),
    )
        .prop_map(
            |(location, name, required, shape, style, explode, via_content, via_ref, deprecated, description)| {
                let pool = match location {
                    Location::Query => QUERY_NAMES,
                    Location::Header => HEADER_NAMES,
                    Location::Cookie => COOKIE_NAMES,
                };
                Param {
                    location,
                    name: pool[name % pool.len()],
                    required,
                    shape,
                    style,
                    explode,
                    via_content,
                    via_ref,
                    deprecated,
                    description,
                }
            },
        )
}

fn multipart_field() -> impl Strategy<Value = MultipartField> {
    let kind = prop_oneof![
        3 => scalar().prop_map(MultipartKind::Text),
        1 => enumeration().prop_map(MultipartKind::Enum),
        3 => Just(MultipartKind::File),
        1 => Just(MultipartKind::Files),
        1 => object_with(leaf()).prop_map(MultipartKind::Json),
    ];
    (select(PROPERTY_NAMES), kind, prop::bool::weighted(0.4)).prop_map(|(name, kind, required)| MultipartField {
        name,
        kind,
        required,
    })
}

fn body() -> impl Strategy<Value = Body> {
    let content = prop_oneof![
        5 => (select(JSON_MEDIA), schema()).prop_map(|(media, schema)| BodyContent::Json { media, schema }),
        2 => (
            prop_oneof![
                2 => vec(flat_prop(), 0..5).prop_map(FormFields::Inline),
                1 => (any::<usize>(), vec(flat_prop(), 0..3)).prop_map(|(i, p)| FormFields::Ref(i, p)),
            ],
            prop::bool::weighted(0.2),
        )
            .prop_map(|(fields, encoding)| BodyContent::Form { fields, encoding }),
        2 => (vec(multipart_field(), 0..5), prop::bool::weighted(0.3))
            .prop_map(|(fields, encoding)| BodyContent::Multipart { fields, encoding }),
        1 => Just(BodyContent::OctetStream),
        1 => prop_oneof![Just("text/plain"), Just("text/csv"), Just("text/plain; charset=utf-8")]
            .prop_map(|media| BodyContent::Text { media }),
        1 => Just(BodyContent::Image),
    ];
    (
        prop::bool::weighted(0.6),
        vec(content, 1..4),
        prop::bool::weighted(0.1),
        description(),
    )
        .prop_map(|(required, contents, via_ref, description)| Body {
            required,
            contents,
            via_ref,
            description,
        })
}

const STATUS_CODES: &[&str] = &[
    "200", "200", "200", "201", "202", "203", "204", "204", "206", "2XX", "301", "304", "400", "401", "403", "404",
    "409", "422", "429", "4XX", "500", "503", "5XX", "default", "default",
];

fn response() -> impl Strategy<Value = Response> {
    let content = prop_oneof![
        6 => (select(JSON_MEDIA), schema()).prop_map(|(media, schema)| ResponseContent::Json { media, schema }),
        1 => Just(ResponseContent::Text),
        1 => Just(ResponseContent::OctetStream),
        1 => Just(ResponseContent::Image),
    ];
    let header = (
        prop_oneof![
            Just("X-Rate-Limit"),
            Just("X-Request-Id"),
            Just("Location"),
            Just("x-rate-limit")
        ],
        scalar(),
    );
    (
        select(STATUS_CODES),
        vec(content, 0..3),
        vec(header, 0..2),
        prop::bool::weighted(0.1),
        prop_oneof![
            Just("OK"),
            Just(""),
            Just("The `thing` <b>itself</b> [see](https://example.com)")
        ],
        (prop::bool::weighted(0.05), prop::bool::weighted(0.1)),
    )
        .prop_map(
            |(code, contents, headers, via_ref, description, (links, header_refs))| Response {
                code,
                contents,
                headers,
                via_ref,
                description,
                links,
                header_refs,
            },
        )
}

fn security() -> impl Strategy<Value = Security> {
    let requirement = vec((any::<usize>(), vec(select(SCOPES), 0..3)), 0..3);
    vec(requirement, 0..3).prop_map(Security)
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        5 => Just(Method::Get),
        4 => Just(Method::Post),
        2 => Just(Method::Put),
        2 => Just(Method::Delete),
        2 => Just(Method::Patch),
        1 => Just(Method::Head),
        1 => Just(Method::Options),
        1 => Just(Method::Trace),
    ]
}

pub fn operation() -> impl Strategy<Value = Operation> {
    (
        method(),
        prop_oneof![3 => select(OPERATION_IDS).prop_map(Some), 1 => Just(None)],
        vec(param(), 0..5),
        opt(body()),
        vec(response(), 1..5),
        prop_oneof![3 => Just(None), 1 => security().prop_map(Some)],
        prop::bool::weighted(0.05),
        description(),
        (
            prop::bool::weighted(0.05),
            prop::bool::weighted(0.05),
            prop::bool::weighted(0.1),
        ),
    )
        .prop_map(
            |(method, id, params, body, responses, security, deprecated, description, (callback, servers, tags))| {
                Operation {
                    method,
                    id,
                    params,
                    body,
                    responses,
                    security,
                    deprecated,
                    description,
                    callback,
                    servers,
                    tags,
                }
            },
        )
}

fn path_item() -> impl Strategy<Value = PathItem> {
    (
        vec(segment(), 1..4),
        any::<bool>(),
        vec(param(), 0..2),
        vec(operation(), 1..4),
    )
        .prop_map(|(segments, path_params_at_level, level_params, operations)| PathItem {
            segments,
            path_params_at_level,
            level_params,
            operations,
        })
}

fn scheme() -> impl Strategy<Value = Scheme> {
    let kind = prop_oneof![
        3 => any::<bool>().prop_map(|format| SchemeKind::Bearer { format }),
        1 => Just(SchemeKind::Basic),
        1 => Just(SchemeKind::OtherHttp),
        3 => (location(), any::<usize>()).prop_map(|(location, param)| {
            let pool = match location {
                Location::Query => QUERY_NAMES,
                Location::Header => HEADER_NAMES,
                Location::Cookie => COOKIE_NAMES,
            };
            SchemeKind::ApiKey { location, param: pool[param % pool.len()] }
        }),
        2 => (1u8..16).prop_map(|flows| SchemeKind::OAuth2 { flows }),
        1 => Just(SchemeKind::OpenIdConnect),
    ];
    (select(SCHEME_NAMES), kind).prop_map(|(name, kind)| Scheme { name, kind })
}

fn servers() -> impl Strategy<Value = Servers> {
    prop_oneof![
        4 => Just(Servers::Absolute),
        1 => Just(Servers::None),
        1 => Just(Servers::Relative),
        1 => Just(Servers::Variables),
        1 => Just(Servers::Several),
    ]
}

/// The abstract document; [`crate::document`] renders it.
pub fn abstract_document() -> impl Strategy<Value = Document> {
    (
        any::<bool>(),
        prop_oneof![
            Just("Generated API"),
            Just("ünï API"),
            Just("Self"),
            Just("A `quoted` */ title")
        ],
        servers(),
        vec(component(), 0..8),
        vec(path_item(), 0..5),
        vec(scheme(), 0..4),
        prop_oneof![2 => Just(None), 1 => security().prop_map(Some)],
        vec(operation(), 0..2),
    )
        .prop_map(
            |(v31, title, servers, components, paths, schemes, global_security, webhooks)| Document {
                v31,
                title,
                servers,
                components,
                paths,
                schemes,
                global_security,
                webhooks,
            },
        )
}
