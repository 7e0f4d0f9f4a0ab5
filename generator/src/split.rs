//! A large client split into crates that cargo checks side by side
//! (`switchboard-codegen crate --split N`, [`crate::Generator::split_into_crates`]).
//!
//! rustc checks a crate on one thread and keeps what it learned about every
//! item until the end, so one crate for a large API is slow to check and
//! heavy: GitHub's client (7,900 types, 1,200 operations) takes about 18 s
//! and 1.6 GiB of rustc memory. Split, the same code is laid out as
//!
//! ```text
//! {name}-types          types more than one group reaches, and what they use
//! {name}-types-1        types only the operations of group 1 reach
//! …
//! {name}-types-N        types only the operations of group N reach
//! {name}-types-events   the webhook and callback events, and the types only they reach
//! {name}-types-other    the types nothing above reaches
//! {name}                the client and its methods; `types` re-exports them all
//! ```
//!
//! Every crate but the first and the last is checked side by side with the
//! others.
//!
//! The groups are the operations in module order, cut into N runs of about
//! equal length (operations named after their tags sit together). A type
//! in group `i`'s crate only uses types of that crate and of the shared one,
//! so the group crates depend on the shared crate and never on each other.
//! Code using the client does not change: `{name}::types::Contact`, and the
//! same methods on `{name}::Client`. The type crates do not see the client,
//! so lowering writes their docs without links to it
//! (`lower::Options::types_apart`).

use std::collections::BTreeMap;

use crate::emit::{Piece, Section};
use crate::ir::{Api, Decode, EventData, Operation, SuccessType, TypeExpr, TypeId};
use crate::render::{self, TypesSection};

/// Where each type of a client goes when it is split into crates.
#[derive(Debug, Clone)]
pub struct Split {
    /// The client crate's package name.
    client: String,
    /// The package name of each type crate, the shared one first; a group
    /// whose operations reach no type of their own has no crate.
    packages: Vec<String>,
    /// Type name → index into `packages`.
    crate_of: BTreeMap<String, usize>,
    /// The crate of the webhook and callback event enums: the events'
    /// own, or the shared one when every type they use is shared.
    events_crate: usize,
    /// The crate of the types nothing reaches, if there are any.
    other_crate: Option<usize>,
}

/// The module of one type crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its package name (`github-types-2`).
    pub package: String,
    /// The package it depends on (the shared type crate), if any.
    pub depends_on: Option<String>,
    /// Its `src/lib.rs`.
    pub code: String,
}

impl Split {
    /// Splits the types of `api` for a client crate named `package` into
    /// a shared crate and one crate per group of `groups` (at least 1).
    pub fn new(api: &Api, package: &str, groups: usize) -> Self {
        let groups = groups.max(1);
        let (group_of, events_group) = group_of_types(api, groups);
        let mut packages = vec![format!("{package}-types")];
        // Group crates are numbered from 1 in the order of their groups,
        // skipping groups with no type of their own; the events' is last.
        let mut renumbered = BTreeMap::new();
        let (mut events_crate, mut other_crate) = (None, None);
        for group in 1..=events_group + 1 {
            if group_of.contains(&Some(group)) {
                renumbered.insert(group, packages.len());
                let suffix = if group == events_group {
                    events_crate = Some(packages.len());
                    "events".to_string()
                } else if group > events_group {
                    other_crate = Some(packages.len());
                    "other".to_string()
                } else {
                    packages.len().to_string()
                };
                packages.push(format!("{package}-types-{suffix}"));
            }
        }
        let crate_of = api
            .types
            .iter()
            .zip(&group_of)
            .map(|(def, group)| (def.name.clone(), group.map_or(0, |g| renumbered[&g])))
            .collect();
        Self {
            client: package.to_string(),
            packages,
            crate_of,
            events_crate: events_crate.unwrap_or(0),
            other_crate,
        }
    }

