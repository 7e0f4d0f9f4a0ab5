//! Webhooks and callbacks: the requests the API's server sends to the
//! user's, from the document's `webhooks` (and an operation's `callbacks`)
//! and the `x-switchboard-webhooks` extension.

use super::{SignatureEncoding, TypeExpr};

/// The events of an API's webhooks (or of one operation's callbacks), as
/// one enum with a parse function.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    /// The enum's name (`WebhookEvent`, `CreateSubscriptionCallback`).
    pub enum_name: String,
    /// Where the events are declared.
    pub source: EventSource,
    /// The JSON pointer of their declaration (`#/webhooks`).
    pub pointer: String,
    /// The events, sorted by wire name.
    pub events: Vec<WebhookEvent>,
    /// The variant holding an event the document does not list, when
    /// deliveries can carry one (they name their event, or there are
    /// several to try).
    pub other_variant: Option<String>,
    /// Where a delivery names its event.
    pub event_name: Option<EventName>,
    /// The header carrying a delivery's unique id.
    pub delivery_id_header: Option<String>,
    /// How deliveries are signed.
    pub signing: Option<WebhookSigning>,
}

/// Where a set of events is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventSource {
    /// The document's `webhooks`.
    Webhooks,
    /// The `callbacks` of the operation generated as this client method:
    /// requests sent to URLs given in its request.
    Callbacks {
        /// The client method.
        method: String,
    },
}

/// One webhook (or callback request) of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    /// The enum variant.
    pub variant: String,
    /// The event's name as deliveries spell it (the `webhooks` key, or the
    /// operation's `x-switchboard-event`; a callback's name).
    pub wire_name: String,
    /// The payload type (the JSON request body's schema).
    pub payload: TypeExpr,
    /// The operation's summary and description.
    pub doc: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
}

/// Where a delivery names its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventName {
    /// A string at this dotted path of the JSON body.
    Body(String),
    /// This header.
    Header(String),
}

/// How deliveries are signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSigning {
    /// The MAC algorithm.
    pub algorithm: WebhookAlgorithm,
    /// The header carrying the signature.
    pub signature_header: String,
    /// Text before the encoded MAC (`sha256=`).
    pub signature_prefix: String,
    /// How the MAC is encoded.
    pub encoding: SignatureEncoding,
    /// The header carrying the Unix time of signing.
    pub timestamp_header: Option<String>,
    /// What is signed, in order.
    pub message: Vec<SignedPart>,
    /// What joins the signed parts.
    pub separator: String,
    /// How far (seconds) a timestamp may be from the receiver's clock.
    pub tolerance: u64,
}

/// The MAC algorithm of webhook signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookAlgorithm {
    /// HMAC-SHA256.
    HmacSha256,
    /// HMAC-SHA512.
    HmacSha512,
}

/// One part of a delivery's signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPart {
    /// The timestamp header's value.
    Timestamp,
    /// The body bytes.
    Body,
    /// The delivery id header's value.
    DeliveryId,
}
