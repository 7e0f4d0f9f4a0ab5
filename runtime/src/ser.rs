//! Serialising generated structs.
//!
//! A generated struct writes one map entry per property. Written inline,
//! each entry is an `if let Some(..)`, a call through the serializer's
//! associated `SerializeMap` type and a `?`; for an API with thousands of
//! structs that is a large share of what the compiler spends on the
//! generated crate (BENCHMARKS.md). [`Entries`] carries the repeated part,
//! compiled once, so a generated impl is one plain call per property:
//!
//! ```text
//! impl Serialize for Contact {
//!     fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         let mut map = ser::Entries::new(serializer.serialize_map(None)?);
//!         map.required("id", &self.id);
//!         map.optional("name", &self.name);
//!         map.end()
//!     }
//! }
//! ```
//!
//! The first error stops the writing: later entries are skipped and
//! [`Entries::end`] returns that error.

use serde::Serialize;
use serde::ser::SerializeMap;

/// The entries of a map being written, and the first error, if any.
pub struct Entries<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Entries<M> {
    /// Starts writing entries into `map`.
    pub fn new(map: M) -> Self {
        Entries { map, error: None }
    }

    /// Writes `key: value`; a `None` of a required nullable property is
    /// written as `null`.
    pub fn required<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// Writes `key: value` when the property is present, and nothing for
    /// `None` (`Some(None)` of an optional nullable property is `null`).
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(key, value);
        }
    }

    /// Writes a required nullable property (`null` for `None`).
    pub fn nullable<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        self.entry(key, value);
    }

    /// Writes an optional nullable property: nothing for `None`, `null`
    /// for `Some(None)`.
    pub fn optional_nullable<T: Serialize>(&mut self, key: &'static str, value: &Option<Option<T>>) {
        self.optional(key, value);
    }

    /// Writes a property with a default (always present once read).
    pub fn defaulted<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// Writes a property with a schema default (always present once read).
    pub fn default_to<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// Writes the properties kept beside the declared ones.
    pub fn extra<'a, K, V>(&mut self, entries: impl IntoIterator<Item = (&'a K, &'a V)>)
    where
        K: Serialize + ?Sized + 'a,
        V: Serialize + 'a,
    {
        for (key, value) in entries {
            self.entry(key, value);
        }
    }

    /// Writes one entry unless an earlier one failed.
    fn entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(&mut self, key: &K, value: &V) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
            }
        }
    }

    /// Finishes the map, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serializer;

    use super::*;

    /// What the generator writes for `{id: integer (required), name: string, note: string|null}` with extras.
    struct Contact {
        id: i64,
        name: Option<String>,
        note: Option<Option<String>>,
        extra: BTreeMap<String, serde_json::Value>,
    }

    impl Serialize for Contact {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = Entries::new(serializer.serialize_map(None)?);
            map.required("id", &self.id);
            map.optional("name", &self.name);
            map.optional("note", &self.note);
            map.extra(&self.extra);
            map.end()
        }
    }

    fn contact() -> Contact {
        Contact {
            id: 7,
            name: None,
            note: Some(None),
            extra: BTreeMap::new(),
        }
    }

    #[test]
    fn absent_properties_are_left_out_and_null_ones_written() {
        let json = serde_json::to_string(&contact()).unwrap();
        assert_eq!(json, r#"{"id":7,"note":null}"#);
        let full = Contact {
            name: Some("Alex".into()),
            note: Some(Some("vip".into())),
            extra: BTreeMap::from([("plan".to_string(), serde_json::json!("pro"))]),
            ..contact()
        };
        assert_eq!(
            serde_json::to_string(&full).unwrap(),
            r#"{"id":7,"name":"Alex","note":"vip","plan":"pro"}"#
        );
    }

    #[test]
    fn the_first_error_is_returned() {
        struct Failing(&'static str);
        impl Serialize for Failing {
            fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom(self.0))
            }
        }
        struct Writes;
        impl Serialize for Writes {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = Entries::new(serializer.serialize_map(None)?);
                map.required("ok", &1);
                map.optional("first", &Some(Failing("first")));
                map.required("second", &Failing("second"));
                map.extra([("third", &Failing("third"))]);
                map.end()
            }
        }
        assert_eq!(serde_json::to_string(&Writes).unwrap_err().to_string(), "first");
    }
}
