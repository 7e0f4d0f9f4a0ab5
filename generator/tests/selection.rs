//! Generating only what is used: operations selected by tag, operationId
//! or path pattern, with only the types they reach; webhooks only when
//! asked for; a criterion that selects nothing is an error.

use switchboard_codegen::{Callbacks, Generator, OperationInfo};

const SPEC: &str = r##"
openapi: 3.1.0
info: {title: Selection, version: "1"}
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
  /contacts/{id}/notes:
    get:
      tags: [Contacts]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: Notes.
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Note"}}
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
webhooks:
  invoice_paid:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Invoice"}
      responses:
        "200": {description: Received.}
components:
  schemas:
    Contact:
      type: object
      properties:
        name: {type: string}
    Note:
      type: object
      properties:
        text: {type: string}
    Invoice:
      type: object
      properties:
        total: {type: number}
"##;

fn generated(generator: Generator) -> String {
    generator.generate_str(SPEC).expect("generates").code
}

fn has(code: &str, item: &str) -> bool {
    code.contains(item)
}

#[test]
fn everything_is_generated_without_a_selection() {
    let code = generated(Generator::new());
    for item in [
        "fn list_contacts(",
        "fn get_contacts_by_id_notes(",
        "fn list_invoices(",
        "pub enum WebhookEvent",
    ] {
        assert!(has(&code, item), "{item} missing");
    }
}

#[test]
fn a_tag_selects_its_operations_and_the_types_they_reach() {
    let code = generated(Generator::new().select_tags(["Contacts"]));
    assert!(has(&code, "fn list_contacts(") && has(&code, "fn get_contacts_by_id_notes("));
    assert!(has(&code, "pub struct Contact ") && has(&code, "pub struct Note "));
    assert!(!has(&code, "fn list_invoices(") && !has(&code, "pub struct Invoice "));
    assert!(!has(&code, "WebhookEvent"), "webhooks are left out of a selection");
}

#[test]
fn operation_ids_and_path_patterns_add_up() {
    let code = generated(
        Generator::new()
            .select_operations(["listInvoices"])
            .select_paths(["/contacts/*/notes"]),
    );
    assert!(has(&code, "fn list_invoices(") && has(&code, "fn get_contacts_by_id_notes("));
    assert!(!has(&code, "fn list_contacts(") && !has(&code, "pub struct Contact "));
    // An operation without an operationId is selected by its synthesised id.
    let code = generated(Generator::new().select_operations(["get_contacts_by_id_notes"]));
    assert!(has(&code, "fn get_contacts_by_id_notes(") && !has(&code, "fn list_invoices("));
}

#[test]
fn webhooks_are_kept_when_asked_for() {
    let code = generated(Generator::new().select_tags(["Contacts"]).select_webhooks(true));
    assert!(has(&code, "pub enum WebhookEvent") && has(&code, "InvoicePaid(Invoice)"));
    assert!(!has(&code, "fn list_invoices("));
}

#[test]
fn a_criterion_that_selects_nothing_is_an_error() {
    let error = Generator::new()
        .select_tags(["Contacts", "Contatcs"])
        .select_operations(["listInvoice"])
        .generate_str(SPEC)
        .expect_err("misspelt");
    let text = error.to_string();
    assert!(
        text.contains("the selected tag `Contatcs` matches no operation"),
        "{text}"
    );
    assert!(
        text.contains("the selected operationId `listInvoice` matches no operation"),
        "{text}"
    );
    assert!(!text.contains("`Contacts`"), "{text}");
}

#[derive(Debug)]
struct NoNotes;

impl Callbacks for NoNotes {
    fn include_operation(&self, operation: &OperationInfo<'_>) -> bool {
        !operation.path.ends_with("/notes")
    }
}

#[test]
fn the_selection_and_the_callbacks_both_apply() {
    let code = generated(Generator::new().callbacks(NoNotes).select_tags(["Contacts"]));
    assert!(has(&code, "fn list_contacts(") && !has(&code, "fn get_contacts_by_id_notes("));
    assert!(!has(&code, "pub struct Note "));
}

#[test]
fn callbacks_follow_their_operation() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/callbacks.yaml"))
        .expect("fixture");
    let all = Generator::new().generate_str(&spec).expect("generates").code;
    assert!(has(&all, "pub enum CreateSubscriptionCallback") && has(&all, "pub struct OnExpiryCallback "));
    let listing = Generator::new()
        .select_operations(["listSubscriptions"])
        .generate_str(&spec)
        .expect("generates")
        .code;
    assert!(has(&listing, "fn list_subscriptions("));
    assert!(
        !has(&listing, "CreateSubscriptionCallback")
            && !has(&listing, "OnExpiryCallback")
            && !has(&listing, "pub struct Event "),
        "the callbacks of an operation left out are left out, with the types only they reach"
    );
}
