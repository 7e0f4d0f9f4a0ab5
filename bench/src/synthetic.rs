//! A synthetic OpenAPI 3.0 document of any size: `copies` copies of one
//! realistic resource set (20 operations each), every copy with its own
//! schema names, paths and operation ids, so the generated module grows
//! linearly. The output is deterministic.
//!
//! One copy (`k`) has four resources under `/v1/space{k}/`: contacts,
//! conversations, messages (with a multipart attachment upload) and webhooks.
//! Its schemas use nested objects, string enums, a `oneOf` with a
//! discriminator, an untagged `oneOf`, `allOf`, nullable fields, maps,
//! arrays of inline objects, defaults and formats; its operations use path,
//! query and header parameters, JSON and multipart bodies, and 200/201/204
//! plus several error responses.

use serde_json::{Map, Value, json};

/// Operations in one copy of the resource set.
pub const OPERATIONS_PER_COPY: usize = 20;

/// The document with `copies` copies of the resource set, as pretty JSON.
pub fn spec_text(copies: usize) -> String {
    let mut text = serde_json::to_string_pretty(&spec(copies)).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// The document with `copies` copies of the resource set.
pub fn spec(copies: usize) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for k in 1..=copies {
        for (part, into) in [(copy_paths(k), &mut paths), (copy_schemas(k), &mut schemas)] {
            let mut part = Value::Object(part);
            name_space_in_descriptions(&mut part, k);
            if let Value::Object(part) = part {
                into.extend(part);
            }
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": format!("Synthetic messaging API ({copies}x)"),
            "version": "1.0.0",
            "description": "A generated benchmark document: copies of one resource set with distinct names."
        },
        "servers": [{
            "url": "https://{region}.api.example.com",
            "variables": { "region": { "default": "eu", "enum": ["eu", "us"] } }
        }],
        "security": [{ "bearerAuth": [] }, { "apiKey": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "Page": {
                    "name": "page", "in": "query", "description": "The page to return, from 1.",
                    "schema": { "type": "integer", "format": "int32", "minimum": 1, "default": 1 }
                },
                "PerPage": {
                    "name": "per_page", "in": "query", "description": "Items per page.",
                    "schema": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 100 }
                },
                "RequestId": {
                    "name": "X-Request-Id", "in": "header", "description": "An idempotency key.",
                    "schema": { "type": "string", "format": "uuid" }
                }
            },
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer" },
                "apiKey": { "type": "apiKey", "in": "header", "name": "api_access_token" }
            }
        }
    })
}

/// Ends every description in a copy with its space, and describes every
/// property, as distinct resources of a real API are described differently.
/// Without this, the generator would share one definition between the
/// copies' identical structs and the benchmark would measure one copy.
/// (Enums stay identical across copies, as in real descriptions, and are
/// shared.)
fn name_space_in_descriptions(value: &mut Value, k: usize) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for property in properties.values_mut() {
                    if let Value::Object(property) = property {
                        property.entry("description").or_insert_with(|| json!("A property"));
                    }
                }
            }
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if key == "description" => text.push_str(&format!(" (space {k})")),
                    other => name_space_in_descriptions(other, k),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| name_space_in_descriptions(item, k)),
        _ => {}
    }
}

fn schema_ref(name: &str, k: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}{k}") })
}

