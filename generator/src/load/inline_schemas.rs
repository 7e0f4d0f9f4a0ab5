//! The schemas written inline in operations, parameters, request bodies,
//! responses and headers, read by [`super::schemas`] instead of by serde.
//!
//! openapiv3 buffers every `ReferenceOr` it reads, so a schema inside a
//! response inside an operation is copied once per level around it. Before
//! openapiv3 reads the document, each inline schema is taken out and a marker
//! reference left in its place; once it has read the rest, each marker is
//! replaced by its schema, read directly:
//!
//! ```text
//! "schema": {"type": "array", "items": {…}}   →   "schema": {"$ref": "\0inline-schema/17"}
//! openapiv3 reads the document                 →   ReferenceOr::Reference { "\0inline-schema/17" }
//! put back                                     →   ReferenceOr::Item(Schema { … })
//! ```
//!
//! The places taken from and put back to are the same list, written twice
//! (once over JSON, once over the typed model); [`put_back`] checks that
//! every marker came back exactly once, and the caller reads the document
//! without markers if not, so a place missed on one side costs time, never
//! a schema.

use openapiv3::{
    Components, Header, MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody, Response, Schema, StatusCode,
};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{METHODS, schemas};

/// No document's `$ref` starts with a NUL character.
const MARKER: &str = "\0inline-schema/";

/// The inline schemas taken out of a document, by marker number.
#[derive(Debug, Default)]
pub(crate) struct Taken {
    schemas: Vec<Option<Value>>,
}

/// Why the markers could not all be replaced.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PutBack {
    /// A schema that openapiv3 cannot read either: the document is broken.
    Unreadable,
    /// A marker was not found once in the typed model (a place the two
    /// walks do not agree on): read the document without markers.
    Lost,
}

/// Takes the inline schemas out of `raw`'s paths and components, leaving
/// markers.
pub(crate) fn take(raw: &mut Value) -> Taken {
    let mut taken = Taken::default();
    if let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            // openapiv3 keeps only these as paths.
            if path.starts_with('/') {
                take_path_item(item, &mut taken);
            }
        }
    }
    if let Some(components) = raw.get_mut("components").and_then(Value::as_object_mut) {
        let kinds: [(&str, TakeOne); 4] = [
            ("parameters", take_parameter),
            ("responses", take_response),
            ("requestBodies", take_request_body),
            ("headers", take_header),
        ];
        for (kind, take_one) in kinds {
            if let Some(entries) = components.get_mut(kind).and_then(Value::as_object_mut) {
                entries.values_mut().for_each(|entry| take_one(entry, &mut taken));
            }
        }
    }
    taken
}

/// Takes the inline schemas of one object.
type TakeOne = fn(&mut Value, &mut Taken);

/// An object that is not a reference (a reference is read as one).
fn inline(value: &mut Value) -> Option<&mut Map<String, Value>> {
    value.as_object_mut().filter(|object| !object.contains_key("$ref"))
}

fn take_path_item(item: &mut Value, taken: &mut Taken) {
    let Some(item) = inline(item) else { return };
    take_parameters(item.get_mut("parameters"), taken);
    for method in METHODS {
        if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
            take_parameters(operation.get_mut("parameters"), taken);
            if let Some(body) = operation.get_mut("requestBody") {
                take_request_body(body, taken);
            }
            if let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) {
                for (status, response) in responses.iter_mut() {
                    if is_response_key(status) {
                        take_response(response, taken);
                    }
                }
            }
        }
    }
}

/// `default` and the keys openapiv3 reads as status codes (others it
/// skips).
fn is_response_key(key: &str) -> bool {
    use serde::de::IntoDeserializer;
    key == "default"
        || StatusCode::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(key)).is_ok()
}

fn take_parameters(parameters: Option<&mut Value>, taken: &mut Taken) {
    if let Some(parameters) = parameters.and_then(Value::as_array_mut) {
        parameters
            .iter_mut()
            .for_each(|parameter| take_parameter(parameter, taken));
    }
}