    /// The package names of the type crates, the shared one first.
    pub fn packages(&self) -> &[String] {
        &self.packages
    }

    /// The client crate's module (its `types` re-exporting the type crates'),
    /// and the type crates' modules, from the rendered `texts` of `pieces`.
    pub(crate) fn assemble(
        &self,
        api: &Api,
        pieces: &[Piece<'_>],
        texts: &mut [Option<String>],
        example_tests: &str,
    ) -> (String, Vec<Part>) {
        let libraries: Vec<String> = self.packages.iter().map(|p| p.replace('-', "_")).collect();
        let parts = (0..self.packages.len())
            .map(|index| self.part(api, pieces, texts, index, &libraries))
            .collect();
        let mut code = render::assemble(api, pieces, texts, TypesSection::ReExports(&libraries));
        code.push_str(example_tests);
        (code, parts)
    }

    /// Type crate `index`:
    ///
    /// ```text
    /// //! Types of … (crate docs)
    /// #![forbid(unsafe_code)]
    /// pub mod types {
    ///     use <shared crate>::types::*;   (all but the shared crate)
    ///     <its type pieces>
    /// }
    /// ```
    fn part(
        &self,
        api: &Api,
        pieces: &[Piece<'_>],
        texts: &mut [Option<String>],
        index: usize,
        libraries: &[String],
    ) -> Part {
        let package = &self.packages[index];
        let client = &self.client;
        let what = if index == 0 {
            "the types shared by its operations".to_string()
        } else if index == self.events_crate {
            "its webhook and callback events, and the types only they use".to_string()
        } else if self.other_crate == Some(index) {
            "the types of the document no operation or event uses".to_string()
        } else {
            format!("the types only its operation group {index} uses")
        };
        let mut code = render::header(api);
        code.push_str(&format!(
            "//! Part of the `{client}` client crate: {what}. Use them through `{client}::types`.\n\n\
             #![forbid(unsafe_code)]\n\n\
             /// Types of the API's schemas, parameters and responses.\n\
             {allow}pub mod types {{\n",
            allow = render::allow_deprecated(api),
        ));
        if index > 0 {
            code.push_str(&format!(
                "    #[allow(unused_imports)]\n    use {}::types::*;\n",
                libraries[0]
            ));
        }
        let mine = |piece: &Piece<'_>| match piece {
            Piece::Type(def) => self.crate_of.get(&def.name) == Some(&index),
            Piece::Webhooks(_) => index == self.events_crate,
            _ => false,
        };
        let any = render::take_section(&mut code, pieces, texts, |piece| {
            piece.section() == Section::Types && mine(piece)
        });
        if !any && index == 0 {
            // `pub mod types {}`
            code.pop();
        }
        code.push_str("}\n");
        Part {
            package: package.clone(),
            depends_on: (index > 0).then(|| self.packages[0].clone()),
            code,
        }
    }
}

/// How many groups of operations a split client's types are cut by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Groups {
    /// This many.
    Exactly(usize),
    /// As many as [`groups_by_size`] says for the client's size, none for
    /// a small client (which is then one crate).
    BySize,
}

/// The groups of operations a client of `lines` lines is split into when
/// its layout is left to the generator (`switchboard-codegen crate`, the
/// benchmark): none up to 50,000 lines (Chatwoot's client has 14,000 and
/// checks in 1.4 s), else two, which measured best on two cores (GitHub's
/// 205,000 lines: `cargo check` 10.5 s and 0.7 GiB of rustc memory split,
/// 18 s and 1.6 GiB in one crate; BENCHMARKS.md).
pub fn groups_by_size(lines: usize) -> Option<usize> {
    (lines > 50_000).then_some(2)
}