fn json_body(name: &str, k: usize, description: &str) -> Value {
    json!({
        "required": true,
        "description": description,
        "content": { "application/json": { "schema": schema_ref(name, k) } }
    })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn error_responses(k: usize, codes: &[&str]) -> Map<String, Value> {
    codes
        .iter()
        .map(|code| {
            let description = match *code {
                "400" => "The request is malformed.",
                "401" => "The credentials are missing or invalid.",
                "404" => "The resource does not exist.",
                "422" => "The request failed validation.",
                _ => "An unexpected error.",
            };
            (code.to_string(), json_response(description, schema_ref("Error", k)))
        })
        .collect()
}

fn responses(k: usize, success: (&str, Value), errors: &[&str]) -> Value {
    let mut map = Map::new();
    map.insert(success.0.to_string(), success.1);
    map.extend(error_responses(k, errors));
    Value::Object(map)
}

fn id_param(name: &str, description: &str) -> Value {
    json!({
        "name": name, "in": "path", "required": true, "description": description,
        "schema": { "type": "integer", "format": "int64" }
    })
}

fn list_params(extra: Vec<Value>) -> Vec<Value> {
    let mut params = vec![
        json!({ "$ref": "#/components/parameters/Page" }),
        json!({ "$ref": "#/components/parameters/PerPage" }),
    ];
    params.extend(extra);
    params
}

fn copy_paths(k: usize) -> Map<String, Value> {
    let base = format!("/v1/space{k}");
    let mut paths = Map::new();
    let no_content = || ("204", json!({ "description": "Deleted." }));

    // Contacts.
    paths.insert(
        format!("{base}/contacts"),
        json!({
            "get": {
                "operationId": format!("listContacts{k}"),
                "summary": "List contacts",
                "description": "Lists the contacts of the space, newest first, filtered and paginated.",
                "tags": ["Contacts"],
                "parameters": list_params(vec![
                    json!({ "name": "status", "in": "query", "schema": schema_ref("ContactStatus", k) }),
                    json!({ "name": "q", "in": "query", "description": "Free-text search.", "schema": { "type": "string" } }),
                    json!({ "name": "sort", "in": "query", "schema": { "type": "string", "enum": ["created_at", "-created_at", "name", "-name"] } }),
                    json!({ "name": "tags", "in": "query", "style": "form", "explode": true,
                            "schema": { "type": "array", "items": { "type": "string" } } }),
                ]),
                "responses": responses(k, ("200", json_response("A page of contacts.", schema_ref("ContactList", k))), &["400", "401"])
            },
            "post": {
                "operationId": format!("createContact{k}"),
                "summary": "Create a contact",
                "tags": ["Contacts"],
                "parameters": [{ "$ref": "#/components/parameters/RequestId" }],
                "requestBody": json_body("ContactInput", k, "The contact to create."),
                "responses": responses(k, ("201", json_response("The created contact.", schema_ref("Contact", k))), &["400", "401", "422"])
            }
        }),
    );
    paths.insert(
        format!("{base}/contacts/{{contact_id}}"),
        json!({
            "parameters": [id_param("contact_id", "The contact's id.")],
            "get": {
                "operationId": format!("getContact{k}"),
                "summary": "Get a contact with statistics",
                "tags": ["Contacts"],
                "responses": responses(k, ("200", json_response("The contact.", schema_ref("ContactWithStats", k))), &["401", "404"])
            },
            "patch": {
                "operationId": format!("updateContact{k}"),
                "summary": "Update a contact",
                "tags": ["Contacts"],
                "requestBody": json_body("ContactUpdate", k, "The fields to change."),
                "responses": responses(k, ("200", json_response("The updated contact.", schema_ref("Contact", k))), &["401", "404", "422"])
            },
            "delete": {
                "operationId": format!("deleteContact{k}"),
                "summary": "Delete a contact",
                "tags": ["Contacts"],
                "responses": responses(k, no_content(), &["401", "404"])
            }
        }),
    );

    // Conversations.
    paths.insert(
        format!("{base}/conversations"),
        json!({
            "get": {
                "operationId": format!("listConversations{k}"),
                "summary": "List conversations",
                "tags": ["Conversations"],
                "parameters": list_params(vec![
                    json!({ "name": "status", "in": "query", "schema": schema_ref("ConversationStatus", k) }),
                    json!({ "name": "assignee_id", "in": "query", "schema": { "type": "integer", "format": "int64" } }),
                    json!({ "name": "labels", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } }),
                ]),
                "responses": responses(k, ("200", json_response("A page of conversations.", schema_ref("ConversationList", k))), &["400", "401"])
            },
            "post": {
                "operationId": format!("createConversation{k}"),
                "summary": "Start a conversation",
                "tags": ["Conversations"],
                "parameters": [{ "$ref": "#/components/parameters/RequestId" }],
                "requestBody": json_body("ConversationInput", k, "The conversation to start."),
                "responses": responses(k, ("201", json_response("The new conversation.", schema_ref("Conversation", k))), &["400", "401", "422"])
            }
        }),
    );
    paths.insert(
        format!("{base}/conversations/{{conversation_id}}"),
        json!({
            "parameters": [id_param("conversation_id", "The conversation's id.")],
            "get": {
                "operationId": format!("getConversation{k}"),
                "summary": "Get a conversation",
                "tags": ["Conversations"],
                "responses": responses(k, ("200", json_response("The conversation.", schema_ref("Conversation", k))), &["401", "404"])
            },
            "patch": {
                "operationId": format!("updateConversation{k}"),
                "summary": "Change a conversation's status, priority or assignee",
                "tags": ["Conversations"],
                "requestBody": json_body("ConversationUpdate", k, "The fields to change."),
                "responses": {
                    "200": json_response("The updated conversation.", schema_ref("Conversation", k)),
                    "202": json_response("The change is queued.", json!({
                        "type": "object",
                        "properties": { "job_id": { "type": "string" }, "queued_at": { "type": "string", "format": "date-time" } }
                    })),
                    "404": json_response("The conversation does not exist.", schema_ref("Error", k)),
                    "422": json_response("The change is not allowed.", schema_ref("Error", k))
                }
            },
            "delete": {
                "operationId": format!("deleteConversation{k}"),
                "summary": "Delete a conversation",
                "tags": ["Conversations"],
                "responses": responses(k, no_content(), &["401", "404"])
            }
        }),
    );

    // Messages.
    let conversation = format!("{base}/conversations/{{conversation_id}}");
    paths.insert(
        format!("{conversation}/messages"),
        json!({
            "parameters": [id_param("conversation_id", "The conversation's id.")],
            "get": {
                "operationId": format!("listMessages{k}"),
                "summary": "List the messages of a conversation",
                "tags": ["Messages"],
                "parameters": list_params(vec![
                    json!({ "name": "before", "in": "query", "description": "Only messages older than this id.",
                            "schema": { "type": "integer", "format": "int64" } }),
                    json!({ "name": "direction", "in": "query", "schema": { "type": "string", "enum": ["incoming", "outgoing"] } }),
                ]),
                "responses": responses(k, ("200", json_response("A page of messages.", schema_ref("MessageList", k))), &["401", "404"])
            },
            "post": {
                "operationId": format!("createMessage{k}"),
                "summary": "Send a message",
                "tags": ["Messages"],
                "parameters": [{ "$ref": "#/components/parameters/RequestId" }],
                "requestBody": json_body("MessageInput", k, "The message to send."),
                "responses": responses(k, ("201", json_response("The sent message.", schema_ref("Message", k))), &["400", "401", "404", "422"])
            }
        }),
    );
    paths.insert(
        format!("{conversation}/messages/{{message_id}}"),
        json!({
            "parameters": [
                id_param("conversation_id", "The conversation's id."),
                id_param("message_id", "The message's id.")
            ],
            "get": {
                "operationId": format!("getMessage{k}"),
                "summary": "Get a message",
                "tags": ["Messages"],
                "responses": responses(k, ("200", json_response("The message.", schema_ref("Message", k))), &["401", "404"])
            },
            "delete": {
                "operationId": format!("deleteMessage{k}"),
                "summary": "Delete a message",
                "tags": ["Messages"],
                "responses": responses(k, no_content(), &["401", "404"])
            }
        }),
    );
    paths.insert(
        format!("{conversation}/attachments"),
        json!({
            "parameters": [id_param("conversation_id", "The conversation's id.")],
            "post": {
                "operationId": format!("uploadAttachment{k}"),
                "summary": "Upload a file to a conversation",
                "tags": ["Messages"],
                "requestBody": {
                    "required": true,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": { "type": "string", "format": "binary" },
                                    "caption": { "type": "string" },
                                    "private": { "type": "boolean" }
                                }
                            }
                        }
                    }
                },
                "responses": responses(k, ("201", json_response("The stored attachment.", schema_ref("Attachment", k))), &["400", "401", "404"])
            }
        }),
    );

    // Webhooks.
    paths.insert(
        format!("{base}/webhooks"),
        json!({
            "get": {
                "operationId": format!("listWebhooks{k}"),
                "summary": "List webhooks",
                "tags": ["Webhooks"],
                "responses": responses(k, ("200", json_response("Every webhook.", json!({
                    "type": "array", "items": schema_ref("Webhook", k)
                }))), &["401"])
            },
            "post": {
                "operationId": format!("createWebhook{k}"),
                "summary": "Register a webhook",
                "tags": ["Webhooks"],
                "requestBody": json_body("WebhookInput", k, "The webhook to register."),
                "responses": responses(k, ("201", json_response("The webhook.", schema_ref("Webhook", k))), &["400", "401", "422"])
            }
        }),
    );
    paths.insert(
        format!("{base}/webhooks/{{webhook_id}}"),
        json!({
            "parameters": [id_param("webhook_id", "The webhook's id.")],
            "get": {
                "operationId": format!("getWebhook{k}"),
                "summary": "Get a webhook",
                "tags": ["Webhooks"],
                "responses": responses(k, ("200", json_response("The webhook.", schema_ref("Webhook", k))), &["401", "404"])
            },
            "put": {
                "operationId": format!("replaceWebhook{k}"),
                "summary": "Replace a webhook",
                "tags": ["Webhooks"],
                "requestBody": json_body("WebhookInput", k, "The new definition."),
                "responses": responses(k, ("200", json_response("The webhook.", schema_ref("Webhook", k))), &["400", "401", "404", "422"])
            },
            "delete": {
                "operationId": format!("deleteWebhook{k}"),
                "summary": "Delete a webhook",
                "tags": ["Webhooks"],
                "responses": responses(k, no_content(), &["401", "404"])
            }
        }),
    );
    paths
}

