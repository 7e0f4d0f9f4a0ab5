//! Abstract document → OpenAPI JSON, for 3.0.3 or 3.1.0. Everything that
//! makes a document valid is decided here: unique keys, declared path
//! parameters, styles valid for a parameter's location and shape, defaults
//! of the schema's type, allOf references that only point backwards (an
//! allOf cycle is invalid), discriminated variants as components carrying
//! the tag property, request bodies only on methods that define them.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::ast::*;
use crate::pools::{INTEGERS, NUMBERS, SCOPES, STRINGS};

struct Renderer<'a> {
    doc: &'a Document,
    v31: bool,
    /// Render the constructs of [`crate::KNOWN_FAILURES`] (else avoid them).
    /// Read by the gates marked `KNOWN FAILURE`; there is none while every
    /// failure found is fixed.
    #[allow(dead_code)]
    known_failures: bool,
    /// Components whose alias chain (components that are `$ref`s) never
    /// reaches a schema.
    alias_loops: Vec<bool>,
    /// The final keys of `doc.components`, by index.
    names: Vec<String>,
    /// Which components an allOf or a form body may reference as an object.
    object_like: Vec<bool>,
    /// Which components a parameter may reference (scalars and enums).
    scalar_like: Vec<bool>,
    schema_keys: HashSet<String>,
    /// Components made while rendering (discriminated variants and bases).
    hoisted: Vec<(String, Value)>,
    parameters: Map<String, Value>,
    request_bodies: Map<String, Value>,
    responses: Map<String, Value>,
    headers: Map<String, Value>,
    operation_ids: HashSet<String>,
    /// The operationId of the operation being rendered (for `links`).
    current_operation_id: Option<String>,
}

/// `base`, or `base_2`, `base_3`, … : the first not in `taken` (which it joins).
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    if taken.insert(base.to_string()) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("an unused suffix")
}

/// A key valid under `components/*` (`^[a-zA-Z0-9.\-_]+$`).
fn component_key(name: &str) -> String {
    let key: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if key.is_empty() { "P".to_string() } else { key }
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn type_name(kind: ScalarKind) -> &'static str {
    match kind {
        ScalarKind::String(_) => "string",
        ScalarKind::Integer(_) => "integer",
        ScalarKind::Number(_) => "number",
        ScalarKind::Boolean => "boolean",
    }
}

fn format_name(kind: ScalarKind) -> Option<&'static str> {
    match kind {
        ScalarKind::String(f) => match f {
            StrFormat::None => None,
            StrFormat::DateTime => Some("date-time"),
            StrFormat::Date => Some("date"),
            StrFormat::Uuid => Some("uuid"),
            StrFormat::Byte => Some("byte"),
            StrFormat::Binary => Some("binary"),
            StrFormat::Email => Some("email"),
            StrFormat::Uri => Some("uri"),
            StrFormat::Unknown => Some("phone"),
        },
        ScalarKind::Integer(IntFormat::Int32) => Some("int32"),
        ScalarKind::Integer(IntFormat::Int64) => Some("int64"),
        ScalarKind::Number(NumFormat::Float) => Some("float"),
        ScalarKind::Number(NumFormat::Double) => Some("double"),
        _ => None,
    }
}

fn fits_i32(v: i64) -> bool {
    i32::try_from(v).is_ok()
}

/// Values valid for a scalar kind (its defaults and examples).
fn values_of(kind: ScalarKind) -> Vec<Value> {
    match kind {
        ScalarKind::String(f) => match f {
            StrFormat::None => STRINGS.iter().map(|s| json!(s)).collect(),
            StrFormat::DateTime => vec![json!("2024-01-02T03:04:05Z"), json!("2024-01-02T03:04:05.123+02:00")],
            StrFormat::Date => vec![json!("2024-01-02")],
            StrFormat::Uuid => vec![
                json!("123e4567-e89b-12d3-a456-426614174000"),
                json!("00000000-0000-0000-0000-000000000000"),
            ],
            StrFormat::Byte => vec![json!("aGVsbG8="), json!("")],
            StrFormat::Binary => vec![],
            StrFormat::Email => vec![json!("a@example.com")],
            StrFormat::Uri => vec![json!("https://example.com/x?y=1")],
            StrFormat::Unknown => vec![json!("+1 555 0100")],
        },
        ScalarKind::Integer(IntFormat::Int32) => INTEGERS
            .iter()
            .copied()
            .filter(|v| fits_i32(*v))
            .map(|v| json!(v))
            .collect(),
        ScalarKind::Integer(_) => INTEGERS.iter().map(|v| json!(v)).collect(),
        ScalarKind::Number(NumFormat::Float) => vec![json!(0.0), json!(1.5), json!(-2.25), json!(3)],
        ScalarKind::Number(_) => NUMBERS.iter().map(|v| json!(v)).chain([json!(3)]).collect(),
        ScalarKind::Boolean => vec![json!(true), json!(false)],
    }
}

fn pick<T: Clone>(values: &[T], index: usize) -> Option<T> {
    if values.is_empty() {
        None
    } else {
        Some(values[index % values.len()].clone())
    }
}

