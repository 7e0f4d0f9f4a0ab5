//! `x-switchboard-pagination`: how an operation pages, checked against the
//! operation (its query parameters, its response type) and turned into the
//! `…_pages` / `…_items` stream methods.
//!
//! ```yaml
//! x-switchboard-pagination:
//!   items: payload                 # where the items are in the body ("" for a body that is the list)
//!   page: {parameter: page, first: 1, pages: meta.pages, total: meta.count, more: meta.has_more}
//!   # or cursor: {parameter: after, next: meta.next}
//!   # or next-link: {}              (the Link header) / {body: links.next}
//! ```

use openapiv3::Operation as OaOperation;
use serde_json::{Map, Value};

use super::Lowerer;
use super::names::{Namespace, suffixed};
use crate::ir::{Operation, Paging, PagingStrategy, ParamLocation, SuccessType, TypeExpr, TypeKind};

/// The vendor extension that declares pagination.
pub const PAGINATION_EXTENSION: &str = "x-switchboard-pagination";

impl Lowerer<'_> {
    pub(crate) fn lower_paging(
        &mut self,
        operation: &OaOperation,
        lowered: &Operation,
        pointer: &str,
        method_names: &mut Namespace,
    ) -> Option<Paging> {
        let raw = operation.extensions.get(PAGINATION_EXTENSION)?;
        let at = format!("{pointer}/{PAGINATION_EXTENSION}");
        let Value::Object(config) = raw else {
            self.error(
                &at,
                "must be an object with `items` and one of `page`, `cursor` or `next-link`",
            );
            return None;
        };
        let text = |config: &Map<String, Value>, key: &str| config.get(key).and_then(Value::as_str).map(str::to_owned);
        let Some(items_path) = text(config, "items") else {
            self.error(&at, "`items` (where the items are in the response body) is required");
            return None;
        };
        let strategies: Vec<&str> = ["page", "cursor", "next-link"]
            .into_iter()
            .filter(|key| config.contains_key(*key))
            .collect();
        let [kind] = strategies.as_slice() else {
            self.error(&at, "give exactly one of `page`, `cursor` and `next-link`");
            return None;
        };
        let section = match config.get(*kind) {
            Some(Value::Object(section)) => section,
            _ => {
                self.error(&format!("{at}/{kind}"), "must be an object");
                return None;
            }
        };
        let strategy = match *kind {
            "page" => PagingStrategy::Page {
                parameter: self.paging_parameter(lowered, section, &format!("{at}/page"))?,
                first: section.get("first").and_then(Value::as_u64).unwrap_or(1),
                pages: text(section, "pages"),
                total: text(section, "total"),
                more: text(section, "more"),
            },
            "cursor" => PagingStrategy::Cursor {
                parameter: self.paging_parameter(lowered, section, &format!("{at}/cursor"))?,
                next: match text(section, "next") {
                    Some(next) => next,
                    None => {
                        self.error(
                            &format!("{at}/cursor"),
                            "`next` (where the next cursor is in the body) is required",
                        );
                        return None;
                    }
                },
            },
            _ => PagingStrategy::NextLink {
                body: text(section, "body"),
            },
        };
        let SuccessType::Json(page) = &lowered.responses.success else {
            self.error(&at, "a paginated operation needs one JSON success response");
            return None;
        };
        let Some(item) = self.items_type(page, &items_path) else {
            self.error(
                &format!("{at}/items"),
                format!("`{items_path}` does not lead to an array in the success response"),
            );
            return None;
        };
        Some(Paging {
            pages_method: method_names.claim(suffixed(&lowered.name, "pages")),
            items_method: method_names.claim(suffixed(&lowered.name, "items")),
            item,
            items_path,
            strategy,
        })
    }

    /// The query parameter a strategy sets, checked to be one.
    fn paging_parameter(&mut self, lowered: &Operation, section: &Map<String, Value>, at: &str) -> Option<String> {
        let Some(parameter) = section.get("parameter").and_then(Value::as_str) else {
            self.error(
                at,
                "`parameter` (the query parameter that asks for the next page) is required",
            );
            return None;
        };
        let declared = lowered
            .other_params
            .iter()
            .any(|p| p.location == ParamLocation::Query && p.wire_name == parameter);
        if !declared {
            self.error(
                &format!("{at}/parameter"),
                format!("`{parameter}` is not a query parameter of this operation"),
            );
            return None;
        }
        Some(parameter.to_owned())
    }

    /// The element type of the array at `path` (dotted wire names) inside
    /// the type `page`.
    fn items_type(&self, page: &TypeExpr, path: &str) -> Option<TypeExpr> {
        let mut current = page.clone();
        for segment in path.split('.').filter(|s| !s.is_empty()) {
            let TypeKind::Struct(s) = &self.resolved_kind(&current)? else {
                return None;
            };
            current = s.fields.iter().find(|f| f.wire_name == segment)?.ty.clone();
        }
        match strip(current) {
            TypeExpr::Vec(item) => Some(strip(*item)),
            _ => None,
        }
    }
}

impl Lowerer<'_> {
    /// The definition a type expression names, through `Option`, `Box` and
    /// aliases.
    fn resolved_kind(&self, ty: &TypeExpr) -> Option<TypeKind> {
        let mut current = strip(ty.clone());
        for _ in 0..64 {
            let TypeExpr::Named(id) = current else { return None };
            match &self.type_def(id)?.kind {
                TypeKind::Alias(target) => current = strip(target.clone()),
                kind => return Some(kind.clone()),
            }
        }
        None
    }
}

/// A type without the `Option` and `Box` around it.
fn strip(ty: TypeExpr) -> TypeExpr {
    match ty {
        TypeExpr::Option(inner) | TypeExpr::Boxed(inner) => strip(*inner),
        other => other,
    }
}
