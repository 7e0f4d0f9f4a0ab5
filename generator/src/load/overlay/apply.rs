//! Applying an overlay's actions, in order, to a document.

use serde_json::Value;

use super::merge::{Source, merge_into_selected};
use super::parse::{ActionKind, Overlay, OverlayVersion};
use crate::diagnostics::{Diagnostic, GenerateError};
use crate::load::external_refs::Origin;

/// An action whose target selected nothing.
#[derive(Debug)]
pub struct Unmatched {
    /// The action's pointer in the overlay (`#/actions/3`).
    pub pointer: String,
    /// Its target as written.
    pub target: String,
}

/// What applying one overlay did besides changing the document.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Actions that selected nothing, in order.
    pub unmatched: Vec<Unmatched>,
    /// Locations written, with the overlay text they came from.
    pub origins: Vec<Origin>,
}

/// Applies every action of `overlay` to `document` (named `document_name`
/// in messages). Stops at the first action that cannot be applied.
pub fn apply(overlay: &Overlay, document: &mut Value, document_name: &str) -> Result<Outcome, GenerateError> {
    let mut outcome = Outcome::default();
    for action in &overlay.actions {
        let error = |message: String| GenerateError::from(Diagnostic::error(&overlay.file, &action.pointer, message));
        let selected: Vec<String> = action
            .target
            .query_located(document)
            .into_iter()
            .map(|node| node.location().to_json_pointer())
            .collect();
        if selected.is_empty() {
            outcome.unmatched.push(Unmatched {
                pointer: action.pointer.clone(),
                target: action.target_text.clone(),
            });
            continue;
        }
        let (value, mut source) = match &action.kind {
            ActionKind::Remove => {
                remove_all(document, selected).map_err(error)?;
                continue;
            }
            ActionKind::Update(value) => (
                value.clone(),
                Source {
                    file: &overlay.file,
                    pointer: action.update_pointer.clone(),
                },
            ),
            ActionKind::Copy { text, source } => {
                let found: Vec<(String, Value)> = source
                    .query_located(document)
                    .into_iter()
                    .map(|node| (node.location().to_json_pointer(), node.node().clone()))
                    .collect();
                let [(pointer, value)] = <[_; 1]>::try_from(found).map_err(|found: Vec<_>| {
                    error(format!(
                        "`copy` source `{text}` must select exactly one node in `{document_name}`; it selects {}",
                        found.len()
                    ))
                })?;
                (
                    value,
                    Source {
                        file: document_name,
                        pointer: format!("#{pointer}"),
                    },
                )
            }
        };
        check_one_kind(document, &selected).map_err(error)?;
        let start = source.pointer.clone();
        for pointer in &selected {
            let Some(node) = document.pointer_mut(pointer) else {
                continue;
            };
            source.pointer.clone_from(&start);
            merge_into_selected(
                node,
                &value,
                pointer,
                &mut source,
                overlay.version >= OverlayVersion::V1_1,
                &mut outcome.origins,
            )
            .map_err(|conflict| {
                error(format!(
                    "cannot merge into `{document_name}` at `#{}`: {}",
                    conflict.at, conflict.reason
                ))
            })?;
        }
    }
    Ok(outcome)
}

/// The specification: an `update` or `copy` that selects several nodes
/// selects all objects, all arrays or all primitives.
fn check_one_kind(document: &Value, selected: &[String]) -> Result<(), String> {
    let kind = |pointer: &String| match document.pointer(pointer) {
        Some(Value::Object(_)) => 0,
        Some(Value::Array(_)) => 1,
        _ => 2,
    };
    let first = selected.first().map(kind);
    if selected.iter().any(|pointer| Some(kind(pointer)) != first) {
        return Err(
            "the target selects nodes of different kinds (objects, arrays, primitive values); an update \
                    applies to one kind"
                .into(),
        );
    }
    Ok(())
}

/// Removes every selected node. Later array items go first, so removing one
/// does not shift the index of another; a node inside one already removed is
/// gone with it.
fn remove_all(document: &mut Value, mut selected: Vec<String>) -> Result<(), String> {
    if selected.iter().any(String::is_empty) {
        return Err("`remove` cannot remove the whole document (the target selects `$`)".into());
    }
    selected.sort_by(|a, b| compare_pointers(b, a));
    for pointer in selected {
        let Some((parent, last)) = pointer.rsplit_once('/') else {
            continue;
        };
        let key = last.replace("~1", "/").replace("~0", "~");
        match document.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.shift_remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Ok(index) = key.parse::<usize>()
                    && index < items.len()
                {
                    items.remove(index);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Orders pointers segment by segment, array indices by number.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let segments = |p: &str| -> Vec<String> { p.split('/').map(str::to_string).collect() };
    let (a, b) = (segments(a), segments(b));
    for (x, y) in a.iter().zip(&b) {
        let order = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if order.is_ne() {
            return order;
        }
    }
    a.len().cmp(&b.len())
}