impl<'a> Renderer<'a> {
    fn new(doc: &'a Document, known_failures: bool) -> Self {
        // Every component that is a `$ref` (whatever its wrapping) is a link
        // of an alias chain.
        let target = |i: usize| match &doc.components[i].schema {
            Schema::Ref(Ref { target, .. }) => Some(target % doc.components.len()),
            _ => None,
        };
        let alias_loops = (0..doc.components.len())
            .map(|i| {
                let mut at = i;
                for _ in 0..=doc.components.len() {
                    match target(at) {
                        Some(next) => at = next,
                        None => return false,
                    }
                }
                true
            })
            .collect();
        let mut schema_keys = HashSet::new();
        let names = doc
            .components
            .iter()
            .map(|c| unique(c.name, &mut schema_keys))
            .collect();
        let object_like = doc
            .components
            .iter()
            .map(|c| matches!(c.schema, Schema::Object(_) | Schema::AllOf(_)))
            .collect();
        let scalar_like = doc
            .components
            .iter()
            .map(|c| matches!(c.schema, Schema::Scalar(_) | Schema::Enum(_) | Schema::Const(_)))
            .collect();
        Renderer {
            doc,
            v31: doc.v31,
            known_failures,
            alias_loops,
            names,
            object_like,
            scalar_like,
            schema_keys,
            hoisted: Vec::new(),
            parameters: Map::new(),
            request_bodies: Map::new(),
            responses: Map::new(),
            headers: Map::new(),
            operation_ids: HashSet::new(),
            current_operation_id: None,
        }
    }

    /// `type` with null folded in: `nullable: true` (3.0) or a type array (3.1).
    fn set_type(&self, map: &mut Map<String, Value>, ty: &str, nullable: bool) {
        if nullable {
            if self.v31 {
                map.insert("type".into(), json!([ty, "null"]));
            } else {
                map.insert("type".into(), json!(ty));
                map.insert("nullable".into(), json!(true));
            }
        } else {
            map.insert("type".into(), json!(ty));
        }
    }

    /// `schema` or null: `nullable` beside it (3.0), or an anyOf with
    /// `type: null` (3.1). For schemas that have no `type` of their own.
    fn or_null(&self, schema: Value, nullable: bool) -> Value {
        if !nullable {
            return schema;
        }
        if self.v31 {
            json!({ "anyOf": [schema, { "type": "null" }] })
        } else {
            let mut map = match schema {
                Value::Object(map) => map,
                other => return other,
            };
            map.insert("nullable".into(), json!(true));
            Value::Object(map)
        }
    }

    /// Whether keywords may be added beside what `map` holds: not beside a
    /// 3.0 `$ref` (they would be ignored).
    fn siblings_allowed(&self, map: &Map<String, Value>) -> bool {
        self.v31 || !map.contains_key("$ref")
    }

    fn described(&self, mut schema: Value, description: Option<Name>) -> Value {
        if let (Some(d), Value::Object(map)) = (description, &mut schema) {
            if self.siblings_allowed(map) {
                map.insert("description".into(), json!(d));
            }
        }
        schema
    }

    fn scalar(&self, s: &Scalar) -> Value {
        let mut map = Map::new();
        self.set_type(&mut map, type_name(s.kind), s.nullable);
        if let Some(format) = format_name(s.kind) {
            map.insert("format".into(), json!(format));
        }
        let values = values_of(s.kind);
        let default = if s.nullable && s.default_null {
            Some(Value::Null)
        } else {
            s.default.and_then(|i| pick(&values, i))
        };
        if s.bounds {
            match s.kind {
                ScalarKind::Integer(_) => {
                    let d = default.as_ref().and_then(Value::as_i64).unwrap_or(0);
                    map.insert("minimum".into(), json!(d.min(0)));
                    map.insert("maximum".into(), json!(d.max(100)));
                }
                ScalarKind::Number(_) => {
                    if self.v31 {
                        map.insert("exclusiveMinimum".into(), json!(-1e12));
                        map.insert("exclusiveMaximum".into(), json!(1e12));
                    } else {
                        map.insert("minimum".into(), json!(-1e12));
                        map.insert("exclusiveMinimum".into(), json!(true));
                        map.insert("maximum".into(), json!(1e12));
                        map.insert("exclusiveMaximum".into(), json!(true));
                    }
                }
                ScalarKind::String(StrFormat::None) => {
                    map.insert("minLength".into(), json!(0));
                    map.insert("maxLength".into(), json!(64));
                    if default.is_none() {
                        map.insert("pattern".into(), json!("^[a-z]+(-[a-z]+)*$"));
                    }
                }
                _ => {}
            }
        }
        if let Some(default) = default {
            map.insert("default".into(), default);
        }
        if s.example {
            if let Some(example) = pick(&values, 1) {
                if self.v31 {
                    map.insert("examples".into(), json!([example]));
                } else {
                    map.insert("example".into(), example);
                }
            }
        }
        self.described(Value::Object(map), s.description)
    }

    fn enumeration(&self, e: &Enum) -> Value {
        let (ty, format, mut values): (Option<&str>, Option<&str>, Vec<Value>) = match &e.values {
            EnumValues::Strings(v) => (Some("string"), None, v.iter().map(|s| json!(s)).collect()),
            EnumValues::Integers { values, int32 } => {
                let int32 = *int32 && values.iter().copied().any(fits_i32);
                let values = values
                    .iter()
                    .copied()
                    .filter(|v| !int32 || fits_i32(*v))
                    .map(|v| json!(v))
                    .collect();
                (Some("integer"), int32.then_some("int32"), values)
            }
            EnumValues::Numbers(v) => (Some("number"), None, v.iter().map(|n| json!(n)).collect()),
            EnumValues::Booleans(v) => (Some("boolean"), None, v.iter().map(|b| json!(b)).collect()),
            EnumValues::Mixed => (None, None, vec![json!("a"), json!(1), json!(true)]),
        };
        let mut seen = Vec::new();
        values.retain(|v| {
            if seen.contains(v) {
                false
            } else {
                seen.push(v.clone());
                true
            }
        });
        let mut map = Map::new();
        let nullable = e.nullable && ty.is_some();
        if let Some(ty) = ty {
            self.set_type(&mut map, ty, nullable);
        }
        if let Some(format) = format {
            map.insert("format".into(), json!(format));
        }
        if let Some(default) = e.default.and_then(|i| pick(&values, i)) {
            map.insert("default".into(), default);
        }
        if nullable {
            values.push(Value::Null);
        }
        map.insert("enum".into(), Value::Array(values));
        self.described(Value::Object(map), e.description)
    }