/// A parameter and a header hold a schema or content.
fn take_parameter(parameter: &mut Value, taken: &mut Taken) {
    let Some(parameter) = inline(parameter) else { return };
    take_schema(parameter.get_mut("schema"), taken);
    take_content(parameter.get_mut("content"), taken);
}

fn take_header(header: &mut Value, taken: &mut Taken) {
    take_parameter(header, taken);
}

fn take_request_body(body: &mut Value, taken: &mut Taken) {
    if let Some(body) = inline(body) {
        take_content(body.get_mut("content"), taken);
    }
}

fn take_response(response: &mut Value, taken: &mut Taken) {
    let Some(response) = inline(response) else { return };
    take_content(response.get_mut("content"), taken);
    if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
        headers.values_mut().for_each(|header| take_header(header, taken));
    }
}

fn take_content(content: Option<&mut Value>, taken: &mut Taken) {
    if let Some(content) = content.and_then(Value::as_object_mut) {
        for media_type in content.values_mut() {
            if let Some(media_type) = media_type.as_object_mut() {
                take_schema(media_type.get_mut("schema"), taken);
            }
        }
    }
}

/// Replaces an inline schema by a marker (a reference stays: openapiv3
/// reads it cheaply).
fn take_schema(schema: Option<&mut Value>, taken: &mut Taken) {
    let Some(schema) = schema else { return };
    if inline(schema).is_none() {
        return;
    }
    let marker = serde_json::json!({ "$ref": format!("{MARKER}{}", taken.schemas.len()) });
    taken.schemas.push(Some(std::mem::replace(schema, marker)));
}

/// Replaces every marker in `openapi` by its schema.
pub(crate) fn put_back(openapi: &mut OpenAPI, mut taken: Taken) -> Result<(), PutBack> {
    let mut putting = Putting {
        taken: &mut taken,
        put: 0,
        result: Ok(()),
    };
    for item in openapi.paths.paths.values_mut() {
        if let ReferenceOr::Item(item) = item {
            putting.path_item(item);
        }
    }
    if let Some(components) = &mut openapi.components {
        putting.components(components);
    }
    let (put, result) = (putting.put, putting.result);
    result?;
    if put == taken.schemas.len() {
        Ok(())
    } else {
        Err(PutBack::Lost)
    }
}

/// The typed side of [`take`]'s walk.
struct Putting<'a> {
    taken: &'a mut Taken,
    put: usize,
    result: Result<(), PutBack>,
}

