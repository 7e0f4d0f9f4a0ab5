//! `$ref`s into `components`, answered from the typed model that load
//! built; a reference anywhere else (into a path, into a schema's
//! properties) is answered from the targets load typed beside it
//! (`load/references.rs`).

use indexmap::IndexMap;
use std::collections::BTreeMap;

use openapiv3::{Components, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};

use crate::load::references::{Target, Targets};

/// A kind of object kept in its own map of `components`.
pub(crate) trait Component: Sized + Clone {
    /// The map's key under `components` (`parameters`).
    const SECTION: &'static str;

    /// That map in the typed model.
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;

    /// The targets of this kind outside whole components.
    fn targets(targets: &Targets) -> &BTreeMap<String, Target<Self>>;
}

macro_rules! component {
    ($type:ty, $section:literal, $field:ident) => {
        impl Component for $type {
            const SECTION: &'static str = $section;

            fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }

            fn targets(targets: &Targets) -> &BTreeMap<String, Target<Self>> {
                &targets.$field
            }
        }
    };
}

component!(Parameter, "parameters", parameters);
component!(RequestBody, "requestBodies", request_bodies);
component!(Response, "responses", responses);
component!(SecurityScheme, "securitySchemes", security_schemes);
component!(Schema, "schemas", schemas);

/// What `reference` names in `components`, when it names a whole component
/// of kind `T` (`#/components/parameters/per-page`); `None` otherwise.
pub(crate) fn typed<'c, T: Component>(
    components: Option<&'c Components>,
    reference: &str,
) -> Option<&'c ReferenceOr<T>> {
    let rest = reference.strip_prefix("#/components/")?.strip_prefix(T::SECTION)?;
    let name = rest.strip_prefix('/')?;
    if name.contains('/') {
        return None;
    }
    let name = name.replace("~1", "/").replace("~0", "~");
    T::map(components?).get(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_components_of_the_kind_are_answered() {
        let components: Components = serde_json::from_value(serde_json::json!({
            "parameters": {"per-page": {"name": "per_page", "in": "query", "schema": {"type": "integer"}}},
            "schemas": {"a/b": {"type": "string"}, "Pet": {"type": "object", "properties": {"id": {"type": "integer"}}}}
        }))
        .expect("valid components");
        let found = typed::<Parameter>(Some(&components), "#/components/parameters/per-page");
        assert!(matches!(found, Some(ReferenceOr::Item(p)) if p.parameter_data_ref().name == "per_page"));
        assert!(typed::<Schema>(Some(&components), "#/components/schemas/a~1b").is_some());
        // Another kind, a pointer into a component, another section.
        assert!(typed::<Response>(Some(&components), "#/components/parameters/per-page").is_none());
        assert!(typed::<Schema>(Some(&components), "#/components/schemas/Pet/properties/id").is_none());
        assert!(typed::<Schema>(Some(&components), "#/components/schemasX/Pet").is_none());
        assert!(typed::<Schema>(None, "#/components/schemas/Pet").is_none());
    }
}