    fn constant(&self, c: &Const) -> Value {
        let (ty, value) = match c {
            Const::Str(s) => ("string", json!(s)),
            Const::Int(i) => ("integer", json!(i)),
            Const::Bool(b) => ("boolean", json!(b)),
        };
        if self.v31 {
            json!({ "type": ty, "const": value })
        } else {
            json!({ "type": ty, "enum": [value] })
        }
    }

    fn reference(&self, r: &Ref) -> Value {
        if self.names.is_empty() {
            return json!({ "type": "string" });
        }
        let index = r.target % self.names.len();
        let target = schema_ref(&self.names[index]);
        match &r.wrap {
            RefWrap::Plain => target,
            RefWrap::Nullable { one_of } => {
                if self.v31 {
                    let key = if *one_of { "oneOf" } else { "anyOf" };
                    json!({ key: [target, { "type": "null" }] })
                } else {
                    json!({ "allOf": [target], "nullable": true })
                }
            }
            RefWrap::Described(d) => {
                if self.v31 {
                    let mut map = target.as_object().cloned().unwrap_or_default();
                    map.insert("description".into(), json!(d));
                    Value::Object(map)
                } else {
                    json!({ "allOf": [target], "description": d })
                }
            }
            RefWrap::ReadOnly => json!({ "allOf": [target], "readOnly": true }),
        }
    }

    /// The properties (names de-duplicated, `skip` left out) and the
    /// required list of a set of props.
    fn properties(&mut self, props: &[Prop], skip: Option<&str>, limit: usize) -> (Map<String, Value>, Vec<Value>) {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in props {
            if Some(p.name) == skip || properties.contains_key(p.name) {
                continue;
            }
            let mut schema = self.schema(&p.schema, limit);
            if let Value::Object(map) = &mut schema {
                if self.siblings_allowed(map) {
                    if p.read_only {
                        map.insert("readOnly".into(), json!(true));
                    } else if p.write_only {
                        map.insert("writeOnly".into(), json!(true));
                    }
                    if p.deprecated {
                        map.insert("deprecated".into(), json!(true));
                    }
                    if let Some(d) = p.description {
                        map.insert("description".into(), json!(d));
                    }
                }
            }
            properties.insert(p.name.to_string(), schema);
            if p.required {
                required.push(json!(p.name));
            }
        }
        (properties, required)
    }

    fn object(&mut self, o: &Object, limit: usize) -> Value {
        let mut map = Map::new();
        if !o.untyped || o.nullable {
            self.set_type(&mut map, "object", o.nullable);
        }
        if let Some(title) = o.title {
            map.insert("title".into(), json!(title));
        }
        if let Some(d) = o.description {
            map.insert("description".into(), json!(d));
        }
        let (properties, required) = self.properties(&o.props, None, limit);
        if !properties.is_empty() || o.untyped {
            map.insert("properties".into(), Value::Object(properties));
        }
        if !required.is_empty() {
            map.insert("required".into(), Value::Array(required));
        }
        match &o.additional {
            Additional::Absent => {}
            Additional::True => {
                map.insert("additionalProperties".into(), json!(true));
            }
            Additional::False => {
                map.insert("additionalProperties".into(), json!(false));
            }
            Additional::Schema(s) => {
                let s = self.schema(s, limit);
                map.insert("additionalProperties".into(), s);
            }
        }
        Value::Object(map)
    }

    fn all_of(&mut self, a: &AllOf, limit: usize) -> Value {
        let candidates: Vec<usize> = (0..limit.min(self.names.len()))
            .filter(|&j| self.object_like[j])
            .collect();
        let members: Vec<Value> = a
            .members
            .iter()
            .map(|m| match m {
                AllOfMember::Ref(k) => match pick(&candidates, *k) {
                    Some(j) => schema_ref(&self.names[j]),
                    None => json!({ "type": "object" }),
                },
                AllOfMember::Inline(o) => self.object(o, limit),
            })
            .collect();
        let mut map = Map::new();
        map.insert("allOf".into(), Value::Array(members));
        if let Some(d) = a.description {
            map.insert("description".into(), json!(d));
        }
        self.or_null(Value::Object(map), a.nullable)
    }

