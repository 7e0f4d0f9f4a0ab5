//! Generating only what is used: operations selected by tag, by
//! operationId or by path pattern ([`Generator::select_tags`] …). Only
//! the selected operations are generated, with only the types they reach,
//! so a crate that calls five of GitHub's 1,223 operations compiles five.
//!
//! [`Generator::select_tags`]: crate::Generator::select_tags

use crate::callbacks::{Callbacks, OperationInfo};
use crate::diagnostics::Diagnostic;

/// The operations (and webhooks) to generate; empty selects everything.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    pub(crate) tags: Vec<String>,
    pub(crate) operations: Vec<String>,
    pub(crate) paths: Vec<String>,
    pub(crate) webhooks: bool,
}

impl Selection {
    /// Whether anything was selected (else everything is generated).
    pub(crate) fn is_active(&self) -> bool {
        !(self.tags.is_empty() && self.operations.is_empty() && self.paths.is_empty())
    }

    /// An operation is selected when any criterion selects it.
    fn includes(&self, operation: &OperationInfo<'_>) -> bool {
        self.operations.iter().any(|id| id == operation.operation_id)
            || self.tags.iter().any(|tag| operation.tags.contains(tag))
            || self.paths.iter().any(|pattern| glob(pattern, operation.path))
    }

    /// An error for each criterion that selects nothing in a document
    /// with `operations`: a misspelt tag would otherwise generate an empty
    /// client without a word.
    pub(crate) fn check(&self, file: &str, operations: &[OperationInfo<'_>]) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut none = |kind: &str, value: &str| {
            errors.push(Diagnostic::error(
                file.to_string(),
                "#/paths".to_string(),
                format!("the selected {kind} `{value}` matches no operation of the document"),
            ));
        };
        for id in &self.operations {
            if !operations.iter().any(|o| o.operation_id == id) {
                none("operationId", id);
            }
        }
        for tag in &self.tags {
            if !operations.iter().any(|o| o.tags.contains(tag)) {
                none("tag", tag);
            }
        }
        for pattern in &self.paths {
            if !operations.iter().any(|o| glob(pattern, o.path)) {
                none("path pattern", pattern);
            }
        }
        errors
    }
}

/// `*` matches any run of characters (`/` included); everything else
/// matches itself: `/repos/{owner}/{repo}/issues*`.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return text.is_empty();
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The user's callbacks, with the selection applied first.
#[derive(Debug)]
pub(crate) struct Selected<'a> {
    pub(crate) selection: &'a Selection,
    pub(crate) callbacks: Option<&'a dyn Callbacks>,
}

impl Callbacks for Selected<'_> {
    fn include_operation(&self, operation: &OperationInfo<'_>) -> bool {
        self.selection.includes(operation) && self.callbacks.is_none_or(|c| c.include_operation(operation))
    }

    fn include_webhook(&self, name: &str) -> bool {
        self.selection.webhooks && self.callbacks.is_none_or(|c| c.include_webhook(name))
    }

    fn method_name(&self, operation: &OperationInfo<'_>) -> Option<String> {
        self.callbacks.and_then(|c| c.method_name(operation))
    }

    fn type_name(&self, name: &str, pointer: &str) -> Option<String> {
        self.callbacks.and_then(|c| c.type_name(name, pointer))
    }

    fn derives(&self, type_name: &str) -> Vec<String> {
        self.callbacks.map(|c| c.derives(type_name)).unwrap_or_default()
    }

    fn attributes(&self, type_name: &str) -> Vec<String> {
        self.callbacks.map(|c| c.attributes(type_name)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn glob_stars_match_any_run() {
        assert!(glob("/repos/*/issues", "/repos/{owner}/{repo}/issues"));
        assert!(glob("/repos/*", "/repos/{owner}"));
        assert!(glob("*issues*", "/repos/{owner}/{repo}/issues/{issue_number}"));
        assert!(glob("/user", "/user"));
        assert!(!glob("/user", "/users"));
        assert!(!glob("/repos/*/pulls", "/repos/{owner}/{repo}/issues"));
        assert!(!glob("/a*b*b", "/ab"));
    }
}
