//! The requests an API's server sends: 3.1 `webhooks` and operations'
//! `callbacks`, typed here because openapiv3 (an OpenAPI 3.0 model) holds
//! neither.
//!
//! ```text
//! webhooks:  {name: PathItem | $ref}                     → Events::webhooks
//! paths/…/{method}/callbacks: {name: Callback | $ref}    → Events::callbacks (by operation)
//! components/callbacks: {name: Callback}                 → Events::callback_components
//! Callback: {URL expression: PathItem | $ref, x-…: data}
//! ```

use std::collections::BTreeMap;

use openapiv3::PathItem;
use serde_json::{Map, Value};

use super::normalize::RawCallbacks;
use super::references::{Target, typed};

/// A Path Item as written: inline, a `$ref`, or why the JSON is not one.
pub type PathItemEntry = Target<PathItem>;

/// A callback as written.
#[derive(Debug)]
pub enum Callback {
    /// Its path items by URL expression (its `x-` keys left out).
    Requests(BTreeMap<String, PathItemEntry>),
    /// A `$ref` (into `components/callbacks`).
    Reference(String),
    /// Neither: not a map.
    Invalid,
}

/// The webhooks and callbacks of a document.
#[derive(Debug, Default)]
pub struct Events {
    /// `webhooks` by name, when the document has that map.
    pub webhooks: Option<BTreeMap<String, PathItemEntry>>,
    /// Each operation's `callbacks` by the operation's pointer
    /// (`#/paths/~1subscriptions/post`); `None` when they are not a map.
    pub callbacks: BTreeMap<String, Option<BTreeMap<String, Callback>>>,
    /// `components/callbacks`, which an operation's callbacks may `$ref`.
    pub callback_components: BTreeMap<String, Callback>,
}

impl Events {
    /// Types the `webhooks` of `document` and the callbacks normalisation
    /// took out of it.
    pub(crate) fn of(document: &Value, callbacks: &RawCallbacks) -> Self {
        let webhooks = match document.get("webhooks") {
            Some(Value::Object(webhooks)) => Some(
                webhooks
                    .iter()
                    .map(|(name, item)| (name.clone(), typed(item)))
                    .collect(),
            ),
            _ => None,
        };
        Events {
            webhooks,
            callbacks: callbacks
                .by_operation
                .iter()
                .map(|(pointer, value)| {
                    let map = match value {
                        Value::Object(map) => Some(callback_map(map)),
                        _ => None,
                    };
                    (pointer.clone(), map)
                })
                .collect(),
            callback_components: match &callbacks.components {
                Value::Object(map) => callback_map(map),
                _ => BTreeMap::new(),
            },
        }
    }
}

fn callback_map(map: &Map<String, Value>) -> BTreeMap<String, Callback> {
    map.iter()
        .map(|(name, value)| (name.clone(), callback(value)))
        .collect()
}

fn callback(value: &Value) -> Callback {
    if let Some(Value::String(reference)) = value.get("$ref") {
        return Callback::Reference(reference.clone());
    }
    match value {
        Value::Object(requests) => Callback::Requests(
            requests
                .iter()
                .filter(|(expression, _)| !expression.starts_with("x-"))
                .map(|(expression, item)| (expression.clone(), typed(item)))
                .collect(),
        ),
        _ => Callback::Invalid,
    }
}
