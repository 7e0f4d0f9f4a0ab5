//! `multipart/form-data` request bodies.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;
use serde_json::Value;

/// File name sent for a [`FilePart`] without one. Most server frameworks only
/// treat a part as a file when it has a file name; browsers use this same
/// name for anonymous blobs.
const DEFAULT_FILE_NAME: &str = "blob";
const DEFAULT_FILE_CONTENT_TYPE: &str = "application/octet-stream";

/// A file to upload in a multipart body.
///
/// Generated request structs hold these in fields marked `#[serde(skip)]` and
/// add them to the [`Multipart`] body explicitly.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The file's contents.
    pub bytes: Bytes,
    /// The file name sent in `Content-Disposition`; `blob` when `None`.
    pub file_name: Option<String>,
    /// The part's `Content-Type`; see [`Multipart::content_type`] for how it
    /// combines with the document's encoding.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file with the given contents and no name or content type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the content type.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    // Only the length of the contents: files can be large and binary.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

#[derive(Clone, PartialEq, Eq)]
enum PartBody {
    Text(String),
    Json(String),
    File(FilePart),
}

#[derive(Clone, PartialEq, Eq)]
struct Part {
    name: String,
    body: PartBody,
}

/// A `multipart/form-data` body under construction.
///
/// Parts are written in the order they are added. Field and file names are
/// escaped the way browsers do it (`"` → `%22`, CR → `%0D`, LF → `%0A`), so a
/// name cannot break out of its `Content-Disposition` header.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
    content_types: Vec<(String, String)>,
    /// A problem found while adding fields, reported when the request is
    /// executed (as `Error::InvalidRequest`).
    error: Option<String>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds parts from the fields of a serialisable struct or map: strings,
    /// numbers and booleans become text parts, arrays one part per element,
    /// objects a JSON part (`application/json`), and `null` fields are
    /// skipped. Anything other than an object at the top level is an error,
    /// reported when the request is executed.
    pub fn from_fields<T: Serialize + ?Sized>(fields: &T) -> Self {
        let mut multipart = Self::new();
        match serde_json::to_value(fields) {
            Ok(Value::Object(members)) => {
                for (name, value) in members {
                    multipart.push_value(&name, value);
                }
            }
            Ok(Value::Null) => {}
            Ok(_) => multipart.fail("a multipart body must serialise to an object".to_owned()),
            Err(error) => multipart.fail(format!("could not serialise the multipart fields: {error}")),
        }
        multipart
    }

    fn push_value(&mut self, name: &str, value: Value) {
        let body = match value {
            Value::Null => return,
            Value::String(text) => PartBody::Text(text),
            Value::Bool(flag) => PartBody::Text(flag.to_string()),
            Value::Number(number) => PartBody::Text(number.to_string()),
            Value::Object(_) => PartBody::Json(value.to_string()),
            Value::Array(items) => {
                for item in items {
                    self.push_value(name, item);
                }
                return;
            }
        };
        self.parts.push(Part {
            name: name.to_owned(),
            body,
        });
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// Adds a text part.
    #[must_use]
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            body: PartBody::Text(value.into()),
        });
        self
    }

    /// Adds a file part.
    #[must_use]
    pub fn file(mut self, name: impl Into<String>, file: &FilePart) -> Self {
        self.parts.push(Part {
            name: name.into(),
            body: PartBody::File(file.clone()),
        });
        self
    }

    /// Adds one file part per file, all under the same field name.
    #[must_use]
    pub fn files(mut self, name: impl Into<String>, files: &[FilePart]) -> Self {
        let name = name.into();
        for file in files {
            self = self.file(name.clone(), file);
        }
        self
    }

    /// Sets the content type of every part of field `name` (OpenAPI
    /// `encoding.<name>.contentType`).
    ///
    /// For file parts this is the default: a content type set on the
    /// [`FilePart`] itself is more specific (the caller knows the actual file)
    /// and wins.
    pub fn content_type(mut self, name: impl Into<String>, content_type: impl Into<String>) -> Self {
        let name = name.into();
        let content_type = content_type.into();
        self.content_types.retain(|(existing, _)| *existing != name);
        self.content_types.push((name, content_type));
        self
    }

    fn field_content_type(&self, name: &str) -> Option<&str> {
        self.content_types
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, content_type)| content_type.as_str())
    }

    fn part_content_type<'a>(&'a self, part: &'a Part) -> Option<&'a str> {
        let field = self.field_content_type(&part.name);
        match &part.body {
            PartBody::Text(_) => field,
            PartBody::Json(_) => field.or(Some("application/json")),
            PartBody::File(file) => file
                .content_type
                .as_deref()
                .or(field)
                .or(Some(DEFAULT_FILE_CONTENT_TYPE)),
        }
    }

    /// Encodes the body, returning it with its `Content-Type` header value.
    pub(crate) fn encode(&self) -> Result<(Bytes, String), String> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let mut heads = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            heads.push(self.part_head(part)?);
        }
        let boundary = loop {
            let candidate = format!("switchboard-{}", random_token(32));
            // With 190 bits of randomness a collision is practically
            // impossible, but checking is cheap and makes it certain.
            if !self
                .parts
                .iter()
                .any(|part| contains(part_bytes(part), candidate.as_bytes()))
            {
                break candidate;
            }
        };
        let mut out = BytesMut::new();
        for (part, head) in self.parts.iter().zip(&heads) {
            out.put_slice(b"--");
            out.put_slice(boundary.as_bytes());
            out.put_slice(b"\r\n");
            out.put_slice(head.as_bytes());
            out.put_slice(b"\r\n");
            out.put_slice(part_bytes(part));
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"--\r\n");
        Ok((out.freeze(), format!("multipart/form-data; boundary={boundary}")))
    }

    /// The part's header lines, each ending in CRLF.
    fn part_head(&self, part: &Part) -> Result<String, String> {
        let mut head = format!("Content-Disposition: form-data; name=\"{}\"", escape_name(&part.name));
        if let PartBody::File(file) = &part.body {
            let file_name = file.file_name.as_deref().unwrap_or(DEFAULT_FILE_NAME);
            head.push_str(&format!("; filename=\"{}\"", escape_name(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = self.part_content_type(part) {
            if content_type.chars().any(char::is_control) {
                return Err(format!(
                    "the content type of multipart field `{}` contains control characters",
                    part.name
                ));
            }
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        Ok(head)
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for part in &self.parts {
            match &part.body {
                PartBody::Text(text) | PartBody::Json(text) => list.entry(&(&part.name, text.len())),
                PartBody::File(file) => list.entry(&(&part.name, file)),
            };
        }
        list.finish()
    }
}

fn part_bytes(part: &Part) -> &[u8] {
    match &part.body {
        PartBody::Text(text) | PartBody::Json(text) => text.as_bytes(),
        PartBody::File(file) => &file.bytes,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// Escapes a field or file name for a quoted `Content-Disposition` parameter,
/// as the HTML standard's multipart/form-data encoding does.
fn escape_name(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn random_token(len: usize) -> String {
    std::iter::repeat_with(fastrand::alphanumeric).take(len).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_parts_in_order_with_escaped_names() {
        let file = FilePart::new(&b"\x00\x01"[..])
            .file_name("a\"b.png")
            .content_type("image/png");
        let (body, content_type) = Multipart::new()
            .text("na\r\nme", "v")
            .file("upload", &file)
            .encode()
            .expect("encodes");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("boundary");
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"na%0D%0Ame\"\r\n\r\nv\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a%22b.png\"\r\n\
             Content-Type: image/png\r\n\r\n\x00\x01\r\n--{boundary}--\r\n"
        );
        assert_eq!(body, Bytes::from(expected));
    }

    #[test]
    fn from_fields_maps_value_kinds() {
        #[derive(Serialize)]
        struct Fields {
            name: &'static str,
            count: u8,
            tags: [&'static str; 2],
            meta: serde_json::Value,
            skipped: Option<u8>,
        }
        let multipart = Multipart::from_fields(&Fields {
            name: "n",
            count: 2,
            tags: ["a", "b"],
            meta: serde_json::json!({"k": 1}),
            skipped: None,
        });
        let parts: Vec<(&str, Option<&str>, &[u8])> = multipart
            .parts
            .iter()
            .map(|part| (part.name.as_str(), multipart.part_content_type(part), part_bytes(part)))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("name", None, &b"n"[..]),
                ("count", None, &b"2"[..]),
                ("tags", None, &b"a"[..]),
                ("tags", None, &b"b"[..]),
                ("meta", Some("application/json"), &b"{\"k\":1}"[..]),
            ]
        );
    }

    #[test]
    fn content_type_precedence() {
        let plain = FilePart::new(&b"x"[..]);
        let typed = FilePart::new(&b"y"[..]).content_type("image/png");
        let multipart = Multipart::new()
            .file("f", &plain)
            .file("f", &typed)
            .file("g", &plain)
            .text("t", "1")
            .content_type("f", "image/jpeg")
            .content_type("t", "text/csv");
        let types: Vec<Option<&str>> = multipart
            .parts
            .iter()
            .map(|part| multipart.part_content_type(part))
            .collect();
        assert_eq!(
            types,
            vec![
                Some("image/jpeg"),
                Some("image/png"),
                Some("application/octet-stream"),
                Some("text/csv")
            ]
        );
    }

    #[test]
    fn errors_are_deferred() {
        assert!(Multipart::from_fields(&[1, 2]).encode().is_err());
        assert!(
            Multipart::new()
                .content_type("f", "text/plain\r\nX: y")
                .text("f", "v")
                .encode()
                .is_err()
        );
        let debug = format!("{:?}", FilePart::new(vec![7_u8; 1000]));
        assert!(debug.contains("len: 1000") && !debug.contains('7'), "{debug}");
    }
}
