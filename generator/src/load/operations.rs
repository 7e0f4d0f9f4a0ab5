//! openapiv3's model of `paths` and of what operations are made of
//! (parameters, request bodies, responses, headers, media types, examples),
//! built from the JSON directly.
//!
//! openapiv3 reads each `ReferenceOr` through an untagged enum, and most of
//! these objects through flattened fields, so serde copies every parameter,
//! response and example into its private buffer, and the schemas inside them
//! once more per level around them. This module builds the same values in
//! one pass, the schemas by [`super::schemas`].
//!
//! Its contract is that module's: it answers only where openapiv3 reads the
//! same value. Anything it is not sure of (a field of another type, a
//! parameter with both `schema` and `content`, a `$ref` that is not a
//! string) is `None`, and the caller lets openapiv3 read that whole path item
//! or component, so a document reads the same values, and fails with the same
//! errors, either way. The tests compare both readers on the real documents
//! and on random path items.

use indexmap::IndexMap;
use openapiv3::{
    Components, CookieStyle, Encoding, Example, ExternalDocumentation, Header, HeaderStyle, Link, MediaType, Operation,
    Parameter, ParameterData, ParameterSchemaOrContent, PathItem, PathStyle, Paths, QueryStyle, ReferenceOr,
    RequestBody, Response, Responses, SecurityRequirement, Server, StatusCode,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::schemas::{optional, reference_or, reference_or_schema, string, strings};

/// `paths`, each path item read directly or, where this module gives up, by
/// openapiv3; `None` when openapiv3 cannot read one either. Like openapiv3,
/// keeps the keys that start with `/` as paths and with `x-` as extensions.
pub(crate) fn paths(paths: Map<String, Value>) -> Option<Paths> {
    let mut read = Paths::default();
    for (key, value) in paths {
        if key.starts_with('/') {
            let item = either_way(value, path_item)?;
            read.paths.insert(key, item);
        } else if key.starts_with("x-") {
            read.extensions.insert(key, value);
        }
    }
    Some(read)
}

/// The component maps this module reads, taken out of `components` before
/// openapiv3 reads the rest of it.
#[derive(Debug, Default)]
pub(crate) struct ComponentParts {
    parameters: Option<Map<String, Value>>,
    responses: Option<Map<String, Value>>,
    request_bodies: Option<Map<String, Value>>,
    headers: Option<Map<String, Value>>,
    examples: Option<Map<String, Value>>,
}

impl ComponentParts {
    /// Takes the maps out of `components` (a map of another type stays, for
    /// openapiv3 to reject).
    pub(crate) fn take(components: &mut Map<String, Value>) -> Self {
        let mut take = |kind: &str| match components.get(kind) {
            Some(Value::Object(_)) => match components.shift_remove(kind) {
                Some(Value::Object(entries)) => Some(entries),
                _ => None,
            },
            _ => None,
        };
        Self {
            parameters: take("parameters"),
            responses: take("responses"),
            request_bodies: take("requestBodies"),
            headers: take("headers"),
            examples: take("examples"),
        }
    }

    /// Reads the maps into `components`; `None` when an entry is unreadable.
    pub(crate) fn put(self, components: &mut Components) -> Option<()> {
        if let Some(entries) = self.parameters {
            components.parameters = component_entries(entries, |value| either_way(value, parameter))?;
        }
        if let Some(entries) = self.responses {
            components.responses = component_entries(entries, |value| either_way(value, response))?;
        }
        if let Some(entries) = self.request_bodies {
            components.request_bodies = component_entries(entries, |value| either_way(value, request_body))?;
        }
        if let Some(entries) = self.headers {
            components.headers = component_entries(entries, |value| either_way(value, header))?;
        }
        if let Some(entries) = self.examples {
            components.examples = component_entries(entries, component_example)?;
        }
        Some(())
    }
}

/// Each entry read by `read`; `None` when one is unreadable.
fn component_entries<T>(
    entries: Map<String, Value>,
    read: impl Fn(Value) -> Option<ReferenceOr<T>>,
) -> Option<IndexMap<String, ReferenceOr<T>>> {
    entries
        .into_iter()
        .map(|(name, value)| Some((name, read(value)?)))
        .collect()
}

/// A component example, read as [`either_way`] reads it, its `value` (the
/// bulk of it: GitHub's 535 are 1.5 MB) moved into the model instead of
/// copied.
fn component_example(value: Value) -> Option<ReferenceOr<Example>> {
    let Value::Object(mut object) = value else {
        return either_way(value, example);
    };
    if super::walk::reference(&object).is_some() {
        return either_way(Value::Object(object), example);
    }
    let taken = object.get_mut("value").map(std::mem::take);
    match example(&object) {
        Some(mut read) => {
            // openapiv3 reads `value: null` as no value.
            read.value = taken.filter(|value| !value.is_null());
            Some(ReferenceOr::Item(read))
        }
        None => {
            if let Some(taken) = taken {
                object.insert("value".to_string(), taken);
            }
            ReferenceOr::<Example>::deserialize(Value::Object(object)).ok()
        }
    }
}

/// `value` read by `read`, or by openapiv3 where `read` gives up.
fn either_way<T: DeserializeOwned>(value: Value, read: fn(&Map<String, Value>) -> Option<T>) -> Option<ReferenceOr<T>> {
    reference_or(&value, read).or_else(|| ReferenceOr::<T>::deserialize(value).ok())
}

fn path_item(object: &Map<String, Value>) -> Option<PathItem> {
    let mut item = PathItem::default();
    for (key, value) in object {
        let operation = |value: &Value| optional(value, |v| operation(v.as_object()?));
        match key.as_str() {
            "summary" => item.summary = optional(value, string)?,
            "description" => item.description = optional(value, string)?,
            "get" => item.get = operation(value)?,
            "put" => item.put = operation(value)?,
            "post" => item.post = operation(value)?,
            "delete" => item.delete = operation(value)?,
            "options" => item.options = operation(value)?,
            "head" => item.head = operation(value)?,
            "patch" => item.patch = operation(value)?,
            "trace" => item.trace = operation(value)?,
            "servers" => item.servers = list(value, by_serde::<Server>)?,
            "parameters" => item.parameters = list(value, |v| reference_or(v, parameter))?,
            _ => extension(&mut item.extensions, key, value),
        }
    }
    Some(item)
}

fn operation(object: &Map<String, Value>) -> Option<Operation> {
    let mut operation = Operation::default();
    let mut responses = None;
    for (key, value) in object {
        match key.as_str() {
            "tags" => operation.tags = strings(value)?,
            "summary" => operation.summary = optional(value, string)?,
            "description" => operation.description = optional(value, string)?,
            "externalDocs" => operation.external_docs = optional(value, by_serde::<ExternalDocumentation>)?,
            "operationId" => operation.operation_id = optional(value, string)?,
            "parameters" => operation.parameters = list(value, |v| reference_or(v, parameter))?,
            "requestBody" => operation.request_body = optional(value, |v| reference_or(v, request_body))?,
            "responses" => responses = Some(self::responses(value.as_object()?)?),
            "callbacks" => operation.callbacks = map(value, |v| map(v, |item| path_item(item.as_object()?)))?,
            "deprecated" => operation.deprecated = value.as_bool()?,
            "security" => operation.security = optional(value, by_serde::<Vec<SecurityRequirement>>)?,
            "servers" => operation.servers = list(value, by_serde::<Server>)?,
            _ => extension(&mut operation.extensions, key, value),
        }
    }
    // openapiv3 requires `responses`.
    operation.responses = responses?;
    Some(operation)
}

/// A parameter's `in` picks the variant; the style and the query-only
/// fields are the variant's, the rest is [`ParameterData`].
fn parameter(object: &Map<String, Value>) -> Option<Parameter> {
    let location = object.get("in")?.as_str()?;
    let query = location == "query";
    let mut fields = Fields::default();
    let (mut name, mut explode, mut style) = (None, None, None);
    let (mut allow_reserved, mut allow_empty_value) = (false, None);
    for (key, value) in object {
        match key.as_str() {
            "in" => {}
            "name" => name = Some(string(value)?),
            "explode" => explode = optional(value, Value::as_bool)?,
            "style" => style = Some(value.as_str()?),
            "allowReserved" if query => allow_reserved = value.as_bool()?,
            "allowEmptyValue" if query => allow_empty_value = optional(value, Value::as_bool)?,
            _ => fields.read(key, value)?,
        }
    }
    let parameter_data = ParameterData {
        name: name?,
        description: fields.description,
        required: fields.required,
        deprecated: fields.deprecated,
        format: fields.format?,
        example: fields.example,
        examples: fields.examples,
        explode,
        extensions: fields.extensions,
    };
    Some(match location {
        "query" => Parameter::Query {
            parameter_data,
            allow_reserved,
            style: match style {
                None | Some("form") => QueryStyle::Form,
                Some("spaceDelimited") => QueryStyle::SpaceDelimited,
                Some("pipeDelimited") => QueryStyle::PipeDelimited,
                Some("deepObject") => QueryStyle::DeepObject,
                Some(_) => return None,
            },
            allow_empty_value,
        },
        "header" => Parameter::Header {
            parameter_data,
            style: header_style(style)?,
        },
        "path" => Parameter::Path {
            parameter_data,
            style: match style {
                None | Some("simple") => PathStyle::Simple,
                Some("matrix") => PathStyle::Matrix,
                Some("label") => PathStyle::Label,
                Some(_) => return None,
            },
        },
        "cookie" => Parameter::Cookie {
            parameter_data,
            style: match style {
                None | Some("form") => CookieStyle::Form,
                Some(_) => return None,
            },
        },
        _ => return None,
    })
}

fn header_style(style: Option<&str>) -> Option<HeaderStyle> {
    match style {
        None | Some("simple") => Some(HeaderStyle::Simple),
        Some(_) => None,
    }
}

fn header(object: &Map<String, Value>) -> Option<Header> {
    let mut fields = Fields::default();
    let mut style = None;
    for (key, value) in object {
        match key.as_str() {
            "style" => style = Some(value.as_str()?),
            _ => fields.read(key, value)?,
        }
    }
    Some(Header {
        description: fields.description,
        style: header_style(style)?,
        required: fields.required,
        deprecated: fields.deprecated,
        format: fields.format?,
        example: fields.example,
        examples: fields.examples,
        extensions: fields.extensions,
    })
}

/// The fields a parameter and a header share.
#[derive(Default)]
struct Fields {
    description: Option<String>,
    required: bool,
    deprecated: Option<bool>,
    format: Option<ParameterSchemaOrContent>,
    example: Option<Value>,
    examples: IndexMap<String, ReferenceOr<Example>>,
    extensions: IndexMap<String, Value>,
}

impl Fields {
    /// Reads one of the shared fields (others are ignored, as openapiv3
    /// does, or kept as extensions).
    fn read(&mut self, key: &str, value: &Value) -> Option<()> {
        match key {
            "description" => self.description = optional(value, string)?,
            "required" => self.required = value.as_bool()?,
            "deprecated" => self.deprecated = optional(value, Value::as_bool)?,
            // openapiv3 takes whichever comes first when both are there;
            // that rare case is left to it.
            "schema" if self.format.is_none() => {
                self.format = Some(ParameterSchemaOrContent::Schema(reference_or_schema(value)?));
            }
            "content" if self.format.is_none() => {
                self.format = Some(ParameterSchemaOrContent::Content(map(value, media_type)?));
            }
            "schema" | "content" => return None,
            "example" => self.example = optional(value, |v| Some(v.clone()))?,
            "examples" => self.examples = map(value, |v| reference_or(v, example))?,
            _ => extension(&mut self.extensions, key, value),
        }
        Some(())
    }
}

fn request_body(object: &Map<String, Value>) -> Option<RequestBody> {
    let mut body = RequestBody::default();
    for (key, value) in object {
        match key.as_str() {
            "description" => body.description = optional(value, string)?,
            "content" => body.content = map(value, media_type)?,
            "required" => body.required = value.as_bool()?,
            _ => extension(&mut body.extensions, key, value),
        }
    }
    Some(body)
}

/// `default`, the keys openapiv3 reads as status codes, and extensions;
/// other keys it skips.
fn responses(object: &Map<String, Value>) -> Option<Responses> {
    let mut responses = Responses::default();
    for (key, value) in object {
        if key == "default" {
            responses.default = optional(value, |v| reference_or(v, response))?;
        } else if let Some(status) = status_code(key) {
            responses.responses.insert(status, reference_or(value, response)?);
        } else {
            extension(&mut responses.extensions, key, value);
        }
    }
    Some(responses)
}

/// A response key as openapiv3 reads it (`200`, `2XX`, `2xx`), by its own
/// `Deserialize`.
fn status_code(key: &str) -> Option<StatusCode> {
    use serde::de::IntoDeserializer;
    StatusCode::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(key)).ok()
}

