//! Deserialising generated structs.
//!
//! serde's derive writes, for every struct, a field enum with its own
//! visitor, a `visit_seq` and a `visit_map`; for an API with thousands of
//! schemas that is most of what the compiler spends on the generated crate
//! (BENCHMARKS.md). Generated structs implement [`Object`] instead: one
//! `from_map` that reads the entries into a tuple of slots and builds the
//! struct, with the key loop generic here, compiled once per tuple size
//! ([`read_slots`]):
//!
//! ```text
//! impl Object for Contact {
//!     const EXPECTING: &'static str = "Contact object";
//!     fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
//!         let (id, name) = de::read_slots(map, &["id", "name"])?;
//!         match (id,) {
//!             (Some(id),) => Ok(Self { id, name: de::finish::optional(name) }),
//!             (id,) => Err(de::missing(&[("id", id.is_none())])),
//!         }
//!     }
//! }
//! ```
//!
//! A struct with more than [`MAX_SLOTS`] properties matches each key in its
//! own loop instead (`object! { many … }`).
//!
//! Unknown properties are ignored (or kept in the struct's map of extra
//! properties, for schemas with `additionalProperties`), a property sent
//! twice is an error, a missing
//! required one is serde's `missing field` error. Values are read in a
//! stream, so a decode error still names the path to the failing field.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

mod slots;

pub use slots::{MAX_SLOTS, Slots, read_slots, read_slots_and_extras};

/// A struct read from a JSON object (or any map) key by key.
pub trait Object: Sized {
    /// What the error says was expected, e.g. "Contact object".
    const EXPECTING: &'static str;

    /// Reads the struct from the entries of `map`.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for an [`Object`].
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A property name, borrowed from the input when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned (for a map of extra properties).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of the property `key` into `slot`; a property sent
/// twice is an error.
pub fn field<'de, A, T>(map: &mut A, slot: &mut Option<T>, key: &'static str) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads and drops the value of a property the struct does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Reads the value of a property the struct does not declare into its map
/// of extra properties (`additionalProperties`).
pub fn extra<'de, A, M, V>(map: &mut A, extra: &mut M, key: Key<'de>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    M: Extend<(String, V)>,
    V: Deserialize<'de>,
{
    let value = map.next_value()?;
    extra.extend(Some((key.into_string(), value)));
    Ok(())
}

/// An empty value of a field's type, named by a closure that reads the
/// field (`de::default_of(|value: &Self| &value.extra)`), so generated code
/// need not spell the type.
pub fn default_of<S, T: Default>(_field: impl Fn(&S) -> &T) -> T {
    T::default()
}

/// serde's `missing field` error for the first of `required` (property
/// name, absent) that is absent; generated code calls it once it knows one is.
pub fn missing<E: de::Error>(required: &[(&'static str, bool)]) -> E {
    let absent = required.iter().find(|(_, absent)| *absent).or(required.first());
    E::missing_field(absent.map_or("", |(key, _)| key))
}

/// How [`object!`](crate::object) turns what was read for a property into
/// the field, one function per kind of property (the kind's name).
pub mod finish {
    /// A required property, already checked to be present.
    pub fn required<T>(value: T) -> T {
        value
    }

    /// Required and nullable: absent reads as `None`, like `null`.
    pub fn nullable<T>(slot: Option<Option<T>>) -> Option<T> {
        slot.flatten()
    }

    /// Optional: absent and `null` are both `None`.
    pub fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
        slot.flatten()
    }

    /// Optional and nullable: absent is `None`, `null` is `Some(None)`.
    pub fn optional_nullable<T>(slot: Option<Option<T>>) -> Option<Option<T>> {
        slot
    }

    /// Optional with the type's own default.
    pub fn defaulted<T: Default>(slot: Option<T>) -> T {
        slot.unwrap_or_default()
    }

    /// Optional with the schema's default.
    pub fn default_to<T>(slot: Option<T>, default: impl FnOnce() -> T) -> T {
        slot.unwrap_or_else(default)
    }
}

/// The alternatives of an untagged union tried in turn on one JSON value
/// (see [`untagged!`](crate::untagged)), keeping the failure that got
/// furthest into the value.
///
/// Unknown properties are ignored, so an alternative whose properties are
/// a subset of another's decodes the other's values too, dropping what it
/// does not declare. The first alternative that decodes *and* keeps every
/// property of an object value wins; when none keeps them all, the first
/// that decodes does.
pub struct Alternatives<'v, T> {
    value: &'v serde_json::Value,
    union: &'static str,
    found: Option<T>,
    /// Whether `found` keeps every property of the value.
    keeps_all: bool,
    /// The deepest failure: its path segments and message.
    deepest: Option<(Vec<String>, String)>,
}

