//! Serialisation of path, query, header and cookie parameters.
//!
//! Parameter values arrive as `impl Serialize` and go through
//! [`serde_json::Value`], which gives one uniform shape (scalar, array,
//! object) to apply the OpenAPI `style`/`explode` rules to.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

/// Every byte except the RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`). Encoding this much means no value can introduce
/// a delimiter (`/ ? # & = , ; +` …) into the component it is placed in.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Bytes that may not appear literally in a cookie value (RFC 6265
/// `cookie-octet` excludes controls, space, `"`, `,`, `;` and `\`), plus `%`
/// so the encoding stays reversible for servers that percent-decode cookies.
const COOKIE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Serialises a path parameter and percent-encodes it for use as one path
/// segment.
///
/// Strings are used as they are, numbers and booleans in their usual text
/// form, enums by their serde name; arrays and objects use the OpenAPI
/// `simple` style (`a,b` and `k,v,k2,v2`), `null` is empty. Everything but the
/// RFC 3986 unreserved characters is percent-encoded, so `/`, `?`, `#`, `%`,
/// spaces and non-ASCII characters cannot change the shape of the path.
///
/// A value whose `Serialize` implementation fails (never the case for the
/// scalars generated code passes) yields an empty segment.
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    let Ok(value) = serde_json::to_value(value) else {
        return String::new();
    };
    match &value {
        Value::Array(items) => join_encoded(items.iter().map(scalar_text), ","),
        Value::Object(members) => join_encoded(object_pairs(members), ","),
        scalar => encode_component(&scalar_text(scalar)),
    }
}

/// Percent-encodes `text` so it is a literal inside any URL component.
pub(crate) fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// The text of a scalar as used in URLs and headers. Nested arrays and
/// objects, which no OpenAPI style defines, are rendered as compact JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

/// `k, v, k2, v2, …` for the non-exploded object styles; `null` members are
/// skipped.
fn object_pairs(members: &serde_json::Map<String, Value>) -> impl Iterator<Item = String> + '_ {
    members
        .iter()
        .filter(|(_, value)| !value.is_null())
        .flat_map(|(key, value)| [key.clone(), scalar_text(value)])
}

fn join_encoded(items: impl Iterator<Item = String>, delimiter: &str) -> String {
    items
        .map(|item| encode_component(&item))
        .collect::<Vec<_>>()
        .join(delimiter)
}

/// How a query parameter is serialised (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form`. Scalars give `name=v`. Arrays give `name=a&name=b` when
    /// exploded and `name=a,b` otherwise. Objects give `k=v&k2=v2` when
    /// exploded and `name=k,v,k2,v2` otherwise.
    Form {
        /// Whether arrays and objects are spread over several pairs.
        explode: bool,
    },
    /// `style: spaceDelimited`: arrays (and objects, as `k v k2 v2`) give
    /// `name=a%20b`.
    SpaceDelimited,
    /// `style: pipeDelimited`: arrays (and objects, as `k|v|k2|v2`) give
    /// `name=a|b`.
    PipeDelimited,
    /// `style: deepObject`: objects give `name[k]=v`, nested objects
    /// `name[k][k2]=v` and arrays are indexed, `name[0][k]=v`. The brackets
    /// are sent literally rather than as `%5B`/`%5D`, as server frameworks
    /// (Rails, PHP, qs) expect them; keys and values inside are
    /// percent-encoded.
    DeepObject,
}

/// Appends the encoded `name=value` pairs for one query parameter to `out`.
///
/// Names and values are percent-encoded (everything but the unreserved
/// characters), so neither can inject `&`, `=` or `#`. The structural
/// characters that a style adds itself stay literal: `,` and `|` between
/// items, and `[` `]` around deepObject keys (as most server frameworks
/// expect them literally), while spaceDelimited's separator is `%20`.
pub(crate) fn encode_query(name: &str, value: &Value, style: QueryStyle, out: &mut Vec<String>) {
    let encoded_name = encode_component(name);
    match (value, style) {
        (Value::Null, _) => {}
        (Value::Array(items), QueryStyle::Form { explode: true }) => {
            for item in items.iter().filter(|item| !item.is_null()) {
                out.push(pair(&encoded_name, &scalar_text(item)));
            }
        }
        (Value::Object(members), QueryStyle::Form { explode: true }) => {
            for (key, member) in members.iter().filter(|(_, member)| !member.is_null()) {
                out.push(pair(&encode_component(key), &scalar_text(member)));
            }
        }
        (Value::Array(_) | Value::Object(_), QueryStyle::DeepObject) => {
            deep_object(&encoded_name, value, out);
        }
        (Value::Array(items), style) => {
            let joined = join_encoded(
                items.iter().filter(|item| !item.is_null()).map(scalar_text),
                delimiter(style),
            );
            out.push(format!("{encoded_name}={joined}"));
        }
        (Value::Object(members), style) => {
            let joined = join_encoded(object_pairs(members), delimiter(style));
            out.push(format!("{encoded_name}={joined}"));
        }
        (scalar, _) => out.push(pair(&encoded_name, &scalar_text(scalar))),
    }
}