fn response(object: &Map<String, Value>) -> Option<Response> {
    let mut response = Response::default();
    let mut description = None;
    for (key, value) in object {
        match key.as_str() {
            "description" => description = Some(string(value)?),
            "headers" => response.headers = map(value, |v| reference_or(v, header))?,
            "content" => response.content = map(value, media_type)?,
            "links" => response.links = map(value, by_serde::<ReferenceOr<Link>>)?,
            _ => extension(&mut response.extensions, key, value),
        }
    }
    // openapiv3 requires a response's `description`.
    response.description = description?;
    Some(response)
}

fn media_type(value: &Value) -> Option<MediaType> {
    let mut media_type = MediaType::default();
    for (key, value) in value.as_object()? {
        match key.as_str() {
            "schema" => media_type.schema = optional(value, reference_or_schema)?,
            "example" => media_type.example = optional(value, |v| Some(v.clone()))?,
            "examples" => media_type.examples = map(value, |v| reference_or(v, example))?,
            "encoding" => media_type.encoding = map(value, by_serde::<Encoding>)?,
            _ => extension(&mut media_type.extensions, key, value),
        }
    }
    Some(media_type)
}

fn example(object: &Map<String, Value>) -> Option<Example> {
    let mut example = Example::default();
    for (key, value) in object {
        match key.as_str() {
            "summary" => example.summary = optional(value, string)?,
            "description" => example.description = optional(value, string)?,
            "value" => example.value = optional(value, |v| Some(v.clone()))?,
            "externalValue" => example.external_value = optional(value, string)?,
            _ => extension(&mut example.extensions, key, value),
        }
    }
    Some(example)
}