/// For each type of `api` (by index), the one group that reaches it, or
/// `None` for the shared crate; and the number of the events' group (the
/// webhooks and callbacks, after the operations' groups), followed by the
/// group of the types no operation or event reaches.
fn group_of_types(api: &Api, groups: usize) -> (Vec<Option<usize>>, usize) {
    let by_name: BTreeMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|def| crate::lower::all_edges(&def.kind).into_iter().collect())
        .collect();
    let reach = |roots: Vec<usize>| -> Vec<bool> {
        let mut seen = vec![false; api.types.len()];
        let mut stack = roots;
        while let Some(index) = stack.pop() {
            if !std::mem::replace(&mut seen[index], true) {
                stack.extend(&edges[index]);
            }
        }
        seen
    };
    let operations = &api.operations;
    let per_group = operations.len().div_ceil(groups).max(1);
    let mut reached: Vec<Vec<bool>> = operations
        .chunks(per_group)
        .map(|group| {
            let mut roots = Vec::new();
            for operation in group {
                roots.extend(operation.params_type.as_deref().and_then(|name| by_name.get(name)));
                named_types(operation, &mut |TypeId(id)| roots.push(id));
            }
            reach(roots)
        })
        .collect();
    let mut event_roots = Vec::new();
    for event in api.event_sets().flat_map(|set| &set.events) {
        event.payload.each_named(&mut |TypeId(id)| event_roots.push(id));
    }
    // The webhooks and callbacks are one more group, after the operations';
    // the types nothing reaches (components no operation uses) one more.
    reached.push(reach(event_roots));
    let unreached = (0..api.types.len())
        .filter(|&index| reached.iter().all(|seen| !seen[index]))
        .collect();
    reached.push(reach(unreached));
    let mut group_of: Vec<Option<usize>> = (0..api.types.len())
        .map(|index| {
            let mut reaching = reached.iter().enumerate().filter(|(_, seen)| seen[index]);
            match (reaching.next(), reaching.next()) {
                (Some((group, _)), None) => Some(group + 1),
                _ => None,
            }
        })
        .collect();
    // What a shared type uses is shared too (a group's type may be used by
    // a type no operation reaches, which stays shared).
    let shared_roots = (0..api.types.len()).filter(|&i| group_of[i].is_none()).collect();
    for (index, shared) in reach(shared_roots).into_iter().enumerate() {
        if shared {
            group_of[index] = None;
        }
    }
    (group_of, reached.len() - 1)
}

