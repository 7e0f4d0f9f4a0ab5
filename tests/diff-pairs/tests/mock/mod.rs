//! A mock of the NEW server, read from the NEW document: it finds the
//! operation a request is for, checks what the new server requires of it
//! (base path, method, security, parameters, body media type and schema)
//! and answers with the operation's example reply.
//!
//! ```text
//! request ─ strip the server's base path ─ find path template + method (404 / 405)
//!         ─ security requirements met? (401)
//!         ─ parameters: required present, values of their schema and style (400)
//!         ─ body: required present, media type accepted (415), JSON valid (400)
//!         └ reply: the operation's n-th 2xx response (the last if it has fewer),
//!           with its example (or one made from its schema)
//! ```
//!
//! It checks what a strict server checks, no more: properties a schema does
//! not declare are ignored unless `additionalProperties: false` says so.

use std::sync::{Arc, Mutex};

use serde_json::{Map, Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

/// The NEW server.
pub struct NewServer {
    doc: Value,
    base_path: String,
    reply: usize,
    log: Arc<Mutex<Vec<String>>>,
}

impl NewServer {
    /// Answers as `doc` says, with the `reply`-th success response of each
    /// operation; every request it refuses is written to `log`.
    pub fn new(doc: Value, reply: usize, log: Arc<Mutex<Vec<String>>>) -> Self {
        let base_path = base_path(&doc);
        Self {
            doc,
            base_path,
            reply,
            log,
        }
    }

    fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                break;
            };
            match reference
                .strip_prefix('#')
                .and_then(|pointer| self.doc.pointer(pointer))
            {
                Some(target) => value = target,
                None => break,
            }
        }
        value
    }

    fn answer(&self, request: &Request) -> Result<ResponseTemplate, (u16, String)> {
        let path = request.url.path();
        let Some(path) = path.strip_prefix(&self.base_path) else {
            return Err((
                404,
                format!("`{path}` is not under the server's base path `{}`", self.base_path),
            ));
        };
        let (item, captured) = self
            .path_item(path)
            .ok_or_else(|| (404, format!("no path matches `{path}`")))?;
        let method = request.method.as_str().to_ascii_lowercase();
        let operation = item
            .get(&method)
            .map(|o| self.resolve(o))
            .ok_or_else(|| (405, format!("`{path}` has no {method} operation")))?;
        self.check_security(operation, request)?;
        self.check_parameters(item, operation, &captured, request)?;
        self.check_body(operation, request)?;
        Ok(self.reply_of(operation))
    }

    /// The path item whose template matches, and the path parameters.
    fn path_item(&self, path: &str) -> Option<(&Value, Vec<(String, String)>)> {
        let segments: Vec<&str> = path.split('/').collect();
        for (template, item) in self.doc.get("paths")?.as_object()? {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                continue;
            }
            let mut captured = Vec::new();
            let matches = parts.iter().zip(&segments).all(|(part, segment)| {
                match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) if !segment.is_empty() => {
                        captured.push((name.to_string(), decode(segment)));
                        true
                    }
                    Some(_) => false,
                    None => part == segment,
                }
            });
            if matches {
                return Some((self.resolve(item), captured));
            }
        }
        None
    }

    fn check_security(&self, operation: &Value, request: &Request) -> Result<(), (u16, String)> {
        let requirements = operation
            .get("security")
            .or_else(|| self.doc.get("security"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if requirements.is_empty() || requirements.iter().any(|r| r.as_object().is_none_or(Map::is_empty)) {
            return Ok(());
        }
        let met = |name: &str| -> bool {
            let Some(scheme) = self.doc.pointer(&format!("/components/securitySchemes/{name}")) else {
                return false;
            };
            let scheme = self.resolve(scheme);
            let authorization = header(request, "authorization")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let key = scheme["name"].as_str().unwrap_or_default();
            match (scheme["type"].as_str(), scheme["in"].as_str()) {
                (Some("http"), _) => {
                    let wanted = scheme["scheme"].as_str().unwrap_or("bearer").to_ascii_lowercase();
                    authorization.starts_with(&format!("{wanted} "))
                }
                (Some("oauth2" | "openIdConnect"), _) => authorization.starts_with("bearer "),
                (Some("apiKey"), Some("header")) => header(request, key).is_some(),
                (Some("apiKey"), Some("query")) => request.url.query_pairs().any(|(k, _)| k == key),
                (Some("apiKey"), Some("cookie")) => cookies(request).iter().any(|(k, _)| k == key),
                _ => false,
            }
        };
        let satisfied = requirements.iter().any(|alternative| {
            alternative
                .as_object()
                .is_some_and(|schemes| schemes.keys().all(|name| met(name)))
        });
        if satisfied {
            Ok(())
        } else {
            Err((401, "no credentials the operation's security accepts".into()))
        }
    }

    fn check_parameters(
        &self,
        item: &Value,
        operation: &Value,
        captured: &[(String, String)],
        request: &Request,
    ) -> Result<(), (u16, String)> {
        let mut parameters: Vec<&Value> = Vec::new();
        for list in [item.get("parameters"), operation.get("parameters")]
            .into_iter()
            .flatten()
        {
            for parameter in list.as_array().into_iter().flatten() {
                let parameter = self.resolve(parameter);
                // An operation's parameter overrides the path item's.
                parameters.retain(|p| p["name"] != parameter["name"] || p["in"] != parameter["in"]);
                parameters.push(parameter);
            }
        }
        for parameter in parameters {
            let name = parameter["name"].as_str().unwrap_or_default();
            let place = parameter["in"].as_str().unwrap_or_default();
            let schema = self.resolve(parameter.get("schema").unwrap_or(&Value::Null));
            let values: Vec<String> = match place {
                "path" => captured
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .collect(),
                "query" => request
                    .url
                    .query_pairs()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
                    .collect(),
                "header" => header(request, name).into_iter().collect(),
                "cookie" => cookies(request)
                    .into_iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v)
                    .collect(),
                _ => Vec::new(),
            };
            let what = format!("{place} parameter `{name}`");
            if values.is_empty() {
                if parameter["required"] == true || place == "path" {
                    return Err((400, format!("{what} is required")));
                }
                continue;
            }
            let array = schema["type"] == "array";
            if !array && values.len() > 1 {
                return Err((400, format!("{what} given {} times", values.len())));
            }
            let items: Vec<String> = if array {
                let style = parameter["style"].as_str().unwrap_or("form");
                let explode = parameter["explode"].as_bool().unwrap_or(style == "form");
                if explode {
                    values
                } else if values.len() > 1 {
                    return Err((
                        400,
                        format!(
                            "{what} is one delimited value (explode: false), sent {} times",
                            values.len()
                        ),
                    ));
                } else {
                    let delimiter = match style {
                        "spaceDelimited" => ' ',
                        "pipeDelimited" => '|',
                        _ => ',',
                    };
                    values[0].split(delimiter).map(str::to_string).collect()
                }
            } else {
                values
            };
            let item_schema = if array {
                self.resolve(schema.get("items").unwrap_or(&Value::Null))
            } else {
                schema
            };
            for text in &items {
                self.check_text(item_schema, text)
                    .map_err(|e| (400, format!("{what}: {e}")))?;
            }
        }
        Ok(())
    }

    /// A parameter or form value: text that must read as the schema's type.
    fn check_text(&self, schema: &Value, text: &str) -> Result<(), String> {
        let schema = self.resolve(schema);
        let value = match schema["type"].as_str() {
            Some("integer") => json!(text.parse::<i64>().map_err(|_| format!("`{text}` is not an integer"))?),
            Some("number") => json!(text.parse::<f64>().map_err(|_| format!("`{text}` is not a number"))?),
            Some("boolean") => json!(text.parse::<bool>().map_err(|_| format!("`{text}` is not a boolean"))?),
            _ => json!(text),
        };
        self.check_value(schema, &value, "")
    }

    fn check_body(&self, operation: &Value, request: &Request) -> Result<(), (u16, String)> {
        let Some(body) = operation.get("requestBody").map(|b| self.resolve(b)) else {
            return Ok(());
        };
        let content_type = header(request, "content-type")
            .map(|c| c.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
        let Some(content_type) = content_type.filter(|_| !request.body.is_empty()) else {
            return if body["required"] == true {
                Err((400, "the request body is required".into()))
            } else {
                Ok(())
            };
        };
        let Some((_, media)) = body["content"]
            .as_object()
            .into_iter()
            .flatten()
            .find(|(media_type, _)| media_type.eq_ignore_ascii_case(&content_type))
        else {
            return Err((415, format!("`{content_type}` is not accepted")));
        };
        let schema = self.resolve(media.get("schema").unwrap_or(&Value::Null));
        if content_type == "application/json" || content_type.ends_with("+json") {
            let value: Value =
                serde_json::from_slice(&request.body).map_err(|e| (400, format!("the body is not JSON: {e}")))?;
            self.check_value(schema, &value, "body").map_err(|e| (400, e))
        } else if content_type == "application/x-www-form-urlencoded" {
            let fields: Vec<(String, String)> = url_form(&request.body);
            self.check_fields(schema, &fields)
        } else if content_type == "multipart/form-data" {
            // Part names only: a part's text is not checked.
            let text = String::from_utf8_lossy(&request.body);
            let names: Vec<(String, String)> = text
                .split("name=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .map(|name| (name.to_string(), String::new()))
                .collect();
            self.check_required(schema, &names)
        } else {
            Ok(())
        }
    }

    fn check_required(&self, schema: &Value, fields: &[(String, String)]) -> Result<(), (u16, String)> {
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap_or_default();
            if !fields.iter().any(|(k, _)| k == name) {
                return Err((400, format!("body: property `{name}` is required")));
            }
        }
        Ok(())
    }

    fn check_fields(&self, schema: &Value, fields: &[(String, String)]) -> Result<(), (u16, String)> {
        self.check_required(schema, fields)?;
        for (name, text) in fields {
            if let Some(property) = schema["properties"].get(name) {
                let property = self.resolve(property);
                let property = if property["type"] == "array" {
                    self.resolve(&property["items"])
                } else {
                    property
                };
                self.check_text(property, text)
                    .map_err(|e| (400, format!("body.{name}: {e}")))?;
            }
        }
        Ok(())
    }

    /// JSON against an OpenAPI 3.0 / 3.1 schema: types, formats of integers,
    /// required, nullable, enums, unions, arrays, closed objects.
    fn check_value(&self, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
        let schema = self.resolve(schema);
        let Some(object) = schema.as_object() else {
            return Ok(());
        };
        let types: Vec<&str> = match &object.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if value.is_null() && (schema["nullable"] == true || types.contains(&"null")) {
            return Ok(());
        }
        for part in object.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            self.check_value(part, value, at)?;
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = object.get(key).and_then(Value::as_array) {
                let errors: Vec<String> = alternatives
                    .iter()
                    .filter_map(|a| self.check_value(a, value, at).err())
                    .collect();
                if errors.len() == alternatives.len() {
                    return Err(format!("{at}: matches no alternative ({})", errors.join("; ")));
                }
            }
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array)
            && !values.contains(value)
        {
            return Err(format!("{at}: {value} is not one of {}", Value::Array(values.clone())));
        }
        if !types.is_empty() && !types.iter().any(|t| is_type(t, value)) {
            return Err(format!("{at}: {value} is not of type {}", types.join(" or ")));
        }
        if object.get("format").and_then(Value::as_str) == Some("int32")
            && value.as_i64().is_some_and(|n| i32::try_from(n).is_err())
        {
            return Err(format!("{at}: {value} is not an int32"));
        }
        if let Value::Object(properties) = value {
            for required in object.get("required").and_then(Value::as_array).into_iter().flatten() {
                let name = required.as_str().unwrap_or_default();
                if !properties.contains_key(name) {
                    return Err(format!("{at}: property `{name}` is required"));
                }
            }
            let declared = object.get("properties").and_then(Value::as_object);
            for (name, property) in properties {
                let place = format!("{at}.{name}");
                match declared.and_then(|d| d.get(name)) {
                    Some(schema) => self.check_value(schema, property, &place)?,
                    None => match object.get("additionalProperties") {
                        Some(Value::Bool(false)) => return Err(format!("{place}: not a property of the schema")),
                        Some(extra @ Value::Object(_)) => self.check_value(extra, property, &place)?,
                        _ => {}
                    },
                }
            }
        }
        if let (Value::Array(items), Some(schema)) = (value, object.get("items")) {
            for (index, item) in items.iter().enumerate() {
                self.check_value(schema, item, &format!("{at}[{index}]"))?;
            }
        }
        Ok(())
    }

    /// The operation's `reply`-th success response (the last if it has
    /// fewer), with its example.
    fn reply_of(&self, operation: &Value) -> ResponseTemplate {
        let responses = operation["responses"].as_object().cloned().unwrap_or_default();
        let mut successes: Vec<(&String, &Value)> =
            responses.iter().filter(|(code, _)| code.starts_with('2')).collect();
        if successes.is_empty() {
            successes = responses.iter().filter(|(code, _)| *code == "default").collect();
        }
        let Some((code, response)) = successes.get(self.reply.min(successes.len().saturating_sub(1))) else {
            return ResponseTemplate::new(200);
        };
        let status = code.parse::<u16>().unwrap_or(200);
        let response = self.resolve(response);
        let content = response["content"].as_object().cloned().unwrap_or_default();
        let media = content
            .iter()
            .find(|(m, _)| m.contains("json"))
            .or_else(|| content.iter().next());
        let Some((media_type, media)) = media else {
            return ResponseTemplate::new(status);
        };
        let example = media
            .get("example")
            .cloned()
            .or_else(|| {
                media
                    .get("examples")
                    .and_then(Value::as_object)
                    .and_then(|e| e.values().next())
                    .map(|e| self.resolve(e)["value"].clone())
            })
            .unwrap_or_else(|| self.example(media.get("schema").unwrap_or(&Value::Null), 0));
        let body = match &example {
            Value::String(text) if !media_type.contains("json") => text.clone().into_bytes(),
            other => serde_json::to_vec(other).unwrap_or_default(),
        };
        ResponseTemplate::new(status).set_body_raw(body, media_type)
    }

    /// A value of the schema: its example, else every property made up.
    fn example(&self, schema: &Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if depth > 8 {
            return Value::Null;
        }
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        if let Some(first) = schema["enum"].as_array().and_then(|v| v.first()) {
            return first.clone();
        }
        if let Some(parts) = schema["allOf"].as_array() {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(fields) = self.example(part, depth + 1) {
                    merged.extend(fields);
                }
            }
            return Value::Object(merged);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema[key].as_array().and_then(|v| v.first()) {
                return self.example(first, depth + 1);
            }
        }
        let kind = match &schema["type"] {
            Value::Array(types) => types.iter().find(|t| *t != "null").cloned().unwrap_or_default(),
            other => other.clone(),
        };
        match kind.as_str() {
            Some("object") => Value::Object(
                schema["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, property)| (name.clone(), self.example(property, depth + 1)))
                    .collect(),
            ),
            Some("array") => json!([self.example(&schema["items"], depth + 1)]),
            Some("integer") => json!(1),
            Some("number") => json!(1.5),
            Some("boolean") => json!(true),
            Some("string") => match schema["format"].as_str() {
                Some("date-time") => json!("2024-01-01T00:00:00Z"),
                Some("uuid") => json!("00000000-0000-0000-0000-000000000000"),
                _ => json!("text"),
            },
            _ => Value::Null,
        }
    }
}