fn copy_schemas(k: usize) -> Map<String, Value> {
    let r = |name: &str| schema_ref(name, k);
    let timestamp = || json!({ "type": "string", "format": "date-time" });
    let id = || json!({ "type": "integer", "format": "int64", "readOnly": true });
    let page = |item: &str| {
        json!({
            "type": "object",
            "required": ["data", "meta"],
            "properties": {
                "data": { "type": "array", "items": schema_ref(item, k) },
                "meta": schema_ref("PageMeta", k)
            }
        })
    };
    let content = |kind: &str, required: &[&str], properties: Value| {
        let mut props = Map::new();
        props.insert("type".into(), json!({ "type": "string", "enum": [kind] }));
        props.extend(properties.as_object().cloned().unwrap_or_default());
        let mut required_list = vec!["type"];
        required_list.extend_from_slice(required);
        json!({ "type": "object", "required": required_list, "properties": props })
    };
    let entries = [
        (
            "Address",
            json!({
                "type": "object",
                "description": "A postal address.",
                "required": ["country"],
                "properties": {
                    "line1": { "type": "string" },
                    "line2": { "type": "string", "nullable": true },
                    "city": { "type": "string" },
                    "postal_code": { "type": "string" },
                    "country": { "type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code." },
                    "geo": {
                        "type": "object",
                        "properties": {
                            "lat": { "type": "number", "format": "double" },
                            "lng": { "type": "number", "format": "double" }
                        }
                    }
                }
            }),
        ),
        (
            "ContactStatus",
            json!({ "type": "string", "enum": ["active", "blocked", "archived"] }),
        ),
        (
            "Contact",
            json!({
                "type": "object",
                "description": "A person the space talks to.",
                "required": ["id", "name", "status", "created_at"],
                "properties": {
                    "id": id(),
                    "name": { "type": "string", "maxLength": 255 },
                    "email": { "type": "string", "format": "email" },
                    "phone": { "type": "string", "nullable": true, "description": "E.164 phone number." },
                    "status": r("ContactStatus"),
                    "address": r("Address"),
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "preferences": {
                        "type": "object",
                        "properties": {
                            "language": { "type": "string", "default": "en" },
                            "timezone": { "type": "string" },
                            "channels": { "type": "array", "items": { "type": "string", "enum": ["email", "sms", "whatsapp"] } }
                        }
                    },
                    "custom_attributes": { "type": "object", "additionalProperties": true },
                    "created_at": timestamp(),
                    "updated_at": timestamp()
                }
            }),
        ),
        (
            "ContactWithStats",
            json!({
                "allOf": [
                    r("Contact"),
                    {
                        "type": "object",
                        "properties": {
                            "conversations_count": { "type": "integer", "format": "int32" },
                            "last_seen_at": { "type": "string", "format": "date-time", "nullable": true }
                        }
                    }
                ]
            }),
        ),
        (
            "ContactInput",
            json!({
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": { "type": "string" },
                    "email": { "type": "string", "format": "email" },
                    "phone": { "type": "string" },
                    "status": r("ContactStatus"),
                    "address": r("Address"),
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "custom_attributes": { "type": "object", "additionalProperties": { "type": "string" } }
                }
            }),
        ),
        (
            "ContactUpdate",
            json!({
                "type": "object",
                "properties": {
                    "name": { "type": "string" },
                    "email": { "type": "string", "format": "email", "nullable": true },
                    "phone": { "type": "string", "nullable": true },
                    "status": r("ContactStatus"),
                    "tags": { "type": "array", "items": { "type": "string" } }
                }
            }),
        ),
        (
            "PageMeta",
            json!({
                "type": "object",
                "required": ["page", "per_page"],
                "properties": {
                    "page": { "type": "integer", "format": "int32" },
                    "per_page": { "type": "integer", "format": "int32" },
                    "total_count": { "type": "integer", "format": "int64" },
                    "next_cursor": { "type": "string", "nullable": true }
                }
            }),
        ),
        ("ContactList", page("Contact")),
        (
            "ConversationStatus",
            json!({ "type": "string", "enum": ["open", "pending", "resolved", "snoozed"] }),
        ),
        (
            "Priority",
            json!({ "type": "string", "nullable": true, "enum": ["low", "medium", "high", "urgent", null] }),
        ),
        (
            "Agent",
            json!({
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": id(),
                    "name": { "type": "string" },
                    "email": { "type": "string", "format": "email" },
                    "availability": { "type": "string", "enum": ["online", "busy", "offline"] }
                }
            }),
        ),
        (
            "Conversation",
            json!({
                "type": "object",
                "required": ["id", "status", "contact"],
                "properties": {
                    "id": id(),
                    "status": r("ConversationStatus"),
                    "priority": r("Priority"),
                    "contact": r("Contact"),
                    "assignee": { "allOf": [r("Agent")], "nullable": true },
                    "labels": { "type": "array", "items": { "type": "string" }, "uniqueItems": true },
                    "last_message": r("Message"),
                    "unread_count": { "type": "integer", "format": "int32", "default": 0 },
                    "meta": {
                        "type": "object",
                        "properties": {
                            "channel": { "type": "string", "enum": ["web", "email", "whatsapp", "sms", "api"] },
                            "source_id": { "type": "string" },
                            "browser": {
                                "type": "object",
                                "properties": { "name": { "type": "string" }, "version": { "type": "string" } }
                            }
                        }
                    },
                    "created_at": timestamp()
                }
            }),
        ),
        (
            "ConversationInput",
            json!({
                "type": "object",
                "required": ["contact_id"],
                "properties": {
                    "contact_id": { "type": "integer", "format": "int64" },
                    "inbox_id": { "type": "integer", "format": "int64" },
                    "status": r("ConversationStatus"),
                    "priority": r("Priority"),
                    "labels": { "type": "array", "items": { "type": "string" } },
                    "initial_message": r("MessageInput")
                }
            }),
        ),
        (
            "ConversationUpdate",
            json!({
                "type": "object",
                "properties": {
                    "status": r("ConversationStatus"),
                    "priority": r("Priority"),
                    "assignee_id": { "type": "integer", "format": "int64", "nullable": true },
                    "snoozed_until": { "type": "string", "format": "date-time" }
                }
            }),
        ),
        ("ConversationList", page("Conversation")),
        (
            "TextContent",
            content(
                "text",
                &["text"],
                json!({ "text": { "type": "string", "maxLength": 4096 } }),
            ),
        ),
        (
            "ImageContent",
            content(
                "image",
                &["url"],
                json!({
                    "url": { "type": "string", "format": "uri" },
                    "caption": { "type": "string" }
                }),
            ),
        ),
        (
            "TemplateContent",
            content(
                "template",
                &["name", "language"],
                json!({
                    "name": { "type": "string" },
                    "language": { "type": "string" },
                    "parameters": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name", "value"],
                            "properties": { "name": { "type": "string" }, "value": { "type": "string" } }
                        }
                    }
                }),
            ),
        ),
        (
            "LocationContent",
            content(
                "location",
                &["latitude", "longitude"],
                json!({
                    "latitude": { "type": "number", "format": "double" },
                    "longitude": { "type": "number", "format": "double" },
                    "name": { "type": "string" }
                }),
            ),
        ),
        (
            "MessageContent",
            json!({
                "description": "What a message carries, chosen by `type`.",
                "oneOf": [r("TextContent"), r("ImageContent"), r("TemplateContent"), r("LocationContent")],
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {
                        "text": format!("#/components/schemas/TextContent{k}"),
                        "image": format!("#/components/schemas/ImageContent{k}"),
                        "template": format!("#/components/schemas/TemplateContent{k}"),
                        "location": format!("#/components/schemas/LocationContent{k}")
                    }
                }
            }),
        ),
        (
            "Attachment",
            json!({
                "type": "object",
                "required": ["id", "file_type", "data_url"],
                "properties": {
                    "id": id(),
                    "file_type": { "type": "string", "enum": ["image", "audio", "video", "file"] },
                    "data_url": { "type": "string", "format": "uri" },
                    "file_size": { "type": "integer", "format": "int64" },
                    "thumb_url": { "type": "string", "format": "uri", "nullable": true }
                }
            }),
        ),
        (
            "Message",
            json!({
                "type": "object",
                "required": ["id", "direction", "content", "created_at"],
                "properties": {
                    "id": id(),
                    "conversation_id": { "type": "integer", "format": "int64" },
                    "direction": { "type": "string", "enum": ["incoming", "outgoing"] },
                    "content": r("MessageContent"),
                    "attachments": { "type": "array", "items": r("Attachment") },
                    "sender": { "oneOf": [r("Contact"), r("Agent")] },
                    "status": { "type": "string", "enum": ["sent", "delivered", "read", "failed"] },
                    "error": {
                        "type": "object",
                        "nullable": true,
                        "properties": { "code": { "type": "integer" }, "reason": { "type": "string" } }
                    },
                    "created_at": timestamp()
                }
            }),
        ),
        (
            "MessageInput",
            json!({
                "type": "object",
                "required": ["content"],
                "properties": {
                    "content": r("MessageContent"),
                    "private": { "type": "boolean", "default": false },
                    "echo_id": { "type": "string" },
                    "attachment_ids": { "type": "array", "items": { "type": "integer", "format": "int64" } }
                }
            }),
        ),
        ("MessageList", page("Message")),
        (
            "WebhookEvent",
            json!({
                "type": "string",
                "enum": [
                    "contact.created", "contact.updated", "conversation.created",
                    "conversation.status_changed", "message.created", "message.updated"
                ]
            }),
        ),
        (
            "Webhook",
            json!({
                "type": "object",
                "required": ["id", "url", "events", "active"],
                "properties": {
                    "id": id(),
                    "url": { "type": "string", "format": "uri" },
                    "events": { "type": "array", "items": r("WebhookEvent") },
                    "secret": { "type": "string", "nullable": true, "writeOnly": true },
                    "active": { "type": "boolean" },
                    "created_at": timestamp()
                }
            }),
        ),
        (
            "WebhookInput",
            json!({
                "type": "object",
                "required": ["url", "events"],
                "properties": {
                    "url": { "type": "string", "format": "uri" },
                    "events": { "type": "array", "items": r("WebhookEvent"), "minItems": 1 },
                    "secret": { "type": "string" },
                    "active": { "type": "boolean", "default": true }
                }
            }),
        ),
        (
            "Error",
            json!({
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string" },
                    "message": { "type": "string" },
                    "details": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": { "field": { "type": "string" }, "issue": { "type": "string" } }
                        }
                    }
                }
            }),
        ),
    ];
    entries
        .into_iter()
        .map(|(name, schema)| (format!("{name}{k}"), schema))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_deterministic() {
        assert_eq!(spec_text(2), spec_text(2));
    }

    #[test]
    fn one_copy_generates_its_operations_without_warnings() {
        let document =
            switchboard_codegen::load::load_text(&spec_text(1), None, "synthetic-1x.json", Default::default()).unwrap();
        let (api, warnings) =
            switchboard_codegen::lower::lower(&document, None, switchboard_codegen::lower::Options::default()).unwrap();
        assert_eq!(api.operations.len(), OPERATIONS_PER_COPY);
        assert!(warnings.is_empty(), "{warnings:#?}");
        let code = switchboard_codegen::render::render_api(&api, 2).unwrap().code;
        assert!(code.contains("pub fn list_contacts1("), "{code}");
    }

    #[test]
    fn copies_scale_the_operations() {
        let document =
            switchboard_codegen::load::load_text(&spec_text(3), None, "synthetic-3x.json", Default::default()).unwrap();
        let (api, _) =
            switchboard_codegen::lower::lower(&document, None, switchboard_codegen::lower::Options::default()).unwrap();
        assert_eq!(api.operations.len(), 3 * OPERATIONS_PER_COPY);
    }
}