impl<'v, T> Alternatives<'v, T> {
    /// Starts trying alternatives of `union` on `value`.
    pub fn new(value: &'v serde_json::Value, union: &'static str) -> Self {
        Self {
            value,
            union,
            found: None,
            keeps_all: false,
            deepest: None,
        }
    }

    /// Reads the value as `A` and wraps it with `variant`, unless an
    /// earlier alternative matched and kept every property.
    #[must_use]
    pub fn try_variant<A: de::DeserializeOwned + serde::Serialize>(mut self, variant: fn(A) -> T) -> Self {
        if self.keeps_all {
            return self;
        }
        match serde_path_to_error::deserialize::<_, A>(self.value) {
            Ok(value) => {
                let keeps_all = keeps_every_property(self.value, &value);
                if self.found.is_none() || keeps_all {
                    self.found = Some(variant(value));
                    self.keeps_all = keeps_all;
                }
            }
            Err(_) if self.found.is_some() => {}
            Err(error) => {
                let (path, message) = located(&error.path().to_string(), &error.inner().to_string());
                let segments = segments(&path);
                if self
                    .deepest
                    .as_ref()
                    .is_none_or(|(deepest, _)| segments.len() > deepest.len())
                {
                    self.deepest = Some((segments, message));
                }
            }
        }
        self
    }

    /// The matching alternative, or the furthest failure as an error whose
    /// message carries its path (see [`located`]).
    pub fn finish<E: de::Error>(self) -> Result<T, E> {
        match (self.found, self.deepest) {
            (Some(found), _) => Ok(found),
            (None, Some((segments, message))) if !segments.is_empty() => {
                Err(E::custom(format!("at `{}`: {message}", join(&segments))))
            }
            (None, Some((_, message))) => Err(E::custom(format!(
                "no alternative of {} matches: {message}",
                self.union
            ))),
            (None, None) => Err(E::custom(format!("no alternative of {} matches", self.union))),
        }
    }
}

/// Whether `decoded`, written back, has every property of `value` that is
/// not `null` (always true when `value` is not an object).
fn keeps_every_property<A: serde::Serialize>(value: &serde_json::Value, decoded: &A) -> bool {
    let serde_json::Value::Object(properties) = value else {
        return true;
    };
    if properties.is_empty() {
        return true;
    }
    match serde_json::to_value(decoded) {
        Ok(serde_json::Value::Object(back)) => properties.iter().all(|(key, v)| v.is_null() || back.contains_key(key)),
        Ok(serde_json::Value::Null) | Err(_) => false,
        // A map or a value that is not an object kept what it read.
        Ok(_) => true,
    }
}

/// Reads one variant's value of a discriminated union, keeping the path of
/// a failure inside it in the message (see [`located`]).
pub fn variant<T: de::DeserializeOwned, E: de::Error>(value: &serde_json::Value) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let (path, message) = located(&error.path().to_string(), &error.inner().to_string());
        if path == "." {
            E::custom(message)
        } else {
            E::custom(format!("at `{path}`: {message}"))
        }
    })
}

/// Splits an error found at `path` (serde_path_to_error's spelling: `.`
/// for the root, `a.b[0]`) whose message may itself start with
/// `` at `inner`: `` (a union's failure inside the value) into the whole
/// path and the message.
pub fn located(path: &str, message: &str) -> (String, String) {
    let mut segments = segments(path);
    let mut message = message;
    if let Some(rest) = message.strip_prefix("at `")
        && let Some((inner, text)) = rest.split_once("`: ")
    {
        segments.extend(self::segments(inner));
        message = text;
    }
    let path = if segments.is_empty() {
        ".".to_owned()
    } else {
        join(&segments)
    };
    (path, message.to_owned())
}

/// `a.b[0].c` → `["a", "b", "[0]", "c"]`; `.` → `[]`.
pub(crate) fn segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|part| !part.is_empty()) {
        let (name, indices) = match part.find('[') {
            Some(index) => part.split_at(index),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(name.to_owned());
        }
        let mut rest = indices;
        while let Some(end) = rest.find(']') {
            out.push(rest[..=end].to_owned());
            rest = &rest[end + 1..];
        }
    }
    out
}

