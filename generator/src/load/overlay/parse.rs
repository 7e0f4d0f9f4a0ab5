//! Reading an overlay document into checked actions, every mistake located
//! (`#/actions/3/target: invalid JSONPath …`). 1.2's reusable actions are
//! expanded here, so applying knows one kind of action.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diagnostics::{Diagnostic, GenerateError};
use crate::load::format;

/// The Overlay Specification versions read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OverlayVersion {
    /// 1.0.x: `update` and `remove`.
    V1_0,
    /// 1.1.x: adds `copy` and updates of primitive nodes.
    V1_1,
    /// 1.2.x: adds reusable actions (`components.actions`, `$ref`).
    V1_2,
}

/// A checked overlay document.
#[derive(Debug)]
pub struct Overlay {
    /// How diagnostics name the file.
    pub file: String,
    /// The version it declares.
    pub version: OverlayVersion,
    /// The actions in order, reusable ones expanded.
    pub actions: Vec<Action>,
}

/// One action.
#[derive(Debug)]
pub struct Action {
    /// `#/actions/3`, for diagnostics.
    pub pointer: String,
    /// Where in the overlay file `update`'s value is, for mapping document
    /// locations back to it (`#/actions/3/update`, or inside a reusable
    /// action).
    pub update_pointer: String,
    /// The target as written.
    pub target_text: String,
    /// The compiled target.
    pub target: JsonPath,
    /// What it does.
    pub kind: ActionKind,
}

/// What an action does to each node its target selects.
#[derive(Debug)]
pub enum ActionKind {
    /// Merge this value in.
    Update(Value),
    /// Delete the node.
    Remove,
    /// Merge in the single node this path selects.
    Copy {
        /// The source as written.
        text: String,
        /// The compiled source.
        source: JsonPath,
    },
}

/// Fields an action may have besides extensions.
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "copy", "remove"];

/// Parses overlay text; `file` names it in diagnostics.
pub fn parse(text: &str, file: &str) -> Result<Overlay, GenerateError> {
    let root = format::parse(text, file)?;
    let error = |pointer: &str, message: String| GenerateError::from(Diagnostic::error(file, pointer, message));
    let Value::Object(root) = root else {
        return Err(error("#", "not an overlay: the top level is not a mapping".into()));
    };
    let version = match root.get("overlay") {
        Some(Value::String(v)) => version(v).ok_or_else(|| {
            error(
                "#/overlay",
                format!("Overlay Specification `{v}` is not supported; supported: 1.0.x, 1.1.x, 1.2.x"),
            )
        })?,
        Some(_) => return Err(error("#/overlay", "must be a version string such as `1.1.0`".into())),
        None if root.contains_key("openapi") || root.contains_key("swagger") => {
            return Err(error(
                "#",
                "this is an OpenAPI document, not an overlay (an overlay starts with `overlay: 1.1.0`)".into(),
            ));
        }
        None => {
            return Err(error(
                "#",
                "not an overlay: `overlay` (the Overlay Specification version, e.g. `1.1.0`) is missing".into(),
            ));
        }
    };
    for field in ["title", "version"] {
        if !root
            .get("info")
            .and_then(|info| info.get(field))
            .is_some_and(Value::is_string)
        {
            return Err(error(
                "#/info",
                format!("`info.{field}` is required and must be a string"),
            ));
        }
    }
    let Some(Value::Array(raw_actions)) = root.get("actions") else {
        return Err(error("#/actions", "`actions` is required and must be a list".into()));
    };
    if raw_actions.is_empty() {
        return Err(error("#/actions", "`actions` must list at least one action".into()));
    }
    let reusable = match root.get("components") {
        Some(_) if version < OverlayVersion::V1_2 => {
            return Err(error(
                "#/components",
                "reusable actions (`components`) are an Overlay 1.2 feature; declare `overlay: 1.2.0`".into(),
            ));
        }
        Some(Value::Object(components)) => match components.get("actions") {
            Some(Value::Object(actions)) => Some(actions),
            None => None,
            Some(_) => {
                return Err(error(
                    "#/components/actions",
                    "must be a mapping of reusable actions".into(),
                ));
            }
        },
        Some(_) => return Err(error("#/components", "must be a mapping".into())),
        None => None,
    };
    let mut actions = Vec::with_capacity(raw_actions.len());
    for (index, raw) in raw_actions.iter().enumerate() {
        let pointer = format!("#/actions/{index}");
        actions.push(action(raw, &pointer, version, reusable, file)?);
    }
    Ok(Overlay {
        file: file.to_string(),
        version,
        actions,
    })
}

fn version(text: &str) -> Option<OverlayVersion> {
    let mut parts = text.split('.');
    let (major, minor, patch) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || major != "1" || patch.parse::<u32>().is_err() {
        return None;
    }
    match minor {
        "0" => Some(OverlayVersion::V1_0),
        "1" => Some(OverlayVersion::V1_1),
        "2" => Some(OverlayVersion::V1_2),
        _ => None,
    }
}