/// Keeps `key` when it names an extension; openapiv3 skips other unknown
/// keys.
fn extension(extensions: &mut IndexMap<String, Value>, key: &str, value: &Value) {
    if key.starts_with("x-") {
        extensions.insert(key.to_string(), value.clone());
    }
}

/// A small object read as openapiv3 reads it (servers, security
/// requirements, links, encodings: rare, and without schemas).
fn by_serde<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// An array (openapiv3's defaulted `Vec`s reject `null`). Sized up front:
/// collecting `Option`s would grow it by doubling, and the model is held
/// through lowering.
fn list<T>(value: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    let items = value.as_array()?;
    let mut read_items = Vec::with_capacity(items.len());
    for item in items {
        read_items.push(read(item)?);
    }
    Some(read_items)
}

/// An object's entries, each read by `read` (openapiv3's defaulted maps
/// reject `null`); sized up front as [`list`] is.
fn map<T>(value: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<IndexMap<String, T>> {
    let entries = value.as_object()?;
    let mut read_entries = IndexMap::with_capacity(entries.len());
    for (key, value) in entries {
        read_entries.insert(key.clone(), read(value)?);
    }
    Some(read_entries)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::load::{prepared, typed_model};
    use crate::test_documents;

    /// The contract: where this reader answers, openapiv3 reads the same
    /// value; where openapiv3 fails, this reader gives up. Returns whether it
    /// answered.
    fn agrees<T>(value: &Value, read: fn(&Map<String, Value>) -> Option<T>, context: &str) -> bool
    where
        T: DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let fast = reference_or(value, read);
        match (&fast, ReferenceOr::<T>::deserialize(value).ok()) {
            (Some(fast), Some(slow)) => assert_eq!(fast, &slow, "{context}: read differently: {value}"),
            (Some(fast), None) => panic!("{context}: openapiv3 rejects what was read as {fast:?}: {value}"),
            (None, _) => {}
        }
        fast.is_some()
    }

    fn documents(what: &str) -> Vec<std::path::PathBuf> {
        let mut paths = test_documents::repository();
        paths.extend(test_documents::present(
            [
                test_documents::chatwoot_dir().join("swagger.json"),
                test_documents::github(),
            ],
            what,
        ));
        paths
    }

    /// Each path item and each component these readers cover, in every
    /// document, read both ways; (seen, answered).
    fn compare_parts(raw: &Value, context: &str) -> (usize, usize) {
        let mut seen = (0, 0);
        let mut count = |answered: bool| {
            seen.0 += 1;
            seen.1 += usize::from(answered);
        };
        if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
            for (path, item) in paths.iter().filter(|(path, _)| path.starts_with('/')) {
                count(agrees(item, path_item, &format!("{context} {path}")));
            }
        }
        let Some(components) = raw.get("components").and_then(Value::as_object) else {
            return seen;
        };
        for (kind, entries) in components {
            let Some(entries) = entries.as_object() else { continue };
            for (name, entry) in entries {
                let context = format!("{context} {kind}/{name}");
                match kind.as_str() {
                    "parameters" => count(agrees(entry, parameter, &context)),
                    "responses" => count(agrees(entry, response, &context)),
                    "requestBodies" => count(agrees(entry, request_body, &context)),
                    "headers" => count(agrees(entry, header, &context)),
                    "examples" => count(agrees(entry, example, &context)),
                    _ => {}
                }
            }
        }
        seen
    }

    /// Every path item and component of the specs, the fixtures, Chatwoot's
    /// and GitHub's descriptions read both ways, and nearly all of them
    /// without openapiv3.
    #[test]
    fn reads_the_documents_path_items_and_components_as_openapiv3_does() {
        let (mut seen, mut answered) = (0, 0);
        for path in documents("their path items") {
            if let Some(raw) = prepared(&path) {
                let (s, a) = compare_parts(&raw, &path.display().to_string());
                seen += s;
                answered += a;
            }
        }
        assert!(answered * 100 > seen * 97, "answered {answered} of {seen}");
    }

    /// The whole model, this module's and openapiv3's parts together, is
    /// what openapiv3 reads from the whole document.
    #[test]
    fn types_every_document_as_openapiv3_does() {
        for path in documents("their models") {
            let Some(raw) = prepared(&path) else { continue };
            let by_openapiv3 = openapiv3::OpenAPI::deserialize(&raw).ok();
            assert!(
                typed_model(raw) == by_openapiv3,
                "{} is typed differently",
                path.display()
            );
        }
    }

    #[test]
    fn broken_and_unusual_path_items_are_read_as_openapiv3_reads_them() {
        let cases = [
            // Both `schema` and `content`: openapiv3 takes the first.
            json!({"get": {"parameters": [{"in": "query", "name": "a", "schema": {"type": "string"},
                "content": {"text/plain": {}}}], "responses": {}}}),
            // Keys that are not status codes are skipped; `2xx` is a range.
            json!({"get": {"responses": {"2xx": {"description": "ok"}, "20": {"description": "x"},
                "099": {"description": "x"}, "x-a": 1, "default": null}}}),
            // No `responses`, a response without `description`, `null` where a list goes.
            json!({"get": {}}),
            json!({"get": {"responses": {"200": {}}}}),
            json!({"get": {"responses": {}, "tags": null}}),
            // A `$ref` that is not a string, a parameter without `in`, an unknown style.
            json!({"get": {"responses": {"200": {"$ref": 5, "description": "d"}}}}),
            json!({"parameters": [{"name": "a", "schema": {}}]}),
            json!({"parameters": [{"in": "path", "name": "a", "style": "form", "schema": {}}]}),
            // A callback and a query parameter's own fields.
            json!({"post": {"responses": {}, "callbacks": {"done": {"{$request.body#/url}": {"post": {"responses": {}}}}},
                "parameters": [{"in": "query", "name": "q", "allowReserved": true, "allowEmptyValue": null,
                "style": "deepObject", "explode": false, "schema": {"type": "object"}}]}}),
        ];
        let mut answered = 0;
        let mut paths = Map::new();
        for (i, case) in cases.into_iter().enumerate() {
            answered += usize::from(agrees(&case, path_item, "case"));
            paths.insert(format!("/{i}"), case);
        }
        assert_eq!(answered, 2, "the status-key and callback cases are read directly");
        // In a whole document, the items this reader leaves to openapiv3
        // are read by it: the same model, or the same refusal.
        let readable = |paths: &Map<String, Value>| {
            let mut document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
            document["paths"] = Value::Object(paths.clone());
            let by_openapiv3 = openapiv3::OpenAPI::deserialize(&document).ok();
            assert!(typed_model(document.clone()) == by_openapiv3, "{document}");
            by_openapiv3.is_some()
        };
        assert!(!readable(&paths), "some cases are broken");
        paths.retain(|path, _| ["/0", "/1", "/8", "/5"].contains(&path.as_str()));
        assert!(
            readable(&paths),
            "a `$ref` of another type is read by openapiv3 as a response"
        );
    }

    /// `2XX` and `2xx` are one status code to openapiv3: the later response
    /// replaces the earlier one in its place, schema and all (the case the
    /// inline-schema markers of session 8 could not put back).
    #[test]
    fn two_spellings_of_one_status_range_read_as_openapiv3_reads_them() {
        let item = json!({"get": {"responses": {
            "2XX": {"description": "a", "content": {"application/json": {"schema": {"type": "string"}}}},
            "200": {"description": "b"},
            "2xx": {"description": "c", "content": {"application/json": {"schema": {"type": "integer"}}}},
        }}});
        assert!(agrees(&item, path_item, "2XX and 2xx"));
        let Some(ReferenceOr::Item(read)) = reference_or(&item, path_item) else {
            panic!("read directly")
        };
        let responses = &read.get.expect("a get").responses.responses;
        let statuses: Vec<String> = responses.keys().map(ToString::to_string).collect();
        assert_eq!(statuses, ["2XX", "200"]);
        let ReferenceOr::Item(range) = &responses[&StatusCode::Range(2)] else {
            panic!("an item")
        };
        assert_eq!(range.description, "c");
    }

    /// Component examples, whose values are moved into the model, read as
    /// openapiv3 reads them: with a value, a `null` one, a reference, and
    /// one openapiv3 rejects.
    #[test]
    fn component_examples_are_read_as_openapiv3_reads_them() {
        let document = |examples: Value| {
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"examples": examples}})
        };
        let readable = document(json!({
            "A": {"summary": "s", "value": {"id": 1, "tags": ["a"]}, "x-a": true},
            "B": {"value": null, "description": "d"},
            "C": {"$ref": "#/components/examples/A"},
            "D": {"externalValue": "https://example.com/d.json"},
        }));
        let by_openapiv3 = openapiv3::OpenAPI::deserialize(&readable).ok();
        assert!(by_openapiv3.is_some());
        assert!(typed_model(readable) == by_openapiv3);
        let broken = document(json!({"A": {"summary": 5, "value": 1}}));
        assert!(openapiv3::OpenAPI::deserialize(&broken).is_err());
        assert!(typed_model(broken).is_none());
    }

    /// Every location with every style and the query-only fields, each
    /// present, absent or `null`.
    #[test]
    fn reads_every_parameter_location_and_style_as_openapiv3_does() {
        let styles = [
            None,
            Some("form"),
            Some("simple"),
            Some("matrix"),
            Some("label"),
            Some("spaceDelimited"),
            Some("pipeDelimited"),
            Some("deepObject"),
            Some("other"),
        ];
        let flags = [None, Some(json!(true)), Some(json!(false)), Some(Value::Null)];
        let mut answered = 0;
        for location in ["query", "header", "path", "cookie", "body"] {
            for style in styles {
                for flag in &flags {
                    let mut parameter = json!({"in": location, "name": "a", "schema": {"type": "string"}});
                    if let Some(style) = style {
                        parameter["style"] = json!(style);
                    }
                    if let Some(flag) = flag {
                        for key in ["allowReserved", "allowEmptyValue", "explode", "deprecated"] {
                            parameter[key] = flag.clone();
                        }
                    }
                    answered += usize::from(agrees(&json!({"parameters": [parameter]}), path_item, location));
                }
            }
        }
        // Not vacuous: each location's valid styles (absent included: query 5,
        // header 2, path 4, cookie 2) with each flag, except a query's
        // `null` `allowReserved`, which openapiv3 rejects (elsewhere it is
        // ignored).
        assert_eq!(answered, 5 * 3 + (2 + 4 + 2) * 4);
    }

    fn scalar() -> BoxedStrategy<Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            Just(Value::from(3)),
            Just(Value::from("a")),
        ]
        .boxed()
    }

    /// An object of entries drawn from `entries`, 0 to `max` of them.
    fn object(entries: Vec<(&'static str, BoxedStrategy<Value>)>, max: usize) -> BoxedStrategy<Value> {
        with(vec![], entries, max)
    }

    /// An object with `required`'s entries (each left out one time in
    /// eight) and up to `max` drawn from `others`.
    fn with(
        required: Vec<(&'static str, BoxedStrategy<Value>)>,
        others: Vec<(&'static str, BoxedStrategy<Value>)>,
        max: usize,
    ) -> BoxedStrategy<Value> {
        let required: Vec<BoxedStrategy<Option<(&'static str, Value)>>> = required
            .into_iter()
            .map(|(key, value)| prop_oneof![7 => value.prop_map(move |v| Some((key, v))), 1 => Just(None)].boxed())
            .collect();
        let entry = prop::sample::select((0..others.len()).collect::<Vec<_>>())
            .prop_flat_map(move |i| (Just(others[i].0), others[i].1.clone()));
        (required, prop::collection::vec(entry, 0..=max))
            .prop_map(|(required, others)| {
                Value::Object(
                    required
                        .into_iter()
                        .flatten()
                        .chain(others)
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            })
            .boxed()
    }

    /// Mostly `fitting`, sometimes a scalar of any type.
    fn or_scalar(fitting: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
        prop_oneof![15 => fitting, 1 => scalar()].boxed()
    }

    fn words(words: &'static [&'static str]) -> BoxedStrategy<Value> {
        prop::sample::select(words).prop_map(Value::from).boxed()
    }

    fn fixed(value: Value) -> BoxedStrategy<Value> {
        or_scalar(Just(value).boxed())
    }

    fn reference() -> BoxedStrategy<Value> {
        prop_oneof![Just(json!({"$ref": "#/components/x"})), Just(json!({"$ref": 1}))].boxed()
    }

    fn schema() -> BoxedStrategy<Value> {
        or_scalar(
            prop_oneof![
                Just(json!({"type": "string"})),
                Just(json!({"type": "object", "properties": {"a": {"type": "integer"}}})),
                Just(json!({"$ref": "#/components/schemas/A"})),
            ]
            .boxed(),
        )
    }

    fn example_value() -> BoxedStrategy<Value> {
        or_scalar(
            prop_oneof![
                reference(),
                object(
                    vec![
                        ("summary", words(&["s"])),
                        ("description", scalar()),
                        ("value", fixed(json!({"a": [1]}))),
                        ("externalValue", words(&["https://example.com"])),
                        ("x-a", scalar()),
                    ],
                    3,
                ),
            ]
            .boxed(),
        )
    }

    fn map_of(value: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
        or_scalar(object(vec![("a", value.clone()), ("b", value)], 2))
    }

    fn media_type_value() -> BoxedStrategy<Value> {
        or_scalar(object(
            vec![
                ("schema", schema()),
                ("example", scalar()),
                ("examples", map_of(example_value())),
                ("encoding", map_of(fixed(json!({"contentType": "image/png"})))),
                ("x-a", scalar()),
                ("other", scalar()),
            ],
            3,
        ))
    }

    /// A parameter, or with `header`, a header (no `in` or `name`).
    fn parameter_value(header: bool) -> BoxedStrategy<Value> {
        let required = if header {
            vec![("schema", schema())]
        } else {
            vec![
                ("in", or_scalar(words(&["query", "header", "path", "cookie", "body"]))),
                ("name", or_scalar(words(&["a"]))),
                ("schema", schema()),
            ]
        };
        let others = vec![
            ("required", or_scalar(any::<bool>().prop_map(Value::Bool).boxed())),
            ("deprecated", scalar()),
            ("description", scalar()),
            (
                "style",
                or_scalar(words(&[
                    "form",
                    "simple",
                    "matrix",
                    "label",
                    "deepObject",
                    "pipeDelimited",
                    "x",
                ])),
            ),
            ("explode", scalar()),
            ("allowReserved", or_scalar(any::<bool>().prop_map(Value::Bool).boxed())),
            ("allowEmptyValue", scalar()),
            ("content", map_of(media_type_value())),
            ("example", scalar()),
            ("examples", map_of(example_value())),
            ("x-a", scalar()),
        ];
        or_scalar(prop_oneof![1 => reference(), 8 => with(required, others, 4)].boxed())
    }

    fn response_value() -> BoxedStrategy<Value> {
        let others = vec![
            ("content", map_of(media_type_value())),
            ("headers", map_of(parameter_value(true))),
            ("links", map_of(fixed(json!({"operationId": "get"})))),
            ("x-a", scalar()),
        ];
        or_scalar(
            prop_oneof![1 => reference(), 8 => with(vec![("description", or_scalar(words(&["d"])))], others, 3)]
                .boxed(),
        )
    }

    fn parameters() -> BoxedStrategy<Value> {
        or_scalar(
            prop::collection::vec(parameter_value(false), 0..3)
                .prop_map(Value::Array)
                .boxed(),
        )
    }

    fn operation_value() -> BoxedStrategy<Value> {
        let responses = object(
            vec![
                ("200", response_value()),
                ("2XX", response_value()),
                ("2xx", response_value()),
                ("default", response_value()),
                ("x-a", scalar()),
                ("600", response_value()),
                ("20", response_value()),
                ("abc", scalar()),
            ],
            3,
        );
        let body = object(
            vec![
                ("content", map_of(media_type_value())),
                ("required", scalar()),
                ("description", scalar()),
                ("x-a", scalar()),
            ],
            3,
        );
        let others = vec![
            ("tags", fixed(json!(["a", "b"]))),
            ("operationId", scalar()),
            ("summary", scalar()),
            ("deprecated", or_scalar(any::<bool>().prop_map(Value::Bool).boxed())),
            (
                "requestBody",
                or_scalar(prop_oneof![1 => reference(), 4 => body].boxed()),
            ),
            ("security", fixed(json!([{"token": []}]))),
            ("servers", fixed(json!([{"url": "https://example.com"}]))),
            ("externalDocs", fixed(json!({"url": "https://example.com"}))),
            (
                "callbacks",
                fixed(json!({"c": {"{$url}": {"post": {"responses": {}}}}})),
            ),
            ("x-a", scalar()),
        ];
        or_scalar(with(
            vec![("responses", or_scalar(responses)), ("parameters", parameters())],
            others,
            3,
        ))
    }

    fn path_item_value() -> BoxedStrategy<Value> {
        with(
            vec![("get", operation_value())],
            vec![
                ("post", operation_value()),
                ("patch", operation_value()),
                ("summary", scalar()),
                ("parameters", parameters()),
                ("servers", fixed(json!([{"url": "https://example.com"}]))),
                ("$ref", scalar()),
                ("x-a", scalar()),
            ],
            2,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Random path items, well-formed or not, read both ways.
        #[test]
        fn reads_random_path_items_as_openapiv3_does(value in path_item_value()) {
            agrees(&value, path_item, "random");
        }
    }
}