    fn discriminated(&mut self, d: &Discriminated, limit: usize) -> Value {
        let property = d.property;
        let tag_schema = |tag: Option<&str>| match tag {
            Some(tag) => json!({ "type": "string", "enum": [tag] }),
            None => json!({ "type": "string" }),
        };
        // Base component (allOf styles).
        let base = match &d.style {
            DiscriminatorStyle::Direct => None,
            DiscriminatorStyle::AllOfBase(props) | DiscriminatorStyle::Inheritance(props) => {
                let name = unique("Base", &mut self.schema_keys);
                Some((name, props.clone()))
            }
        };
        // Variant names and tags.
        let names: Vec<String> = d
            .variants
            .iter()
            .map(|v| unique(v.name, &mut self.schema_keys))
            .collect();
        let mut tags: Vec<Option<String>> = Vec::new();
        let mut used_tags: HashSet<String> = HashSet::new();
        for (i, v) in d.variants.iter().enumerate() {
            let mapped = match d.mapping {
                Mapping::None => false,
                Mapping::Full => true,
                Mapping::Partial => i % 2 == 0,
            };
            if mapped {
                // A mapped tag may equal neither another tag nor an unmapped variant's name.
                let mut tag = v.tag.to_string();
                while used_tags.contains(&tag) || (names.contains(&tag) && names[i] != tag) {
                    tag.push('2');
                }
                used_tags.insert(tag.clone());
                tags.push(Some(tag));
            } else {
                tags.push(None);
            }
        }
        let mut mapping = Map::new();
        for (i, tag) in tags.iter().enumerate() {
            if let Some(tag) = tag {
                mapping.insert(tag.clone(), json!(format!("#/components/schemas/{}", names[i])));
            }
        }
        let mut discriminator = Map::new();
        discriminator.insert("propertyName".into(), json!(property));
        if !mapping.is_empty() {
            discriminator.insert("mapping".into(), Value::Object(mapping));
        }
        for (i, v) in d.variants.iter().enumerate() {
            let effective_tag = tags[i].clone().unwrap_or_else(|| names[i].clone());
            let tag = v.tag_enum.then_some(effective_tag.as_str());
            let (mut properties, mut required) = self.properties(&v.props, Some(property), limit);
            let schema = match &base {
                None => {
                    let mut all = Map::new();
                    all.insert(property.to_string(), tag_schema(tag));
                    all.append(&mut properties);
                    required.insert(0, json!(property));
                    json!({ "type": "object", "properties": all, "required": required })
                }
                Some((base_name, _)) => {
                    if tag.is_some() {
                        properties.insert(property.to_string(), tag_schema(tag));
                    }
                    let mut own = Map::new();
                    own.insert("type".into(), json!("object"));
                    own.insert("properties".into(), Value::Object(properties));
                    if !required.is_empty() {
                        own.insert("required".into(), Value::Array(required));
                    }
                    json!({ "allOf": [schema_ref(base_name), own] })
                }
            };
            self.hoisted.push((names[i].clone(), schema));
        }
        match base {
            None => {
                let key = if d.any_of { "anyOf" } else { "oneOf" };
                let refs: Vec<Value> = names.iter().map(|n| schema_ref(n)).collect();
                json!({ key: refs, "discriminator": discriminator })
            }
            Some((base_name, props)) => {
                let (mut properties, mut required) = self.properties(&props, Some(property), limit);
                let mut all = Map::new();
                all.insert(property.to_string(), json!({ "type": "string" }));
                all.append(&mut properties);
                required.insert(0, json!(property));
                let mut base_schema = json!({ "type": "object", "properties": all, "required": required });
                let inheritance = matches!(d.style, DiscriminatorStyle::Inheritance(_));
                if inheritance {
                    base_schema["discriminator"] = Value::Object(discriminator.clone());
                }
                self.hoisted.push((base_name.clone(), base_schema));
                if inheritance {
                    schema_ref(&base_name)
                } else {
                    let key = if d.any_of { "anyOf" } else { "oneOf" };
                    let refs: Vec<Value> = names.iter().map(|n| schema_ref(n)).collect();
                    json!({ key: refs, "discriminator": discriminator })
                }
            }
        }
    }

    /// A schema; `limit` bounds the components an allOf may reference.
    fn schema(&mut self, s: &Schema, limit: usize) -> Value {
        match s {
            Schema::Ref(r) => self.reference(r),
            Schema::Scalar(s) => self.scalar(s),
            Schema::Enum(e) => self.enumeration(e),
            Schema::Const(c) => self.constant(c),
            Schema::Array(a) => {
                let mut map = Map::new();
                self.set_type(&mut map, "array", a.nullable);
                if !(a.no_items && self.v31) {
                    let items = if a.no_items {
                        json!({})
                    } else {
                        self.schema(&a.items, limit)
                    };
                    map.insert("items".into(), items);
                }
                if a.unique {
                    map.insert("uniqueItems".into(), json!(true));
                }
                if a.min_items {
                    map.insert("minItems".into(), json!(1));
                } else if a.default_empty {
                    map.insert("default".into(), json!([]));
                }
                Value::Object(map)
            }
            Schema::Object(o) => self.object(o, limit),
            Schema::Map(m) => {
                let mut map = Map::new();
                self.set_type(&mut map, "object", m.nullable);
                let values = match &m.values {
                    Some(v) => self.schema(v, limit),
                    None => json!(true),
                };
                map.insert("additionalProperties".into(), values);
                Value::Object(map)
            }
            Schema::Union(u) => {
                let mut alternatives: Vec<Value> = u.alternatives.iter().map(|a| self.schema(a, limit)).collect();
                let key = if u.any_of { "anyOf" } else { "oneOf" };
                if u.nullable && self.v31 {
                    alternatives.push(json!({ "type": "null" }));
                    json!({ key: alternatives })
                } else if u.nullable {
                    json!({ key: alternatives, "nullable": true })
                } else {
                    json!({ key: alternatives })
                }
            }
            Schema::Discriminated(d) => self.discriminated(d, limit),
            Schema::AllOf(a) => self.all_of(a, limit),
            Schema::Any(AnyKind::Empty) => json!({}),
            Schema::Any(AnyKind::DescriptionOnly(d)) => json!({ "description": d }),
            Schema::Any(AnyKind::Not(kind)) => json!({ "not": { "type": type_name(*kind) } }),
            Schema::Bool(b) => {
                if self.v31 {
                    json!(b)
                } else if *b {
                    json!({})
                } else {
                    json!({ "not": {} })
                }
            }
            Schema::TypeArray(t) => {
                let (a, b) = (type_name(t.first), type_name(t.second));
                if self.v31 {
                    let mut types = vec![a];
                    if b != a {
                        types.push(b);
                    }
                    if t.nullable {
                        types.push("null");
                    }
                    json!({ "type": types })
                } else if a == b {
                    let mut map = Map::new();
                    self.set_type(&mut map, a, t.nullable);
                    Value::Object(map)
                } else {
                    self.or_null(json!({ "anyOf": [{ "type": a }, { "type": b }] }), t.nullable)
                }
            }
            Schema::Null => {
                if self.v31 {
                    json!({ "type": "null" })
                } else {
                    json!({})
                }
            }
        }
    }