fn delimiter(style: QueryStyle) -> &'static str {
    match style {
        QueryStyle::SpaceDelimited => "%20",
        QueryStyle::PipeDelimited => "|",
        QueryStyle::Form { .. } | QueryStyle::DeepObject => ",",
    }
}

fn pair(encoded_name: &str, value: &str) -> String {
    format!("{encoded_name}={}", encode_component(value))
}

/// Emits `prefix[key]…=value` pairs, recursing into objects and arrays.
fn deep_object(prefix: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (key, member) in members {
                deep_object(&format!("{prefix}[{}]", encode_component(key)), member, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                deep_object(&format!("{prefix}[{index}]"), item, out);
            }
        }
        scalar => out.push(pair(prefix, &scalar_text(scalar))),
    }
}

/// The text of a header parameter (OpenAPI `simple` style): strings as they
/// are, scalars in text form, arrays comma-joined and objects as `k,v,k2,v2`.
/// `None` means the parameter is absent (`null`).
pub(crate) fn header_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Array(items) => Some(
            items
                .iter()
                .filter(|item| !item.is_null())
                .map(scalar_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        Value::Object(members) => Some(object_pairs(members).collect::<Vec<_>>().join(",")),
        scalar => Some(scalar_text(scalar)),
    }
}

/// Percent-encodes the bytes a cookie value may not contain.
pub(crate) fn encode_cookie(text: &str) -> String {
    utf8_percent_encode(text, COOKIE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(value: Value, style: QueryStyle) -> String {
        let mut out = Vec::new();
        encode_query("p", &value, style, &mut out);
        out.join("&")
    }

    #[test]
    fn path_segment_encodes_delimiters_and_non_ascii() {
        assert_eq!(path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(path_segment("naïve"), "na%C3%AFve");
        assert_eq!(path_segment("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(path_segment(&42_i64), "42");
        assert_eq!(path_segment(&-1.5_f64), "-1.5");
        assert_eq!(path_segment(&true), "true");
        assert_eq!(path_segment(&None::<i32>), "");
        assert_eq!(path_segment(&["a,b", "c"]), "a%2Cb,c");
    }

    #[test]
    fn form_styles() {
        let array = json!(["a b", "c&d"]);
        assert_eq!(
            query(array.clone(), QueryStyle::Form { explode: true }),
            "p=a%20b&p=c%26d"
        );
        assert_eq!(
            query(array.clone(), QueryStyle::Form { explode: false }),
            "p=a%20b,c%26d"
        );
        assert_eq!(query(array.clone(), QueryStyle::SpaceDelimited), "p=a%20b%20c%26d");
        assert_eq!(query(array, QueryStyle::PipeDelimited), "p=a%20b|c%26d");
        let object = json!({"role": "admin", "skip": null, "n": 5});
        assert_eq!(
            query(object.clone(), QueryStyle::Form { explode: true }),
            "role=admin&n=5"
        );
        assert_eq!(query(object, QueryStyle::Form { explode: false }), "p=role,admin,n,5");
        assert_eq!(query(json!(null), QueryStyle::Form { explode: true }), "");
        assert_eq!(query(json!(3), QueryStyle::DeepObject), "p=3");
    }

    #[test]
    fn deep_object_nests() {
        let value = json!({"a": {"b": [1, 2]}, "c d": "x"});
        assert_eq!(
            query(value, QueryStyle::DeepObject),
            "p[a][b][0]=1&p[a][b][1]=2&p[c%20d]=x"
        );
    }

    #[test]
    fn header_and_cookie_text() {
        assert_eq!(header_text(&json!(["a", 1, true])).as_deref(), Some("a,1,true"));
        assert_eq!(header_text(&json!("as is")).as_deref(), Some("as is"));
        assert_eq!(header_text(&json!(null)), None);
        assert_eq!(encode_cookie("a b;c=d%"), "a%20b%3Bc=d%25");
    }
}
