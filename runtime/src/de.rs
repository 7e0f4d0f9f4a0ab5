//! Deserialising generated structs.
//!
//! serde's derive writes, for every struct, a field enum with its own
//! visitor, a `visit_seq` and a `visit_map`; for an API with thousands of
//! schemas that is most of what the compiler spends on the generated crate
//! (BENCHMARKS.md). Generated structs implement [`Object`] instead: one
//! `from_map` that matches keys and stores values, with everything generic
//! here, compiled once:
//!
//! ```text
//! impl Object for Contact {
//!     const EXPECTING: &'static str = "Contact object";
//!     fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
//!         let mut id = None;
//!         let mut name = None;
//!         while let Some(key) = map.next_key::<Key<'de>>()? {
//!             match key.as_str() {
//!                 "id" => de::field(&mut map, &mut id, "id"),
//!                 "name" => de::field(&mut map, &mut name, "name"),
//!                 _ => de::skip(&mut map),
//!             }?;
//!         }
//!         Ok(Self { id: de::required(id, "id")?, name: name.unwrap_or_default() })
//!     }
//! }
//! ```
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

/// The value of a required property, or serde's `missing field` error.
pub fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

#[cfg(test)]
mod tests {
    use super::*;

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
                id: required(id, "id")?,
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