    // ----- parameters -----

    fn param_schema(&mut self, shape: &ParamShape) -> Value {
        match shape {
            ParamShape::Scalar(s) => self.scalar(s),
            ParamShape::Enum(e) => self.enumeration(e),
            ParamShape::Array(inner) => {
                let items = self.param_schema(inner);
                json!({ "type": "array", "items": items })
            }
            ParamShape::Object(props) => {
                let (properties, required) = self.properties(props, None, usize::MAX);
                let mut map = Map::new();
                map.insert("type".into(), json!("object"));
                map.insert("properties".into(), Value::Object(properties));
                if !required.is_empty() {
                    map.insert("required".into(), Value::Array(required));
                }
                Value::Object(map)
            }
            ParamShape::Ref(k) => {
                let candidates: Vec<usize> = (0..self.names.len()).filter(|&j| self.scalar_like[j]).collect();
                match pick(&candidates, *k) {
                    Some(j) => schema_ref(&self.names[j]),
                    None => json!({ "type": "string" }),
                }
            }
        }
    }

    /// A parameter object, or a `$ref` to one under `components/parameters`.
    #[allow(clippy::too_many_arguments)]
    fn param_object(
        &mut self,
        name: &str,
        location: &str,
        required: bool,
        shape: &ParamShape,
        style_pick: usize,
        explode: Option<bool>,
        via_content: bool,
        via_ref: bool,
        deprecated: bool,
        description: Option<Name>,
    ) -> Value {
        let mut map = Map::new();
        map.insert("name".into(), json!(name));
        map.insert("in".into(), json!(location));
        if let Some(d) = description {
            map.insert("description".into(), json!(d));
        }
        if required {
            map.insert("required".into(), json!(true));
        }
        if deprecated {
            map.insert("deprecated".into(), json!(true));
        }
        let schema = self.param_schema(shape);
        if via_content && location == "query" {
            map.insert("content".into(), json!({ "application/json": { "schema": schema } }));
        } else {
            let is_array = matches!(shape, ParamShape::Array(_));
            let is_object = matches!(shape, ParamShape::Object(_));
            // (style, whether explode may be true)
            let styles: &[(Option<&str>, bool)] = match (location, is_array, is_object) {
                ("path", _, _) => &[
                    (None, true),
                    (Some("simple"), true),
                    (Some("label"), true),
                    (Some("matrix"), true),
                ],
                ("query", true, _) => &[
                    (None, true),
                    (Some("form"), true),
                    (Some("spaceDelimited"), false),
                    (Some("pipeDelimited"), false),
                ],
                ("query", _, true) => &[(None, true), (Some("form"), true), (Some("deepObject"), true)],
                ("query", _, _) => &[(None, true), (Some("form"), true)],
                ("header", _, _) => &[(None, true), (Some("simple"), true)],
                _ => &[(None, !is_array && !is_object), (Some("form"), !is_array && !is_object)],
            };
            let (style, explode_ok) = styles[style_pick % styles.len()];
            if let Some(style) = style {
                map.insert("style".into(), json!(style));
            }
            match explode {
                Some(true) if explode_ok => {
                    map.insert("explode".into(), json!(true));
                }
                Some(_) if style != Some("deepObject") => {
                    map.insert("explode".into(), json!(false));
                }
                _ if style == Some("deepObject") => {
                    map.insert("explode".into(), json!(true));
                }
                _ => {}
            }
            map.insert("schema".into(), schema);
        }
        if via_ref {
            let key = component_key(&format!("{location}-{name}"));
            let mut taken: HashSet<String> = self.parameters.keys().cloned().collect();
            let key = unique(&key, &mut taken);
            self.parameters.insert(key.clone(), Value::Object(map));
            json!({ "$ref": format!("#/components/parameters/{key}") })
        } else {
            Value::Object(map)
        }
    }

    fn path_param(&mut self, p: &PathParam, name: &str) -> Value {
        self.param_object(
            name, "path", true, &p.shape, p.style, p.explode, false, p.via_ref, false, None,
        )
    }

    fn param(&mut self, p: &Param) -> Value {
        let location = match p.location {
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        };
        // Cookies carry scalars and lists, not objects.
        let shape = match (&p.shape, p.location) {
            (ParamShape::Object(_), Location::Cookie) => &ParamShape::Ref(0),
            (shape, _) => shape,
        };
        self.param_object(
            p.name,
            location,
            p.required,
            shape,
            p.style,
            p.explode,
            p.via_content,
            p.via_ref,
            p.deprecated,
            p.description,
        )
    }

