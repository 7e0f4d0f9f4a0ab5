//! The extension point: callbacks choose operations, names, derives and
//! attributes; the generator keeps names valid and unique and refuses
//! derives or attributes that are not Rust.

use switchboard_codegen::{Callbacks, Generator, OperationInfo};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Callbacks, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /contacts:
    get:
      operationId: listContacts
      tags: [Contacts]
      responses:
        "200":
          description: Contacts.
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Contact"}}
  /invoices:
    get:
      operationId: listInvoices
      tags: [Billing]
      responses:
        "200":
          description: Invoices.
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Invoice"}}
components:
  schemas:
    Contact:
      type: object
      required: [name]
      properties:
        name: {type: string}
        status: {type: string, enum: [active, blocked]}
    Invoice:
      type: object
      properties:
        total: {type: number}
"##;

#[derive(Debug)]
struct ContactsOnly;

impl Callbacks for ContactsOnly {
    fn include_operation(&self, operation: &OperationInfo<'_>) -> bool {
        operation.tags.iter().any(|tag| tag == "Contacts")
    }

    fn method_name(&self, operation: &OperationInfo<'_>) -> Option<String> {
        (operation.operation_id == "listContacts").then(|| "contacts".to_string())
    }

    fn type_name(&self, name: &str, _pointer: &str) -> Option<String> {
        (name == "Contact").then(|| "Person".to_string())
    }

    fn derives(&self, type_name: &str) -> Vec<String> {
        if type_name == "Person" {
            vec!["Eq".into(), "::std::hash::Hash".into()]
        } else {
            Vec::new()
        }
    }

    fn attributes(&self, type_name: &str) -> Vec<String> {
        if type_name == "Person" {
            vec!["#[non_exhaustive]".into()]
        } else {
            Vec::new()
        }
    }
}

#[test]
fn callbacks_select_operations_name_things_and_add_derives() {
    let code = Generator::new()
        .callbacks(ContactsOnly)
        .generate_str(SPEC)
        .expect("generates")
        .code;
    syn::parse_file(&code).expect("parses");
    assert!(code.contains("pub fn contacts("), "{code}");
    assert!(!code.contains("list_invoices"), "the Billing operation is left out");
    assert!(!code.contains("Invoice"), "and so is the type only it used");
    assert!(code.contains("pub struct Person {"));
    assert!(code.contains(
        "#[derive(Eq, ::std::hash::Hash)]\n    #[non_exhaustive]\n    #[derive(Debug, Clone, PartialEq)]\n    pub struct Person {"
    ));
}

#[test]
fn without_callbacks_everything_is_generated() {
    let code = Generator::new().generate_str(SPEC).expect("generates").code;
    assert!(code.contains("pub fn list_invoices(") && code.contains("pub struct Invoice {"));
}

#[derive(Debug)]
struct BadDerive;

impl Callbacks for BadDerive {
    fn derives(&self, _type_name: &str) -> Vec<String> {
        vec!["not a path".into()]
    }
}

#[test]
fn a_derive_that_is_not_rust_is_a_located_error() {
    let error = Generator::new()
        .source_name("api.yaml")
        .callbacks(BadDerive)
        .generate_str(SPEC)
        .expect_err("not a path");
    assert!(
        error.to_string().contains(
            "error: api.yaml: #/components/schemas/Contact: the derive `not a path` the callbacks give `Contact` is not a path"
        ),
        "{error}"
    );
}
