//! `webhooks` and `x-switchboard-webhooks` → one enum of events with a
//! parse function (and a verify function when deliveries are signed); an
//! operation's `callbacks` → one such enum for the operation.
//!
//! ```yaml
//! webhooks:
//!   message_created:                 # the event's name, as deliveries spell it
//!     post:
//!       requestBody: {content: {application/json: {schema: {$ref: …}}}}
//! x-switchboard-webhooks:
//!   event-name: {in: body, name: event}     # or {in: header, name: X-Event}
//!   delivery-id-header: X-Chatwoot-Delivery
//!   signing:
//!     algorithm: hmac-sha256                # or hmac-sha512
//!     signature-header: X-Chatwoot-Signature
//!     signature-prefix: 'sha256='
//!     encoding: hex                         # or base64
//!     timestamp-header: X-Chatwoot-Timestamp
//!     message: [timestamp, body]            # timestamp | body | delivery-id
//!     separator: '.'
//!     tolerance: 300                        # seconds; the default
//! ```

use std::collections::BTreeMap;

use openapiv3::{PathItem, ReferenceOr, RequestBody};
use serde_json::{Map, Value};

use super::Lowerer;
use super::bodies::body_kind;
use super::docs;
use super::names::{Namespace, camel_ident};
use super::operations::{METHODS, operation_for};
use crate::diagnostics::{escape_pointer_segment, pointer_join};
use crate::ir::{
    BodyKind, EventName, EventSource, SignedPart, WebhookAlgorithm, WebhookEvent, WebhookSigning, Webhooks,
};
use crate::load::events::{Callback, PathItemEntry};

/// The extension that says how deliveries name their event and are signed.
pub const WEBHOOKS_EXTENSION: &str = "x-switchboard-webhooks";

/// The operation extension naming its event when the `webhooks` key does not.
const EVENT_EXTENSION: &str = "x-switchboard-event";

/// The tolerance, in seconds, when the extension gives none.
const DEFAULT_TOLERANCE: u64 = 300;

/// What `x-switchboard-webhooks` says.
#[derive(Default)]
struct Extension {
    event_name: Option<EventName>,
    delivery_id_header: Option<String>,
    signing: Option<WebhookSigning>,
}

/// Which kind of event a path item declares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One of the document's `webhooks`.
    Webhook,
    /// A request of one of an operation's `callbacks`.
    Callback,
}