    /// Parameters unique by (location, name); header names case-insensitively.
    fn params(&mut self, params: &[Param]) -> Vec<Value> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for p in params {
            let key = match p.location {
                Location::Header => format!("header:{}", p.name.to_ascii_lowercase()),
                Location::Query => format!("query:{}", p.name),
                Location::Cookie => format!("cookie:{}", p.name),
            };
            if seen.insert(key) {
                out.push(self.param(p));
            }
        }
        out
    }

    // ----- bodies and responses -----

    fn file_schema(&self, alternate: bool) -> Value {
        if self.v31 && alternate {
            json!({ "type": "string", "contentMediaType": "application/octet-stream" })
        } else {
            json!({ "type": "string", "format": "binary" })
        }
    }

    fn body(&mut self, b: &Body) -> Value {
        let mut content = Map::new();
        for c in &b.contents {
            let (media, value) = match c {
                BodyContent::Json { media, schema } => {
                    let schema = self.schema(schema, usize::MAX);
                    (media.to_string(), json!({ "schema": schema }))
                }
                BodyContent::Form { fields, encoding } => {
                    let (schema, first) = match fields {
                        FormFields::Inline(props) => {
                            (self.param_schema(&ParamShape::Object(props.clone())), props.first())
                        }
                        FormFields::Ref(k, props) => {
                            let candidates: Vec<usize> =
                                (0..self.names.len()).filter(|&j| self.object_like[j]).collect();
                            match pick(&candidates, *k) {
                                Some(j) => (schema_ref(&self.names[j]), None),
                                None => (self.param_schema(&ParamShape::Object(props.clone())), props.first()),
                            }
                        }
                    };
                    let mut value = json!({ "schema": schema });
                    if let (true, Some(first)) = (encoding, first) {
                        value["encoding"] = json!({ first.name: { "style": "form", "explode": true } });
                    }
                    ("application/x-www-form-urlencoded".to_string(), value)
                }
                BodyContent::Multipart { fields, encoding } => {
                    let mut properties = Map::new();
                    let mut required = Vec::new();
                    let mut encodings = Map::new();
                    for (i, f) in fields.iter().enumerate() {
                        if properties.contains_key(f.name) {
                            continue;
                        }
                        let schema = match &f.kind {
                            MultipartKind::Text(s) => self.scalar(s),
                            MultipartKind::Enum(e) => self.enumeration(e),
                            MultipartKind::File => {
                                if *encoding {
                                    encodings
                                        .insert(f.name.to_string(), json!({ "contentType": "image/png, image/jpeg" }));
                                }
                                self.file_schema(i % 2 == 1)
                            }
                            MultipartKind::Files => json!({ "type": "array", "items": self.file_schema(i % 2 == 1) }),
                            MultipartKind::Json(o) => {
                                if *encoding {
                                    encodings.insert(f.name.to_string(), json!({ "contentType": "application/json" }));
                                }
                                self.object(o, usize::MAX)
                            }
                        };
                        properties.insert(f.name.to_string(), schema);
                        if f.required {
                            required.push(json!(f.name));
                        }
                    }
                    let mut schema = json!({ "type": "object", "properties": properties });
                    if !required.is_empty() {
                        schema["required"] = Value::Array(required);
                    }
                    let mut value = json!({ "schema": schema });
                    if !encodings.is_empty() {
                        value["encoding"] = Value::Object(encodings);
                    }
                    ("multipart/form-data".to_string(), value)
                }
                BodyContent::OctetStream => (
                    "application/octet-stream".to_string(),
                    json!({ "schema": self.file_schema(true) }),
                ),
                BodyContent::Text { media } => (media.to_string(), json!({ "schema": { "type": "string" } })),
                BodyContent::Image => ("image/png".to_string(), json!({ "schema": self.file_schema(false) })),
            };
            content.entry(media).or_insert(value);
        }
        let mut map = Map::new();
        if let Some(d) = b.description {
            map.insert("description".into(), json!(d));
        }
        map.insert("content".into(), Value::Object(content));
        if b.required {
            map.insert("required".into(), json!(true));
        }
        if b.via_ref {
            let mut taken: HashSet<String> = self.request_bodies.keys().cloned().collect();
            let key = unique("Body", &mut taken);
            self.request_bodies.insert(key.clone(), Value::Object(map));
            json!({ "$ref": format!("#/components/requestBodies/{key}") })
        } else {
            Value::Object(map)
        }
    }

    fn response(&mut self, r: &Response) -> Value {
        let mut map = Map::new();
        map.insert("description".into(), json!(r.description));
        if !r.headers.is_empty() {
            let mut headers = Map::new();
            for (name, scalar) in &r.headers {
                let schema = self.scalar(scalar);
                let mut header = json!({ "schema": schema });
                if r.header_refs {
                    let mut taken: HashSet<String> = self.headers.keys().cloned().collect();
                    let key = unique(&component_key(name), &mut taken);
                    self.headers.insert(key.clone(), header);
                    header = json!({ "$ref": format!("#/components/headers/{key}") });
                }
                headers.entry(name.to_string()).or_insert(header);
            }
            map.insert("headers".into(), Value::Object(headers));
        }
        if !matches!(r.code, "204" | "304") && !r.contents.is_empty() {
            let mut content = Map::new();
            for c in &r.contents {
                let (media, schema) = match c {
                    ResponseContent::Json { media, schema } => (media.to_string(), self.schema(schema, usize::MAX)),
                    ResponseContent::Text => ("text/plain".to_string(), json!({ "type": "string" })),
                    ResponseContent::OctetStream => ("application/octet-stream".to_string(), self.file_schema(true)),
                    ResponseContent::Image => ("image/png".to_string(), self.file_schema(false)),
                };
                content.entry(media).or_insert(json!({ "schema": schema }));
            }
            map.insert("content".into(), Value::Object(content));
        }
        if let (true, Some(id)) = (r.links, &self.current_operation_id) {
            map.insert(
                "links".into(),
                json!({ "again": { "operationId": id, "description": "The same operation again." } }),
            );
        }
        if r.via_ref {
            let mut taken: HashSet<String> = self.responses.keys().cloned().collect();
            let key = unique(&component_key(&format!("R{}", r.code)), &mut taken);
            self.responses.insert(key.clone(), Value::Object(map));
            json!({ "$ref": format!("#/components/responses/{key}") })
        } else {
            Value::Object(map)
        }
    }

    // ----- operations -----

    fn security(&self, s: &Security) -> Value {
        let schemes = self.unique_schemes();
        let alternatives: Vec<Value> =
            s.0.iter()
                .map(|alternative| {
                    let mut map = Map::new();
                    if schemes.is_empty() {
                        return Value::Object(map);
                    }
                    for (k, scopes) in alternative {
                        let scheme = schemes[k % schemes.len()];
                        let scopes: Vec<Value> = match scheme.kind {
                            SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
                                let mut unique_scopes: Vec<Value> = Vec::new();
                                for scope in scopes {
                                    if !unique_scopes.contains(&json!(scope)) {
                                        unique_scopes.push(json!(scope));
                                    }
                                }
                                unique_scopes
                            }
                            _ => vec![],
                        };
                        map.insert(scheme.name.to_string(), Value::Array(scopes));
                    }
                    Value::Object(map)
                })
                .collect();
        Value::Array(alternatives)
    }

    fn unique_schemes(&self) -> Vec<&'a Scheme> {
        let mut seen = HashSet::new();
        self.doc.schemes.iter().filter(|s| seen.insert(s.name)).collect()
    }

    fn operation(&mut self, o: &Operation, path_params: &[Value]) -> Value {
        let mut map = Map::new();
        self.current_operation_id = None;
        if let Some(id) = o.id {
            let id = unique(id, &mut self.operation_ids);
            map.insert("operationId".into(), json!(id));
            self.current_operation_id = Some(id);
        }
        if let Some(d) = o.description {
            map.insert("description".into(), json!(d));
        }
        if o.deprecated {
            map.insert("deprecated".into(), json!(true));
        }
        let mut params = path_params.to_vec();
        params.extend(self.params(&o.params));
        if !params.is_empty() {
            map.insert("parameters".into(), Value::Array(params));
        }
        if let (Some(body), true) = (&o.body, o.method.has_body()) {
            let body = self.body(body);
            map.insert("requestBody".into(), body);
        }
        let mut responses = Map::new();
        for r in &o.responses {
            if !responses.contains_key(r.code) {
                let response = self.response(r);
                responses.insert(r.code.to_string(), response);
            }
        }
        map.insert("responses".into(), Value::Object(responses));
        if o.servers {
            map.insert("servers".into(), json!([{ "url": "https://other.example.com/v2" }]));
        }
        if o.tags {
            map.insert("tags".into(), json!(["things"]));
            map.insert("externalDocs".into(), json!({ "url": "https://example.com/docs" }));
        }
        if o.callback {
            map.insert(
                "callbacks".into(),
                json!({ "onEvent": { "{$request.body#/callbackUrl}": { "post": {
                    "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                    "responses": { "200": { "description": "Received." } },
                } } } }),
            );
        }
        if let Some(security) = &o.security {
            map.insert("security".into(), self.security(security));
        }
        Value::Object(map)
    }

    fn paths(&mut self) -> Map<String, Value> {
        let mut paths = Map::new();
        let mut shapes = HashSet::new();
        for (i, item) in self.doc.paths.iter().enumerate() {
            let mut template = String::new();
            let mut shape = String::new();
            let mut names = HashSet::new();
            let mut declared = Vec::new();
            for segment in &item.segments {
                match segment {
                    Segment::Literal(s) => {
                        template.push('/');
                        template.push_str(s);
                        shape.push('/');
                        shape.push_str(s);
                    }
                    Segment::Param(p) | Segment::Mixed { param: p, .. } => {
                        let name = unique(p.name, &mut names);
                        let (before, after) = match segment {
                            Segment::Mixed { suffix: true, .. } => ("", ".json"),
                            Segment::Mixed { suffix: false, .. } => ("v", ""),
                            _ => ("", ""),
                        };
                        template.push_str(&format!("/{before}{{{name}}}{after}"));
                        shape.push_str(&format!("/{before}{{}}{after}"));
                        declared.push((p, name));
                    }
                }
            }
            if !shapes.insert(shape.clone()) {
                template = format!("/p{i}{template}");
                shapes.insert(format!("/p{i}{shape}"));
            }
            let path_params: Vec<Value> = declared.iter().map(|(p, name)| self.path_param(p, name)).collect();
            let mut map = Map::new();
            let mut level = Vec::new();
            if item.path_params_at_level {
                level.extend(path_params.iter().cloned());
            }
            level.extend(self.params(&item.level_params));
            if !level.is_empty() {
                map.insert("parameters".into(), Value::Array(level));
            }
            let op_path_params = if item.path_params_at_level {
                Vec::new()
            } else {
                path_params
            };
            for o in &item.operations {
                if map.contains_key(o.method.as_str()) {
                    continue;
                }
                let operation = self.operation(o, &op_path_params);
                map.insert(o.method.as_str().to_string(), operation);
            }
            paths.insert(template, Value::Object(map));
        }
        paths
    }

    fn scheme(s: &Scheme) -> Value {
        let scopes: Map<String, Value> = SCOPES
            .iter()
            .map(|s| (s.to_string(), json!(format!("the {s} scope"))))
            .collect();
        match &s.kind {
            SchemeKind::Bearer { format: true } => json!({ "type": "http", "scheme": "bearer", "bearerFormat": "JWT" }),
            SchemeKind::Bearer { format: false } => json!({ "type": "http", "scheme": "bearer" }),
            SchemeKind::Basic => json!({ "type": "http", "scheme": "basic" }),
            SchemeKind::OtherHttp => json!({ "type": "http", "scheme": "digest" }),
            SchemeKind::ApiKey { location, param } => {
                let location = match location {
                    Location::Query => "query",
                    Location::Header => "header",
                    Location::Cookie => "cookie",
                };
                json!({ "type": "apiKey", "in": location, "name": param })
            }
            SchemeKind::OAuth2 { flows } => {
                let mut map = Map::new();
                if flows & 1 != 0 {
                    map.insert(
                        "clientCredentials".into(),
                        json!({ "tokenUrl": "https://auth.example.com/token", "scopes": scopes }),
                    );
                }
                if flows & 2 != 0 {
                    map.insert(
                        "authorizationCode".into(),
                        json!({
                            "authorizationUrl": "https://auth.example.com/authorize",
                            "tokenUrl": "https://auth.example.com/token",
                            "scopes": scopes,
                        }),
                    );
                }
                if flows & 4 != 0 {
                    map.insert(
                        "implicit".into(),
                        json!({ "authorizationUrl": "https://auth.example.com/authorize", "scopes": scopes }),
                    );
                }
                if flows & 8 != 0 || map.is_empty() {
                    map.insert("password".into(), json!({ "tokenUrl": "/token", "scopes": {} }));
                }
                json!({ "type": "oauth2", "flows": map })
            }
            SchemeKind::OpenIdConnect => json!({
                "type": "openIdConnect",
                "openIdConnectUrl": "https://auth.example.com/.well-known/openid-configuration",
            }),
        }
    }

    fn servers(&self) -> Option<Value> {
        match self.doc.servers {
            Servers::None => None,
            Servers::Absolute => Some(json!([{ "url": "https://api.example.com/v1" }])),
            Servers::Relative => Some(json!([{ "url": "/api/v2" }])),
            Servers::Variables => Some(json!([{
                "url": "https://{region}.example.com/{basePath}",
                "variables": {
                    "region": { "default": "eu", "enum": ["eu", "us"] },
                    "basePath": { "default": "v1" },
                },
            }])),
            Servers::Several => Some(json!([
                { "url": "https://api.example.com" },
                { "url": "https://sandbox.example.com/", "description": "Sandbox" },
            ])),
        }
    }

    fn render(mut self) -> Value {
        let doc = self.doc;
        let mut root = Map::new();
        root.insert("openapi".into(), json!(if self.v31 { "3.1.0" } else { "3.0.3" }));
        root.insert("info".into(), json!({ "title": doc.title, "version": "1.0.0" }));
        if let Some(servers) = self.servers() {
            root.insert("servers".into(), servers);
        }
        if let Some(security) = &doc.global_security {
            root.insert("security".into(), self.security(security));
        }
        // Components first: their schemas may hoist variants, and their
        // order fixes which ones an allOf may reference.
        let mut schemas = Map::new();
        for (i, c) in doc.components.iter().enumerate() {
            let schema = match &c.schema {
                // An alias chain that loops is kept (pure `$ref`s looping are
                // a construct of their own, fixture alias_cycles), but as
                // plain `$ref`s: with allOf wrappers or 3.1 siblings it would
                // be an allOf cycle, which is invalid.
                Schema::Ref(r) if self.alias_loops[i] => self.reference(&Ref {
                    target: r.target,
                    wrap: RefWrap::Plain,
                }),
                schema => self.schema(schema, i),
            };
            schemas.insert(self.names[i].clone(), schema);
        }
        let paths = self.paths();
        let mut webhooks = Map::new();
        if self.v31 {
            for (i, o) in doc.webhooks.iter().enumerate() {
                let operation = self.operation(o, &[]);
                webhooks.insert(format!("event{i}"), json!({ "post": operation }));
            }
        }
        for (name, schema) in std::mem::take(&mut self.hoisted) {
            schemas.insert(name, schema);
        }
        if !paths.is_empty() || !self.v31 || (webhooks.is_empty() && schemas.is_empty()) {
            root.insert("paths".into(), Value::Object(paths));
        }
        if !webhooks.is_empty() {
            root.insert("webhooks".into(), Value::Object(webhooks));
        }
        let mut components = Map::new();
        if !schemas.is_empty() {
            components.insert("schemas".into(), Value::Object(schemas));
        }
        for (key, map) in [
            ("parameters", std::mem::take(&mut self.parameters)),
            ("requestBodies", std::mem::take(&mut self.request_bodies)),
            ("responses", std::mem::take(&mut self.responses)),
            ("headers", std::mem::take(&mut self.headers)),
        ] {
            if !map.is_empty() {
                components.insert(key.into(), Value::Object(map));
            }
        }
        let schemes = self.unique_schemes();
        if !schemes.is_empty() {
            let map: Map<String, Value> = schemes.iter().map(|s| (s.name.to_string(), Self::scheme(s))).collect();
            components.insert("securitySchemes".into(), Value::Object(map));
        }
        if !components.is_empty() {
            root.insert("components".into(), Value::Object(components));
        }
        Value::Object(root)
    }
}

/// Renders an abstract document as OpenAPI JSON; `known_failures` keeps
/// the constructs of [`crate::KNOWN_FAILURES`], which are otherwise avoided.
pub fn render(doc: &Document, known_failures: bool) -> Value {
    Renderer::new(doc, known_failures).render()
}