impl Respond for NewServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.answer(request) {
            Ok(reply) => reply,
            Err((status, reason)) => {
                let line = format!("{} {} → {status}: {reason}", request.method, request.url);
                self.log.lock().unwrap_or_else(|e| e.into_inner()).push(line);
                ResponseTemplate::new(status).set_body_json(json!({ "error": reason }))
            }
        }
    }
}

/// The path of the document's first server URL (`/v1`), without a
/// trailing `/`; empty when there is none.
pub fn base_path(doc: &Value) -> String {
    let url = doc
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => url,
    };
    path.trim_end_matches('/').to_string()
}

/// How many success replies the operation with the most has: the wire test
/// tries each.
pub fn success_replies(doc: &Value) -> usize {
    let mut most = 1;
    for item in doc["paths"].as_object().into_iter().flatten().map(|(_, item)| item) {
        for operation in item.as_object().into_iter().flatten().map(|(_, o)| o) {
            let count = operation["responses"]
                .as_object()
                .map_or(0, |r| r.keys().filter(|code| code.starts_with('2')).count());
            most = most.max(count);
        }
    }
    most
}

fn is_type(kind: &str, value: &Value) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => true,
    }
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn cookies(request: &Request) -> Vec<(String, String)> {
    header(request, "cookie")
        .unwrap_or_default()
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect()
}

fn url_form(body: &[u8]) -> Vec<(String, String)> {
    wiremock::http::Url::parse(&format!("http://form/?{}", String::from_utf8_lossy(body)))
        .map(|url| {
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Percent-decoding of a path segment or cookie.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
