//! OpenAPI Overlays: what each version's actions do to a document, in which
//! order several overlays apply, and the located errors for overlays that
//! no longer match or are broken.

use std::path::PathBuf;

use serde_json::{Value, json};
use switchboard_codegen::{Builder, Generator};

/// A temporary directory holding a document and overlays, removed on drop.
struct Workspace {
    dir: PathBuf,
}

impl Workspace {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("switchboard-overlay-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let workspace = Self { dir };
        workspace.write("api.yaml", BASE);
        workspace
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn spec(&self) -> PathBuf {
        self.dir.join("api.yaml")
    }

    /// A generator that names files by their file name only.
    fn generator(&self, overlays: &[&str]) -> Generator {
        overlays
            .iter()
            .fold(Generator::new().source_name("api.yaml"), |generator, name| {
                generator.overlay_named(self.dir.join(name), *name)
            })
    }

    fn effective(&self, overlays: &[&str]) -> Value {
        self.generator(overlays)
            .effective_document(self.spec())
            .unwrap_or_else(|e| panic!("overlays apply:\n{e}"))
            .value
    }

    fn error(&self, overlays: &[&str]) -> String {
        match self.generator(overlays).effective_document(self.spec()) {
            Ok(_) => panic!("{overlays:?} applied, but should fail"),
            Err(error) => error.to_string(),
        }
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const BASE: &str = r##"
openapi: 3.0.3
info: {title: Contacts, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /contacts:
    get:
      operationId: listContacts
      tags: [contacts]
      responses:
        "200":
          description: The contacts.
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Contact"}}
    post:
      operationId: createContact
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Contact"}
      responses:
        "200": {description: Created.}
components:
  schemas:
    Contact:
      type: object
      required: [id, name]
      properties:
        id: {type: number}
        name: {type: string}
        email: {type: string}
"##;

#[test]
fn overlay_1_0_updates_merge_and_removes_delete() {
    let ws = Workspace::new("v1_0");
    ws.write(
        "fix.overlay.yaml",
        r#"
overlay: 1.0.0
info: {title: Fix contacts, version: "1"}
actions:
  - target: $.components.schemas.Contact.properties.id
    description: ids are integers
    update: {type: integer, format: int64}
  - target: $.components.schemas.Contact.required
    description: arrays concatenate
    update: [email]
  - target: $.components.schemas.Contact.properties.name
    remove: true
  - target: $.paths['/contacts'].get.tags
    update: beta
"#,
    );
    let doc = ws.effective(&["fix.overlay.yaml"]);
    let contact = &doc["components"]["schemas"]["Contact"];
    assert_eq!(
        contact["properties"]["id"],
        json!({"type": "integer", "format": "int64"})
    );
    assert_eq!(contact["required"], json!(["id", "name", "email"]));
    assert_eq!(contact["properties"].get("name"), None);
    assert_eq!(doc["paths"]["/contacts"]["get"]["tags"], json!(["contacts", "beta"]));
}

#[test]
fn overlay_1_1_copies_nodes_and_replaces_primitives() {
    let ws = Workspace::new("v1_1");
    ws.write(
        "fix.overlay.yaml",
        r#"
overlay: 1.1.0
info: {title: Copy, version: "1"}
actions:
  - target: $.paths
    update: {/people: {}}
  - target: $.paths['/people']
    copy: $.paths['/contacts']
  - target: $.paths['/people'].get.operationId
    update: listPeople
  - target: $.paths['/people'].post
    remove: true
"#,
    );
    let doc = ws.effective(&["fix.overlay.yaml"]);
    let people = &doc["paths"]["/people"];
    assert_eq!(people["get"]["operationId"], json!("listPeople"));
    assert_eq!(people.get("post"), None);
    assert_eq!(doc["paths"]["/contacts"]["get"]["operationId"], json!("listContacts"));
    // The copy generates: two list methods from one definition.
    let code = ws
        .generator(&["fix.overlay.yaml"])
        .generate_file(ws.spec())
        .expect("generates")
        .code;
    assert!(code.contains("pub fn list_people("), "{code}");
    assert!(code.contains("pub fn list_contacts("));
}

#[test]
fn overlay_1_2_reusable_actions_take_their_target_from_the_reference() {
    let ws = Workspace::new("v1_2");
    ws.write(
        "fix.overlay.yaml",
        r##"
overlay: 1.2.0
info: {title: Reuse, version: "1"}
components:
  actions:
    notFound:
      description: every operation can answer 404
      fields:
        update:
          "404": {description: Not found.}
actions:
  - $ref: "#/components/actions/notFound"
    target: $.paths.*.get.responses
  - $ref: "#/components/actions/notFound"
    target: $.paths.*.post.responses
    update:
      "410": {description: Gone.}
"##,
    );
    let doc = ws.effective(&["fix.overlay.yaml"]);
    let responses = |method: &str| doc["paths"]["/contacts"][method]["responses"].clone();
    assert_eq!(responses("get")["404"], json!({"description": "Not found."}));
    assert_eq!(
        responses("post").get("404"),
        None,
        "the reference's own update overrides"
    );
    assert_eq!(responses("post")["410"], json!({"description": "Gone."}));
}

#[test]
fn several_overlays_apply_in_the_order_given() {
    let ws = Workspace::new("order");
    ws.write(
        "first.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: a, version: '1'}\nactions:\n  - target: $.info.title\n    update: First\n",
    );
    ws.write(
        "second.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: b, version: '1'}\nactions:\n  - target: $.info.title\n    update: Second\n",
    );
    assert_eq!(
        ws.effective(&["first.overlay.yaml", "second.overlay.yaml"])["info"]["title"],
        "Second"
    );
    assert_eq!(
        ws.effective(&["second.overlay.yaml", "first.overlay.yaml"])["info"]["title"],
        "First"
    );
    // A later overlay sees what an earlier one added.
    ws.write(
        "add.overlay.yaml",
        "overlay: 1.0.0\ninfo: {title: c, version: '1'}\nactions:\n  - target: $.info\n    update: {x-added: {n: 1}}\n",
    );
    ws.write(
        "edit.overlay.yaml",
        "overlay: 1.0.0\ninfo: {title: d, version: '1'}\nactions:\n  - target: $.info['x-added']\n    update: {m: 2}\n",
    );
    assert_eq!(
        ws.effective(&["add.overlay.yaml", "edit.overlay.yaml"])["info"]["x-added"],
        json!({"n": 1, "m": 2})
    );
    assert!(
        ws.error(&["edit.overlay.yaml", "add.overlay.yaml"])
            .contains("selects nothing")
    );
}

#[test]
fn unmatched_target_is_an_error_naming_file_action_and_target() {
    let ws = Workspace::new("unmatched");
    ws.write(
        "stale.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.info\n    update: {x-ok: true}\n  - target: $.paths['/people'].get\n    update: {summary: gone}\n",
    );
    assert_eq!(
        ws.error(&["stale.overlay.yaml"]),
        "error: stale.overlay.yaml: #/actions/1: target `$.paths['/people'].get` selects nothing in `api.yaml`: \
         the document may have changed since the overlay was written (allow this with --allow-unmatched / \
         Generator::allow_unmatched)"
    );
}

#[test]
fn unmatched_target_is_a_warning_when_allowed() {
    let ws = Workspace::new("allowed");
    ws.write(
        "stale.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.paths['/people'].get\n    update: {summary: gone}\n",
    );
    let generated = ws
        .generator(&["stale.overlay.yaml"])
        .allow_unmatched(true)
        .generate_file(ws.spec())
        .expect("generates with a warning");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning: stale.overlay.yaml: #/actions/0: target `$.paths['/people'].get` selects nothing in `api.yaml`: \
          the document may have changed since the overlay was written"
        ]
    );
}

#[test]
fn bad_jsonpath_is_located_at_the_target() {
    let ws = Workspace::new("jsonpath");
    ws.write(
        "bad.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: b, version: '1'}\nactions:\n  - target: $.info\n    update: {}\n  - target: $.paths[?@.get\n    remove: true\n",
    );
    let error = ws.error(&["bad.overlay.yaml"]);
    assert!(
        error.starts_with("error: bad.overlay.yaml: #/actions/1/target: invalid JSONPath `$.paths[?@.get`"),
        "{error}"
    );
    ws.write(
        "relative.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: b, version: '1'}\nactions:\n  - target: paths.x\n    remove: true\n",
    );
    assert_eq!(
        ws.error(&["relative.overlay.yaml"]),
        "error: relative.overlay.yaml: #/actions/0/target: `paths.x` is not a JSONPath query: it must start with `$` (RFC 9535)"
    );
}

#[test]
fn malformed_overlays_are_located_errors() {
    let ws = Workspace::new("malformed");
    let cases: &[(&str, &str)] = &[
        (
            "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $.info\n    update: {a: [1\n",
            "error: bad.overlay.yaml:6:1: invalid YAML",
        ),
        (
            "openapi: 3.0.0\ninfo: {title: m, version: '1'}\npaths: {}\n",
            "error: bad.overlay.yaml: #: this is an OpenAPI document, not an overlay",
        ),
        (
            "overlay: 2.0.0\ninfo: {title: m, version: '1'}\nactions: [{target: $, remove: true}]\n",
            "error: bad.overlay.yaml: #/overlay: Overlay Specification `2.0.0` is not supported",
        ),
        (
            "overlay: 1.1.0\ninfo: {title: m}\nactions: [{target: $.info, update: {}}]\n",
            "error: bad.overlay.yaml: #/info: `info.version` is required",
        ),
        (
            "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions: []\n",
            "error: bad.overlay.yaml: #/actions: `actions` must list at least one action",
        ),
        (
            "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $.info\n    updat: {}\n",
            "error: bad.overlay.yaml: #/actions/0/updat: unknown action field `updat`",
        ),
        (
            "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $.info\n",
            "error: bad.overlay.yaml: #/actions/0: the action does nothing",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $.info\n    copy: $.paths\n",
            "error: bad.overlay.yaml: #/actions/0/copy: `copy` is an Overlay 1.1 feature",
        ),
        (
            "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions:\n  - $ref: '#/components/actions/x'\n    target: $.info\n",
            "error: bad.overlay.yaml: #/actions/0/$ref: reusable actions (`$ref`) are an Overlay 1.2 feature",
        ),
        (
            "overlay: 1.2.0\ninfo: {title: m, version: '1'}\nactions:\n  - $ref: '#/components/actions/missing'\n    target: $.info\n",
            "error: bad.overlay.yaml: #/actions/0/$ref: `#/components/actions/missing` does not resolve",
        ),
        (
            "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $.info\n    update: [1, 2]\n",
            "error: bad.overlay.yaml: #/actions/0: cannot merge into `api.yaml` at `#/info`: the target is an object, so the value must be an object, not an array",
        ),
        (
            "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $.components.schemas.Contact\n    update: {required: yes-please}\n",
            "error: bad.overlay.yaml: #/actions/0: cannot merge into `api.yaml` at `#/components/schemas/Contact/required`: an array in the document cannot be merged with a string",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $.info.title\n    update: New\n",
            "error: bad.overlay.yaml: #/actions/0: cannot merge into `api.yaml` at `#/info/title`: Overlay 1.0 updates objects and arrays only",
        ),
        (
            "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $\n    remove: true\n",
            "error: bad.overlay.yaml: #/actions/0: `remove` cannot remove the whole document",
        ),
    ];
    for (text, expected) in cases {
        ws.write("bad.overlay.yaml", text);
        let error = ws.error(&["bad.overlay.yaml"]);
        assert!(
            error.starts_with(expected),
            "for\n{text}\nexpected `{expected}…`, got\n{error}"
        );
    }
    // `$.paths.*` selects two path items in a document with two paths.
    ws.write(
        "two.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: m, version: '1'}\nactions:\n  - target: $.paths\n    update: {/people: {}}\n  - target: $.info\n    copy: $.paths.*\n",
    );
    assert!(ws.error(&["two.overlay.yaml"]).contains("it selects 2"));
}

#[test]
fn a_missing_overlay_file_names_it() {
    let ws = Workspace::new("missing");
    let error = ws.error(&["nowhere.overlay.yaml"]);
    assert!(
        error.starts_with("error: nowhere.overlay.yaml: cannot read overlay"),
        "{error}"
    );
}

#[test]
fn diagnostics_about_overlay_text_point_into_the_overlay() {
    let ws = Workspace::new("origins");
    ws.write(
        "add.overlay.yaml",
        r##"
overlay: 1.1.0
info: {title: a, version: "1"}
actions:
  - target: $.components.schemas
    update:
      Note:
        type: object
        properties:
          owner: {$ref: "#/components/schemas/Missing"}
"##,
    );
    let error = match ws.generator(&["add.overlay.yaml"]).generate_file(ws.spec()) {
        Ok(_) => panic!("a dangling $ref must fail"),
        Err(error) => error.to_string(),
    };
    assert_eq!(
        error,
        "error: add.overlay.yaml: #/actions/0/update/Note/properties/owner: $ref `#/components/schemas/Missing` does not resolve"
    );
}

#[test]
fn overlays_change_the_generated_client_and_the_header_names_them() {
    let ws = Workspace::new("header");
    ws.write(
        "fix.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: f, version: '1'}\nactions:\n  - target: $.components.schemas.Contact.properties.id\n    update: {type: integer}\n",
    );
    let code = ws
        .generator(&["fix.overlay.yaml"])
        .generate_file(ws.spec())
        .expect("generates")
        .code;
    assert!(
        code.starts_with("// Generated by switchboard-codegen from `api.yaml` with the overlay `fix.overlay.yaml`.\n")
    );
    assert!(code.contains("pub id: i64,"), "{code}");
}

#[test]
fn build_scripts_apply_overlays_and_rerun_when_they_change() {
    let ws = Workspace::new("builder");
    let overlay = ws.write(
        "api.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: f, version: '1'}\nactions:\n  - target: $.components.schemas.Contact.properties.id\n    update: {type: integer}\n",
    );
    let out = ws.dir.join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    // Explicitly, after the spec it applies to.
    let output = Builder::new()
        .spec(ws.spec())
        .overlay(&overlay)
        .out_dir(&out)
        .generate()
        .expect("generates");
    assert!(output.inputs.contains(&overlay), "{:?}", output.inputs);
    let code = std::fs::read_to_string(out.join("api.rs")).expect("written");
    assert!(code.contains("pub id: i64,"));
    // By the directory convention.
    let output = Builder::new()
        .specs_in(&ws.dir)
        .out_dir(&out)
        .generate()
        .expect("generates");
    assert!(output.inputs.iter().any(|i| i.ends_with("api.overlay.yaml")));
    assert!(
        std::fs::read_to_string(out.join("api.rs"))
            .expect("written")
            .contains("pub id: i64,")
    );
    // An overlay before any spec is a mistake, reported, not ignored.
    let error = Builder::new()
        .overlay(&overlay)
        .out_dir(&out)
        .generate()
        .expect_err("no spec to apply to");
    assert!(error.to_string().contains("call Builder::spec first"), "{error}");
}

#[test]
fn an_overlay_without_its_document_is_an_error() {
    let ws = Workspace::new("orphan");
    ws.write(
        "people.overlay.yaml",
        "overlay: 1.1.0\ninfo: {title: f, version: '1'}\nactions:\n  - target: $.info\n    update: {}\n",
    );
    let error = switchboard_codegen::modules_in(&ws.dir).expect_err("orphan overlay");
    assert!(error.to_string().contains("an overlay without its document"), "{error}");
}