impl Putting<'_> {
    fn components(&mut self, components: &mut Components) {
        for parameter in components.parameters.values_mut() {
            self.parameter(parameter);
        }
        for response in components.responses.values_mut() {
            self.response(response);
        }
        for body in components.request_bodies.values_mut() {
            self.request_body(body);
        }
        for header in components.headers.values_mut() {
            self.header(header);
        }
    }

    fn path_item(&mut self, item: &mut PathItem) {
        item.parameters.iter_mut().for_each(|p| self.parameter(p));
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            self.operation(operation);
        }
    }

    fn operation(&mut self, operation: &mut Operation) {
        operation.parameters.iter_mut().for_each(|p| self.parameter(p));
        if let Some(body) = &mut operation.request_body {
            self.request_body(body);
        }
        if let Some(default) = &mut operation.responses.default {
            self.response(default);
        }
        for response in operation.responses.responses.values_mut() {
            self.response(response);
        }
    }

    fn parameter(&mut self, parameter: &mut ReferenceOr<Parameter>) {
        if let ReferenceOr::Item(
            Parameter::Query { parameter_data, .. }
            | Parameter::Header { parameter_data, .. }
            | Parameter::Path { parameter_data, .. }
            | Parameter::Cookie { parameter_data, .. },
        ) = parameter
        {
            self.schema_or_content(&mut parameter_data.format);
        }
    }

    fn header(&mut self, header: &mut ReferenceOr<Header>) {
        if let ReferenceOr::Item(header) = header {
            self.schema_or_content(&mut header.format);
        }
    }

    fn schema_or_content(&mut self, format: &mut ParameterSchemaOrContent) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => self.schema(schema),
            ParameterSchemaOrContent::Content(content) => content.values_mut().for_each(|m| self.media_type(m)),
        }
    }

    fn request_body(&mut self, body: &mut ReferenceOr<RequestBody>) {
        if let ReferenceOr::Item(body) = body {
            body.content.values_mut().for_each(|m| self.media_type(m));
        }
    }

    fn response(&mut self, response: &mut ReferenceOr<Response>) {
        if let ReferenceOr::Item(response) = response {
            response.content.values_mut().for_each(|m| self.media_type(m));
            response.headers.values_mut().for_each(|h| self.header(h));
        }
    }

    fn media_type(&mut self, media_type: &mut MediaType) {
        if let Some(schema) = &mut media_type.schema {
            self.schema(schema);
        }
    }

    /// Puts back the schema a marker stands for; a marker met twice, or
    /// one that was never made, is [`PutBack::Lost`].
    fn schema(&mut self, schema: &mut ReferenceOr<Schema>) {
        let ReferenceOr::Reference { reference } = schema else {
            return;
        };
        let Some(number) = reference.strip_prefix(MARKER) else {
            return;
        };
        let Some(value) = number
            .parse::<usize>()
            .ok()
            .and_then(|n| self.taken.schemas.get_mut(n))
            .and_then(Option::take)
        else {
            self.fail(PutBack::Lost);
            return;
        };
        self.put += 1;
        match schemas::read(value) {
            Some(read) => *schema = read,
            None => self.fail(PutBack::Unreadable),
        }
    }

    /// Keeps the first failure.
    fn fail(&mut self, why: PutBack) {
        if self.result.is_ok() {
            self.result = Err(why);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{LoadOptions, prepare, typed_model};
    use crate::test_documents;

    /// The typed model read with markers and without, and how many
    /// schemas were taken.
    type Read = Result<OpenAPI, PutBack>;

    fn both_ways(text: &str, path: &Path) -> Option<(Read, Read, usize)> {
        let display = path.display().to_string();
        let raw = prepare(text, Some(path), &display, LoadOptions::default()).ok()?.raw;
        let taken = take(&mut raw.clone()).schemas.len();
        Some((
            typed_model(raw.clone(), false, true),
            typed_model(raw, false, false),
            taken,
        ))
    }

    /// Every document of the repository, Chatwoot's published one and
    /// GitHub's reads to the same model with markers as without, and no
    /// marker is lost.
    #[test]
    fn markers_read_every_document_as_openapiv3_does() {
        let mut paths = test_documents::repository();
        paths.extend(test_documents::present(
            [
                test_documents::chatwoot_dir().join("swagger.json"),
                test_documents::github(),
            ],
            "its inline schemas",
        ));
        let mut taken = 0;
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("readable");
            let Some((marked, plain, count)) = both_ways(&text, &path) else {
                continue;
            };
            taken += count;
            match (marked, plain) {
                (Ok(marked), Ok(plain)) => assert!(marked == plain, "{}: read differently", path.display()),
                (Err(PutBack::Unreadable), Err(_)) => {}
                (marked, plain) => panic!(
                    "{}: with markers {:?}, without {:?}",
                    path.display(),
                    marked.err(),
                    plain.err()
                ),
            }
        }
        assert!(taken > 300, "not vacuous: {taken} inline schemas taken");
    }

    /// Two responses openapiv3 reads as one status code (`2xx`, `2XX`): the
    /// second replaces the first, its marker is lost, and the document is
    /// read without markers, the same as openapiv3 reads it.
    #[test]
    fn lost_marker_falls_back_to_reading_without_markers() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
            "responses": {
                "2xx": {"description": "lower", "content": {"application/json": {"schema": {"type": "string"}}}},
                "2XX": {"description": "upper", "content": {"application/json": {"schema": {"type": "integer"}}}}
            }}}}}"#;
        let path = Path::new("lost_marker.json");
        let (marked, plain, taken) = both_ways(text, path).expect("prepared");
        assert_eq!(taken, 2);
        assert_eq!(marked.err(), Some(PutBack::Lost));
        let loaded = crate::load::load_text(text, None, "lost_marker.json", LoadOptions::default()).expect("loads");
        assert!(loaded.openapi == plain.expect("openapiv3 reads it"));
    }
}
