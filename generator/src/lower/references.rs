//! Who refers to each component schema (from the `$ref`s load read),
//! worked out once before conversion (an analysis pass, in bindgen's
//! manner): which components are only ever a multipart request body, and
//! which names give an inline type context when its own name is taken.

use std::collections::BTreeMap;

use crate::load::references::SchemaUse;

/// Where a component schema is referenced from.
#[derive(Debug, Default)]
pub(crate) struct References {
    /// Component name → the places referring to it.
    uses: BTreeMap<String, Vec<Use>>,
}

#[derive(Debug)]
struct Use {
    /// The component whose schema holds the reference, if any.
    owner: Option<String>,
    /// The reference is the whole schema of a multipart request body.
    multipart_body: bool,
}

impl References {
    /// Collects the uses of component schemas load found.
    pub(crate) fn of(schema_uses: &[SchemaUse]) -> Self {
        let mut references = Self::default();
        for found in schema_uses {
            references.uses.entry(found.name.clone()).or_default().push(Use {
                owner: owner(&found.site),
                multipart_body: found.in_schema && is_multipart_body_schema(&found.site),
            });
        }
        references
    }

    /// Components referred to only as the schema of a `multipart/form-data`
    /// (or `multipart/mixed`) request body: they are that body's type.
    pub(crate) fn multipart_only(&self, component: &str) -> bool {
        self.uses
            .get(component)
            .is_some_and(|uses| !uses.is_empty() && uses.iter().all(|u| u.multipart_body))
    }

    /// The components whose schemas refer to `component`, each once,
    /// shortest name first (a domain object before the envelopes around
    /// it: `Contact` before `ContactResponse`), then alphabetically.
    pub(crate) fn referrers(&self, component: &str) -> Vec<&str> {
        let mut owners: Vec<&str> = self
            .uses
            .get(component)
            .into_iter()
            .flatten()
            .filter_map(|u| u.owner.as_deref())
            .filter(|owner| *owner != component)
            .collect();
        owners.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        owners.dedup();
        owners
    }
}

/// `#/components/schemas/Contact/properties/bot` → `Contact`.
fn owner(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("#/components/schemas/")?;
    let name = rest.split('/').next()?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// `…/requestBody/content/multipart~1form-data/schema` (in an operation or
/// in `components/requestBodies`).
fn is_multipart_body_schema(pointer: &str) -> bool {
    let Some(rest) = pointer.strip_suffix("/schema") else {
        return false;
    };
    let Some((before, media_type)) = rest.rsplit_once("/content/") else {
        return false;
    };
    let media_type = media_type.replace("~1", "/").to_ascii_lowercase();
    let multipart = media_type.starts_with("multipart/form-data") || media_type.starts_with("multipart/mixed");
    let body = before.ends_with("/requestBody") || before.starts_with("#/components/requestBodies/");
    multipart && body
}