/// Every named type an operation's parameters, bodies and responses name.
fn named_types(operation: &Operation, visit: &mut dyn FnMut(TypeId)) {
    let mut each = |ty: &TypeExpr| ty.each_named(visit);
    for parameter in operation.path_params.iter().chain(&operation.other_params) {
        each(&parameter.ty);
    }
    for body in &operation.bodies {
        each(&body.ty);
    }
    let responses = &operation.responses;
    match &responses.success {
        SuccessType::Json(ty) | SuccessType::Enum(ty) | SuccessType::Events(EventData::Json(ty)) => each(ty),
        SuccessType::Unit | SuccessType::Text | SuccessType::Bytes | SuccessType::Events(EventData::Text) => {}
    }
    each(&responses.error);
    for case in &responses.cases {
        if let Decode::Json(ty) = &case.decode {
            each(ty);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, LoadOptions};

    /// Two operations (one per group) with a type each, a type both use and
    /// what it uses, a webhook's own type, a type the webhook and one
    /// operation use, and a type nothing uses.
    const PETS: &str = r##"
openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /cats:
    get:
      operationId: getCat
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Cat"}}}}
  /dogs:
    get:
      operationId: getDog
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Dog"}}}}
webhooks:
  birdSeen:
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Bird"}}}}
      responses: {"200": {description: ok}}
components:
  schemas:
    Owner:
      type: object
      properties: {name: {type: string}, address: {$ref: "#/components/schemas/Address"}}
    Address:
      type: object
      properties: {city: {type: string}}
    Cat:
      type: object
      properties: {owner: {$ref: "#/components/schemas/Owner"}, purrs: {type: boolean}}
    Dog:
      type: object
      properties: {owner: {$ref: "#/components/schemas/Owner"}, leash: {$ref: "#/components/schemas/Leash"}}
    Leash:
      type: object
      properties: {length: {type: number}}
    Bird:
      type: object
      properties: {wings: {type: integer}, leash: {$ref: "#/components/schemas/Leash"}}
    Fish:
      type: object
      properties: {fins: {type: integer}, owner: {$ref: "#/components/schemas/Owner"}}
"##;

    fn pets() -> Api {
        let loaded = load::load_text(PETS, None, "pets.yaml", LoadOptions::default()).expect("loads");
        crate::lower::lower(&loaded, None, crate::lower::Options::default())
            .expect("lowers")
            .0
    }

    fn crate_of<'a>(split: &'a Split, name: &str) -> &'a str {
        &split.packages[split.crate_of[name]]
    }

    #[test]
    fn a_type_one_group_uses_goes_to_its_crate_and_shared_types_to_the_shared_one() {
        let api = pets();
        let split = Split::new(&api, "pets", 2);
        assert_eq!(
            split.packages(),
            [
                "pets-types",
                "pets-types-1",
                "pets-types-2",
                "pets-types-events",
                "pets-types-other"
            ]
        );
        assert_eq!(crate_of(&split, "Fish"), "pets-types-other");
        assert_eq!(crate_of(&split, "Cat"), "pets-types-1");
        assert_eq!(crate_of(&split, "Dog"), "pets-types-2");
        assert_eq!(crate_of(&split, "Bird"), "pets-types-events");
        // Both groups use the owner, so it and what it uses are shared; so
        // is the leash, which the dogs' group and the webhook use.
        for shared in ["Owner", "Address", "Leash"] {
            assert_eq!(crate_of(&split, shared), "pets-types", "{shared}");
        }
        assert_eq!(split.crate_of.len(), api.types.len(), "every type has a crate");
    }

    /// `split_into_crates_when_large`: a small client is the module in one
    /// piece, a large one is split in two groups, and lowered for it (its
    /// parameters' docs do not link the client).
    #[test]
    fn split_when_large_splits_a_large_client_only() {
        let whole = crate::Generator::new().generate_str(PETS).expect("generates");
        let small = crate::Generator::new()
            .split_into_crates_when_large("pets")
            .generate_str(PETS)
            .expect("generates");
        assert!(small.parts.is_empty());
        assert_eq!(small.code, whole.code);

        // 600 operations, each with a query parameter and a response of 30
        // properties of its own: more than 50,000 lines in one piece.
        let mut large = String::from("openapi: 3.0.3\ninfo: {title: Large, version: \"1\"}\npaths:\n");
        for op in 0..600 {
            let properties: Vec<String> = (0..30).map(|p| format!("p{op}x{p}: {{type: string}}")).collect();
            large.push_str(&format!(
                "  /r{op}:\n    get:\n      operationId: get{op}\n      parameters: [{{name: q, in: query, schema: {{type: string}}}}]\n      \
                 responses:\n        \"200\": {{description: ok, content: {{application/json: {{schema: {{type: object, \
                 properties: {{{}}}}}}}}}}}\n",
                properties.join(", ")
            ));
        }
        let one = crate::Generator::new().generate_str(&large).expect("generates");
        assert!(one.code.lines().count() > 50_000, "{} lines", one.code.lines().count());
        assert!(one.code.contains("(super::Client::get0)"));
        let split = crate::Generator::new()
            .split_into_crates_when_large("large")
            .generate_str(&large)
            .expect("generates");
        let packages: Vec<&str> = split.parts.iter().map(|p| p.package.as_str()).collect();
        assert_eq!(packages, ["large-types", "large-types-1", "large-types-2"]);
        assert!(split.parts.iter().all(|p| !p.code.contains("super::Client")));
        assert!(
            split
                .parts
                .iter()
                .any(|p| p.code.contains("parameters of `Client::get0`."))
        );
    }

    #[test]
    fn a_large_client_is_split_in_two_groups_and_a_small_one_is_not() {
        assert_eq!(groups_by_size(27_000), None);
        assert_eq!(groups_by_size(50_000), None);
        assert_eq!(groups_by_size(50_001), Some(2));
        assert_eq!(groups_by_size(205_000), Some(2));
    }

    /// One group: what only the operations use is theirs; more groups
    /// than operations leave the extra ones out.
    #[test]
    fn groups_with_no_type_of_their_own_have_no_crate() {
        let api = pets();
        let one = Split::new(&api, "pets", 1);
        assert_eq!(
            one.packages(),
            ["pets-types", "pets-types-1", "pets-types-events", "pets-types-other"]
        );
        // The fish's owner is an owner: shared with the operations.
        assert_eq!(crate_of(&one, "Owner"), "pets-types");
        assert_eq!(crate_of(&one, "Cat"), "pets-types-1");
        assert_eq!(crate_of(&one, "Leash"), "pets-types");
        let many = Split::new(&api, "pets", 5);
        assert_eq!(many.packages().len(), 5, "{:?}", many.packages());
    }

    /// The modules: each type crate holds its types and imports the shared
    /// ones; the client crate re-exports them all and keeps the rest of
    /// the module as it is unsplit.
    #[test]
    fn the_split_module_is_the_module_laid_out_in_crates() {
        let api = pets();
        let whole = render::render_api(&api, 1).expect("renders").code;
        let split = Split::new(&api, "pets", 2);
        let rendered = render::render_api_split(&api, 1, Some(&split)).expect("renders");
        let [shared, cats, dogs, events, other] = &rendered.parts[..] else {
            panic!("five type crates: {:?}", rendered.parts)
        };
        assert!(other.code.contains("pub struct Fish {"), "{}", other.code);
        assert_eq!(shared.depends_on, None);
        assert_eq!(cats.depends_on.as_deref(), Some("pets-types"));
        assert!(cats.code.contains("    use pets_types::types::*;\n"), "{}", cats.code);
        assert!(cats.code.contains("pub struct Cat {"), "{}", cats.code);
        assert!(dogs.code.contains("pub struct Dog {") && !dogs.code.contains("pub struct Cat {"));
        assert!(!shared.code.contains("use pets_types"), "{}", shared.code);
        assert!(shared.code.contains("pub struct Owner {") && !shared.code.contains("pub enum Webhook"));
        assert!(events.code.contains("pub struct Bird {") && events.code.contains("pub enum Webhook"));
        assert!(
            rendered.code.contains(
                "pub mod types {\n    #[doc(inline)]\n    pub use pets_types::types::*;\n    #[doc(inline)]\n    pub use pets_types_1::types::*;\n    #[doc(inline)]\n    pub use pets_types_2::types::*;\n    #[doc(inline)]\n    pub use pets_types_events::types::*;\n    #[doc(inline)]\n    pub use pets_types_other::types::*;\n}\n"
            ),
            "{}",
            rendered.code
        );
        // Everything after `types` is the same text.
        let after_types = |code: &str| code[code.find("\n}\n").expect("types closes")..].to_string();
        assert_eq!(after_types(&rendered.code), after_types(&whole));
        // Every line of the whole module's types is in exactly one crate.
        let type_lines = |code: &str| -> Vec<String> {
            let body = &code[code.find("pub mod types {\n").expect("types")..code.find("\n}\n").expect("end")];
            let mut lines: Vec<String> = body
                .lines()
                .skip(1)
                .filter(|l| !l.is_empty() && !l.contains("use pets_types") && !l.contains("allow(unused_imports)"))
                .map(str::to_string)
                .collect();
            lines.sort();
            lines
        };
        let mut parts: Vec<String> = rendered.parts.iter().flat_map(|p| type_lines(&p.code)).collect();
        parts.sort();
        assert_eq!(parts, type_lines(&whole));
    }
}