impl Lowerer<'_> {
    pub(crate) fn lower_webhooks(&mut self) -> Option<Webhooks> {
        let doc = self.doc;
        let root_pointer = format!("#/{WEBHOOKS_EXTENSION}");
        let extension = doc
            .openapi
            .extensions
            .get(WEBHOOKS_EXTENSION)
            .and_then(|raw| self.webhooks_extension(raw, &root_pointer));
        let Some(webhooks) = &doc.events.webhooks else {
            if extension.is_some() {
                self.warn(&root_pointer, "the document has no `webhooks`: nothing to parse");
            }
            return None;
        };
        let mut variants = Namespace::default();
        let mut events = Vec::new();
        for (key, item) in webhooks {
            let pointer = pointer_join("#/webhooks", key);
            if let Some(event) = self.lower_event(Kind::Webhook, key, item, &pointer, &mut variants) {
                events.push(event);
            }
        }
        let extension = extension.unwrap_or_default();
        if extension.event_name.is_none() && events.len() > 1 {
            self.warn(
                "#/webhooks",
                format!(
                    "several webhooks, but `{WEBHOOKS_EXTENSION}` does not say where a delivery names its event \
                     (`event-name`): a delivery is parsed as the first event whose payload accepts it"
                ),
            );
        }
        self.event_set(
            events,
            extension,
            variants,
            "WebhookEvent",
            "#/webhooks",
            EventSource::Webhooks,
        )
    }

    /// The `callbacks` of `operation`, at `pointer` (lowered as the client
    /// method `method`): one enum over the requests they describe.
    ///
    /// ```yaml
    /// callbacks:
    ///   onEvent:                                  # a callback: its name
    ///     '{$request.body#/callbackUrl}':         # the URL it is sent to
    ///       post: {requestBody: …}                # the request: its payload
    ///   onDone: {$ref: '#/components/callbacks/Done'}
    /// x-switchboard-webhooks: …                   # optional, as for webhooks
    /// ```
    pub(crate) fn lower_callbacks(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &str,
        method: &str,
    ) -> Option<Webhooks> {
        let doc = self.doc;
        let callbacks = doc.events.callbacks.get(pointer)?;
        let site = format!("{pointer}/callbacks");
        let Some(callbacks) = callbacks else {
            self.error(&site, "must be a map from callback names to callbacks");
            return None;
        };
        let extension_pointer = pointer_join(pointer, WEBHOOKS_EXTENSION);
        let extension = operation
            .extensions
            .get(WEBHOOKS_EXTENSION)
            .and_then(|raw| self.webhooks_extension(raw, &extension_pointer));
        let mut variants = Namespace::default();
        let mut events = Vec::new();
        for (name, callback) in callbacks {
            let callback_pointer = pointer_join(&site, name);
            let Some((requests, callback_pointer)) = self.callback_at(callback, &callback_pointer) else {
                continue;
            };
            for (expression, item) in requests {
                let item_pointer = pointer_join(&callback_pointer, expression);
                if let Some(event) = self.lower_event(Kind::Callback, name, item, &item_pointer, &mut variants) {
                    events.push(event);
                }
            }
        }
        let enum_hint = format!("{}Callback", camel_ident(method, "Op"));
        let source = EventSource::Callbacks {
            method: method.to_string(),
        };
        self.event_set(
            events,
            extension.unwrap_or_default(),
            variants,
            &enum_hint,
            &site,
            source,
        )
    }

    /// A callback's requests, following a `$ref` into
    /// `components/callbacks`, with the pointer they are written at.
    fn callback_at<'c>(
        &mut self,
        callback: &'c Callback,
        pointer: &str,
    ) -> Option<(&'c BTreeMap<String, PathItemEntry>, String)>
    where
        Self: 'c,
    {
        let doc = self.doc;
        let (callback, pointer) = match callback {
            Callback::Reference(reference) => {
                let found = reference
                    .strip_prefix("#/components/callbacks/")
                    .map(|name| name.replace("~1", "/").replace("~0", "~"))
                    .and_then(|name| doc.events.callback_components.get(&name));
                match found {
                    Some(target) => (target, reference.to_string()),
                    None => {
                        self.error(
                            &format!("{pointer}/$ref"),
                            format!("`{reference}` does not resolve to a callback in `components/callbacks`"),
                        );
                        return None;
                    }
                }
            }
            _ => (callback, pointer.to_string()),
        };
        match callback {
            Callback::Requests(requests) => Some((requests, pointer)),
            _ => {
                self.error(&pointer, "a callback must map URL expressions to path items");
                None
            }
        }
    }

    /// The enum over `events`; `None` when there are none.
    fn event_set(
        &mut self,
        mut events: Vec<WebhookEvent>,
        extension: Extension,
        mut variants: Namespace,
        enum_hint: &str,
        pointer: &str,
        source: EventSource,
    ) -> Option<Webhooks> {
        if events.is_empty() {
            return None;
        }
        events.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
        let Extension {
            event_name,
            delivery_id_header,
            signing,
        } = extension;
        let other_variant = (event_name.is_some() || events.len() > 1).then(|| variants.claim("Other"));
        Some(Webhooks {
            enum_name: self.claim_type_name(enum_hint, pointer),
            source,
            pointer: pointer.to_string(),
            events,
            other_variant,
            event_name,
            delivery_id_header,
            signing,
        })
    }

    fn lower_event(
        &mut self,
        kind: Kind,
        key: &str,
        item: &PathItemEntry,
        pointer: &str,
        variants: &mut Namespace,
    ) -> Option<WebhookEvent> {
        let (item, pointer) = self.path_item(item, pointer)?;
        let mut operations = METHODS
            .iter()
            .filter_map(|method| operation_for(item, method).map(|operation| (*method, operation)));
        let (method, operation) = operations.next()?;
        if let Some((other, _)) = operations.next() {
            let what = match kind {
                Kind::Webhook => "a webhook",
                Kind::Callback => "a callback URL",
            };
            self.warn(
                &pointer,
                format!("{what} with several operations: `{method}` is its event, `{other}` and any others are not"),
            );
        }
        let pointer = pointer_join(&pointer, method);
        let wire_name = operation
            .extensions
            .get(EVENT_EXTENSION)
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_string();
        if kind == Kind::Webhook
            && let Some(callbacks) = self.callbacks
            && !callbacks.include_webhook(&wire_name)
        {
            self.excluded_operations += 1;
            return None;
        }
        let hint = match kind {
            Kind::Webhook => format!("{}Webhook", camel_ident(&wire_name, "Event")),
            Kind::Callback => format!("{}Callback", camel_ident(&wire_name, "Event")),
        };
        let payload = self.webhook_payload(operation, &hint, &pointer)?;
        let summary = operation.summary.as_deref().map(docs::sanitize);
        let description = operation.description.as_deref().map(docs::sanitize);
        let text = match (summary, description) {
            (Some(summary), Some(description)) if summary != description => format!("{summary}\n\n{description}"),
            (Some(text), _) | (None, Some(text)) => text,
            (None, None) => String::new(),
        };
        let doc = if text.is_empty() {
            format!("`{wire_name}`.")
        } else {
            format!("`{wire_name}`: {text}")
        };
        Some(WebhookEvent {
            variant: variants.claim(camel_ident(&wire_name, "Event")),
            wire_name,
            payload,
            doc: Some(doc),
            deprecated: operation.deprecated,
        })
    }

    /// A Path Item, following `$ref`s (to `components/pathItems`, say),
    /// with the pointer it is written at; `None` after reporting why not.
    fn path_item<'i>(&mut self, item: &'i PathItemEntry, pointer: &str) -> Option<(&'i PathItem, String)>
    where
        Self: 'i,
    {
        let doc = self.doc;
        let mut entry = item;
        let mut pointer = pointer.to_string();
        let mut site = format!("{pointer}/$ref");
        for _ in 0..32 {
            match entry {
                Ok(ReferenceOr::Item(item)) => return Some((item, pointer)),
                Err(error) => {
                    self.error(&pointer, format!("not a valid Path Item: {error}"));
                    return None;
                }
                Ok(ReferenceOr::Reference { reference }) => match doc.references.targets.path_items.get(reference) {
                    Some(target) => {
                        entry = target;
                        site = format!("{reference}/$ref");
                        pointer = reference.clone();
                    }
                    None => {
                        self.error(&site, format!("`{reference}` does not resolve"));
                        return None;
                    }
                },
            }
        }
        self.error(&pointer, "its `$ref`s lead back to themselves");
        None
    }

    /// The type of a webhook's (or callback request's) JSON body, named
    /// after `hint` when it is inline.
    fn webhook_payload(
        &mut self,
        operation: &openapiv3::Operation,
        hint: &str,
        pointer: &str,
    ) -> Option<crate::ir::TypeExpr> {
        let site = format!("{pointer}/requestBody");
        let Some(body) = &operation.request_body else {
            self.warn(pointer, "a request without a body: nothing to parse, it is left out");
            return None;
        };
        let (body, body_pointer) = self.resolve_object::<RequestBody>(body, &site)?;
        let Some((media_type, content)) = body.content.iter().find(|(m, _)| body_kind(m) == BodyKind::Json) else {
            self.warn(&site, "only JSON payloads are parsed; this request is left out");
            return None;
        };
        let Some(schema) = &content.schema else {
            return Some(crate::ir::TypeExpr::Json);
        };
        let schema_pointer = format!("{body_pointer}/content/{}/schema", escape_pointer_segment(media_type));
        let converted = self.convert_ref_or(schema, hint, &schema_pointer);
        Some(if converted.nullable {
            converted.ty.optional()
        } else {
            converted.ty
        })
    }

    /// `x-switchboard-webhooks` (`raw`, at `pointer`), read; `None` when
    /// invalid (the errors are reported).
    fn webhooks_extension(&mut self, raw: &Value, pointer: &str) -> Option<Extension> {
        let Value::Object(config) = raw else {
            self.error(pointer, "must be an object");
            return None;
        };
        let event_name = match config.get("event-name") {
            None => None,
            Some(value) => Some(self.event_name(value, &format!("{pointer}/event-name"))?),
        };
        let delivery_id_header = text(config, "delivery-id-header");
        let signing = match config.get("signing") {
            None => None,
            Some(value) => {
                Some(self.webhook_signing(value, &format!("{pointer}/signing"), delivery_id_header.is_some())?)
            }
        };
        Some(Extension {
            event_name,
            delivery_id_header,
            signing,
        })
    }

    fn event_name(&mut self, value: &Value, pointer: &str) -> Option<EventName> {
        let Value::Object(config) = value else {
            self.error(pointer, "must be an object: {in: body | header, name: …}");
            return None;
        };
        let Some(name) = text(config, "name") else {
            self.error(
                pointer,
                "`name` is required: the body property or the header naming the event",
            );
            return None;
        };
        match text(config, "in").as_deref() {
            Some("body") => Some(EventName::Body(name)),
            Some("header") => Some(EventName::Header(name)),
            Some(other) => {
                self.error(&format!("{pointer}/in"), format!("`{other}`: expected body or header"));
                None
            }
            None => {
                self.error(pointer, "`in` is required: body or header");
                None
            }
        }
    }

    fn webhook_signing(&mut self, value: &Value, pointer: &str, has_delivery_id: bool) -> Option<WebhookSigning> {
        let Value::Object(config) = value else {
            self.error(pointer, "must be an object");
            return None;
        };
        let algorithm = match text(config, "algorithm").as_deref() {
            Some("hmac-sha256") => WebhookAlgorithm::HmacSha256,
            Some("hmac-sha512") => WebhookAlgorithm::HmacSha512,
            Some(other) => {
                self.error(
                    &format!("{pointer}/algorithm"),
                    format!("unsupported webhook signing algorithm `{other}`; supported: hmac-sha256, hmac-sha512"),
                );
                return None;
            }
            None => {
                self.error(pointer, "`algorithm` is required (hmac-sha256 or hmac-sha512)");
                return None;
            }
        };
        let Some(signature_header) = text(config, "signature-header") else {
            self.error(pointer, "`signature-header` is required");
            return None;
        };
        let encoding = self.signature_encoding(text(config, "encoding").as_deref(), pointer)?;
        let timestamp_header = text(config, "timestamp-header");
        let mut message = Vec::new();
        let parts = config.get("message").and_then(Value::as_array);
        for (index, part) in parts.into_iter().flatten().enumerate() {
            let part_pointer = format!("{pointer}/message/{index}");
            message.push(match part.as_str() {
                Some("timestamp") if timestamp_header.is_some() => SignedPart::Timestamp,
                Some("delivery-id") if has_delivery_id => SignedPart::DeliveryId,
                Some("body") => SignedPart::Body,
                Some("timestamp") => {
                    self.error(
                        &part_pointer,
                        "`timestamp` is signed, but there is no `timestamp-header`",
                    );
                    return None;
                }
                Some("delivery-id") => {
                    self.error(
                        &part_pointer,
                        "`delivery-id` is signed, but there is no `delivery-id-header`",
                    );
                    return None;
                }
                _ => {
                    self.error(&part_pointer, "expected one of timestamp, body, delivery-id");
                    return None;
                }
            });
        }
        if message.is_empty() {
            self.error(
                pointer,
                "`message` must list what is signed (timestamp, body, delivery-id)",
            );
            return None;
        }
        let tolerance = match config.get("tolerance") {
            None => DEFAULT_TOLERANCE,
            Some(value) => match value.as_u64() {
                Some(seconds) => seconds,
                None => {
                    self.error(&format!("{pointer}/tolerance"), "expected a whole number of seconds");
                    return None;
                }
            },
        };
        Some(WebhookSigning {
            algorithm,
            signature_header,
            signature_prefix: text(config, "signature-prefix").unwrap_or_default(),
            encoding,
            timestamp_header,
            message,
            separator: text(config, "separator").unwrap_or_default(),
            tolerance,
        })
    }
}

fn text(config: &Map<String, Value>, key: &str) -> Option<String> {
    config.get(key).and_then(Value::as_str).map(str::to_string)
}