/// One action, with a reusable action's fields filled in under the
/// reference's own.
fn action(
    raw: &Value,
    pointer: &str,
    version: OverlayVersion,
    reusable: Option<&Map<String, Value>>,
    file: &str,
) -> Result<Action, GenerateError> {
    let error = |at: &str, message: String| GenerateError::from(Diagnostic::error(file, at, message));
    let Value::Object(fields) = raw else {
        return Err(error(pointer, "an action must be a mapping".into()));
    };
    // Where each field was written: the reference or the reusable action.
    let mut effective: Map<String, Value> = Map::new();
    let mut field_pointers: Vec<(String, String)> = Vec::new();
    if let Some(reference) = fields.get("$ref") {
        if version < OverlayVersion::V1_2 {
            return Err(error(
                &format!("{pointer}/$ref"),
                "reusable actions (`$ref`) are an Overlay 1.2 feature; declare `overlay: 1.2.0`".into(),
            ));
        }
        let (name, reused) =
            resolve_reusable(reference, reusable).map_err(|message| error(&format!("{pointer}/$ref"), message))?;
        let base = format!(
            "#/components/actions/{}/fields",
            crate::diagnostics::escape_pointer_segment(name)
        );
        let Some(Value::Object(reused_fields)) = reused.get("fields") else {
            return Err(error(&base, "a reusable action needs `fields`, a mapping".into()));
        };
        if reused_fields.contains_key("target") {
            return Err(error(
                &format!("{base}/target"),
                "a reusable action must not have a `target`: the reference gives it".into(),
            ));
        }
        for (key, value) in reused_fields {
            effective.insert(key.clone(), value.clone());
            field_pointers.push((key.clone(), format!("{base}/{key}")));
        }
    }
    for (key, value) in fields {
        if key == "$ref" {
            continue;
        }
        effective.insert(key.clone(), value.clone());
        field_pointers.retain(|(k, _)| k != key);
        field_pointers.push((key.clone(), format!("{pointer}/{key}")));
    }
    let at = |key: &str| {
        field_pointers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| format!("{pointer}/{key}"))
    };
    for key in effective.keys() {
        if !key.starts_with("x-") && !ACTION_FIELDS.contains(&key.as_str()) {
            return Err(error(
                &at(key),
                format!("unknown action field `{key}` (expected target, description, update, copy or remove)"),
            ));
        }
    }
    let target_text = match effective.get("target") {
        Some(Value::String(target)) => target.clone(),
        Some(_) => return Err(error(&at("target"), "`target` must be a JSONPath string".into())),
        None => return Err(error(pointer, "`target` is required".into())),
    };
    let target = compile(&target_text).map_err(|message| error(&at("target"), message))?;
    let remove = match effective.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(_) => return Err(error(&at("remove"), "`remove` must be true or false".into())),
    };
    let kind = match (remove, effective.get("update"), effective.get("copy")) {
        // The specification: `update` and `copy` have no effect beside `remove: true`.
        (true, _, _) => ActionKind::Remove,
        (false, Some(_), Some(_)) => {
            return Err(error(
                pointer,
                "an action gives `update` or `copy`, not both (the specification ignores one of them)".into(),
            ));
        }
        (false, Some(update), None) => ActionKind::Update(update.clone()),
        (false, None, Some(copy)) => {
            if version < OverlayVersion::V1_1 {
                return Err(error(
                    &at("copy"),
                    "`copy` is an Overlay 1.1 feature; declare `overlay: 1.1.0`".into(),
                ));
            }
            let Value::String(text) = copy else {
                return Err(error(&at("copy"), "`copy` must be a JSONPath string".into()));
            };
            let source = compile(text).map_err(|message| error(&at("copy"), message))?;
            ActionKind::Copy {
                text: text.clone(),
                source,
            }
        }
        (false, None, None) => {
            return Err(error(
                pointer,
                "the action does nothing: give `update`, `copy` or `remove: true`".into(),
            ));
        }
    };
    Ok(Action {
        pointer: pointer.to_string(),
        update_pointer: at("update"),
        target_text,
        target,
        kind,
    })
}

/// `#/components/actions/<name>` → the reusable action.
fn resolve_reusable<'a>(
    reference: &'a Value,
    reusable: Option<&'a Map<String, Value>>,
) -> Result<(&'a str, &'a Map<String, Value>), String> {
    let Value::String(reference) = reference else {
        return Err("`$ref` must be a string such as `#/components/actions/name`".into());
    };
    let Some(escaped) = reference.strip_prefix("#/components/actions/") else {
        return Err(format!("`{reference}` does not point into `#/components/actions/`"));
    };
    if escaped.contains('/') {
        return Err(format!(
            "`{reference}` must name one reusable action (escape `/` as `~1`)"
        ));
    }
    let name = escaped.replace("~1", "/").replace("~0", "~");
    match reusable.and_then(|actions| actions.get_key_value(&name)) {
        Some((key, Value::Object(action))) => Ok((key.as_str(), action)),
        Some(_) => Err(format!("the reusable action `{name}` must be a mapping")),
        None => Err(format!("`{reference}` does not resolve: no reusable action `{name}`")),
    }
}

fn compile(text: &str) -> Result<JsonPath, String> {
    if !text.starts_with('$') {
        return Err(format!(
            "`{text}` is not a JSONPath query: it must start with `$` (RFC 9535)"
        ));
    }
    JsonPath::parse(text).map_err(|e| format!("invalid JSONPath `{text}`: {e}"))
}