fn join(segments: &[String]) -> String {
    let mut out = String::new();
    for segment in segments {
        if !segment.starts_with('[') && !out.is_empty() {
            out.push('.');
        }
        out.push_str(segment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    mod union {
        #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
        pub struct Local {
            pub id: i64,
        }

        #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
        pub struct Swift {
            pub id: i64,
            pub bic: String,
        }

        #[derive(Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum Account {
            Local(Local),
            Swift(Swift),
        }

        crate::untagged! { Account { Local, Swift } }
    }

    /// Regression (fixture examples_untagged_union_keeps_every_property):
    /// `Local` decodes a SWIFT account too, ignoring `bic`; the alternative
    /// that keeps every property wins.
    #[test]
    fn an_untagged_union_prefers_the_alternative_that_keeps_every_property() {
        use union::{Account, Local, Swift};
        let swift: Account = serde_json::from_str(r#"{"id": 1, "bic": "DEUTDEFF"}"#).unwrap();
        assert_eq!(
            swift,
            Account::Swift(Swift {
                id: 1,
                bic: "DEUTDEFF".into()
            })
        );
        let local: Account = serde_json::from_str(r#"{"id": 1, "bic": null}"#).unwrap();
        assert_eq!(local, Account::Local(Local { id: 1 }));
        // Neither keeps `other`: the first that decodes.
        let other: Account = serde_json::from_str(r#"{"id": 1, "other": 2}"#).unwrap();
        assert_eq!(other, Account::Local(Local { id: 1 }));
    }

    /// What the generator writes for `{id: integer (required), name: string, tags: [string]}`.
    #[derive(Debug, PartialEq)]
    struct Contact {
        id: i64,
        name: Option<String>,
        tags: Vec<String>,
    }

    impl<'de> Deserialize<'de> for Contact {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl Object for Contact {
        const EXPECTING: &'static str = "Contact object";

        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut id = None;
            let mut name = None;
            let mut tags = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "id" => field(&mut map, &mut id, "id"),
                    "name" => field(&mut map, &mut name, "name"),
                    "tags" => field(&mut map, &mut tags, "tags"),
                    _ => skip(&mut map),
                }?;
            }
            Ok(Self {
                id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                name: name.unwrap_or_default(),
                tags: tags.unwrap_or_default(),
            })
        }
    }

    fn parse(json: &str) -> Result<Contact, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_fields_and_ignores_unknown_ones() {
        let contact = parse(r#"{"name":"Alex","extra":{"deep":[1,2]},"id":7,"tags":["a"]}"#).unwrap();
        assert_eq!(
            contact,
            Contact {
                id: 7,
                name: Some("Alex".into()),
                tags: vec!["a".into()]
            }
        );
    }

    #[test]
    fn absent_and_null_optional_fields_are_none() {
        assert_eq!(parse(r#"{"id":1}"#).unwrap().name, None);
        assert_eq!(parse(r#"{"id":1,"name":null}"#).unwrap().name, None);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(parse(r#"{"name":"x"}"#).unwrap_err().starts_with("missing field `id`"));
        assert!(
            parse(r#"{"id":1,"id":2}"#)
                .unwrap_err()
                .starts_with("duplicate field `id`")
        );
        assert!(
            parse(r#"[1, "x", []]"#)
                .unwrap_err()
                .starts_with("invalid type: sequence, expected Contact object")
        );
        assert!(
            parse(r#"{"id":"seven"}"#)
                .unwrap_err()
                .starts_with("invalid type: string \"seven\", expected i64")
        );
    }

    #[test]
    fn missing_names_the_first_absent_property() {
        let error: serde_json::Error = missing(&[("id", false), ("login", true), ("url", true)]);
        assert_eq!(error.to_string(), "missing field `login`");
    }

    #[test]
    fn keys_with_escapes_match() {
        assert_eq!(parse(r#"{"i\u0064":3}"#).unwrap().id, 3);
    }

    #[test]
    fn a_decode_error_keeps_its_path() {
        let mut deserializer = serde_json::Deserializer::from_str(r#"{"id":1,"tags":["a",5]}"#);
        let error = serde_path_to_error::deserialize::<_, Contact>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "tags[1]");
    }
}
