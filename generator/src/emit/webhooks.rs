//! Webhooks → one enum of events with `parse` (and `verify` when
//! deliveries are signed), in `mod types`:
//!
//! ```text
//! pub enum WebhookEvent { MessageCreated(WebhookMessage), …, Other(UnknownEvent) }
//!
//! impl WebhookEvent {
//!     const WEBHOOKS: Webhooks = Webhooks { event_name: Some(EventName::Body("event")), … };
//!     pub fn verify(secret, headers, body) -> Result<Delivery<Self>, WebhookError> { … }
//!     pub fn parse(headers, body) -> Result<Delivery<Self>, WebhookError> { … }
//!     fn decode(incoming: &Incoming<'_>) -> Result<Self, WebhookError> {
//!         match incoming.name() {
//!             Some("message_created") => incoming.decode().map(Self::MessageCreated),
//!             _ => incoming.unknown().map(Self::Other),
//!         }
//!     }
//! }
//! ```
//!
//! The checking, the signed message and the decoding live in the runtime;
//! the enum only says which name is which payload. Being in `mod types`,
//! beside the document's own type names (a schema may be called `Result`,
//! `Some` or `AsRef`), the code spells the prelude's names as [`Paths`]
//! does: by their absolute paths where a schema takes the short name.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs};
use super::type_expr::{Paths, ident};
use crate::ir::{EventName, EventSource, SignatureEncoding, SignedPart, WebhookAlgorithm, WebhookSigning, Webhooks};

pub(super) fn emit_webhooks(webhooks: &Webhooks, paths: &Paths) -> TokenStream {
    let name = ident(&webhooks.enum_name);
    let mut variants = Vec::new();
    for event in &webhooks.events {
        let doc = doc_attrs(event.doc.as_deref());
        let deprecated = deprecated_attr(event.deprecated);
        let variant = ident(&event.variant);
        let payload = paths.ty(&event.payload);
        variants.push(quote!(#doc #deprecated #variant(#payload),));
    }
    if let Some(other) = &webhooks.other_variant {
        let other = ident(other);
        variants.push(quote! {
            /// An event this client does not know (a newer one), kept as it
            /// arrived.
            #other(::switchboard_runtime::UnknownEvent),
        });
    }
    let description = description(webhooks);
    let config = config(webhooks, paths);
    let decode = decode_body(webhooks, paths);
    let result = paths.result();
    let as_ref = paths.as_ref_trait();
    let verify = webhooks.signing.as_ref().map(|signing| {
        let doc = doc_attrs(Some(&verify_doc(signing)));
        quote! {
            #doc
            pub fn verify(
                secret: impl #as_ref<[u8]>,
                headers: &::switchboard_runtime::reqwest::header::HeaderMap,
                body: &[u8],
            ) -> #result<::switchboard_runtime::Delivery<Self>, ::switchboard_runtime::WebhookError> {
                Self::WEBHOOKS.verify(secret.as_ref(), headers, body, Self::decode)
            }
        }
    });
    let parse_doc = if webhooks.signing.is_some() {
        "Parses a delivery without checking its signature (one checked elsewhere);\n[`verify`](Self::verify) checks it first.\n\n# Errors\n\n[`WebhookError::Decode`](::switchboard_runtime::WebhookError::Decode) when the body is not its event's payload."
    } else {
        "Parses a delivery.\n\n# Errors\n\n[`WebhookError::Decode`](::switchboard_runtime::WebhookError::Decode) when the body is not its event's payload."
    };
    let parse_doc = doc_attrs(Some(parse_doc));
    let description = doc_attrs(Some(&description));
    let derives = paths.derive_tokens();
    quote! {
        #description
        #[derive(#derives)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            const WEBHOOKS: ::switchboard_runtime::Webhooks = #config;

            #verify

            #parse_doc
            pub fn parse(
                headers: &::switchboard_runtime::reqwest::header::HeaderMap,
                body: &[u8],
            ) -> #result<::switchboard_runtime::Delivery<Self>, ::switchboard_runtime::WebhookError> {
                Self::WEBHOOKS.parse(headers, body, Self::decode)
            }

            fn decode(
                incoming: &::switchboard_runtime::Incoming<'_>,
            ) -> #result<Self, ::switchboard_runtime::WebhookError> {
                #decode
            }
        }
    }
}

/// The enum's doc: what it is, and how a delivery names its event.
fn description(webhooks: &Webhooks) -> String {
    let mut text = match &webhooks.source {
        EventSource::Webhooks => String::from("An event delivered to the webhooks of this API (its `webhooks`)."),
        EventSource::Callbacks { method } => {
            format!("A request the server sends to a URL given to `Client::{method}` (the operation's `callbacks`).")
        }
    };
    match &webhooks.event_name {
        Some(EventName::Body(path)) => text.push_str(&format!(" A delivery names its event in the body's `{path}`.")),
        Some(EventName::Header(header)) => text.push_str(&format!(" A delivery names its event in `{header}`.")),
        None if webhooks.events.len() > 1 => {
            text.push_str(" A delivery is the first event whose payload accepts it.");
            if let EventSource::Callbacks { .. } = webhooks.source {
                text.push_str(" Where the URL a request came to says which it is, decode its payload type directly.");
            }
        }
        None => {}
    }
    text
}

fn verify_doc(signing: &WebhookSigning) -> String {
    let algorithm = match signing.algorithm {
        WebhookAlgorithm::HmacSha256 => "HMAC-SHA256",
        WebhookAlgorithm::HmacSha512 => "HMAC-SHA512",
    };
    let mut text = format!(
        "Checks that a delivery was signed with `secret` ({algorithm} in `{}`, compared in constant time)",
        signing.signature_header
    );
    if let Some(header) = &signing.timestamp_header {
        text.push_str(&format!(
            " and recently (`{header}` at most {} s from this machine's clock)",
            signing.tolerance
        ));
    }
    text.push_str(", then parses it.\n\n# Errors\n\n");
    text.push_str(
        "[`WebhookError`](::switchboard_runtime::WebhookError): a missing header, a signature that does not match, \
         a stale timestamp, or a body that is not its event's payload.",
    );
    text
}

fn decode_body(webhooks: &Webhooks, paths: &Paths) -> TokenStream {
    let some = paths.some();
    let events = &webhooks.events;
    let other = webhooks.other_variant.as_deref().map(ident);
    match (&webhooks.event_name, other) {
        (Some(_), Some(other)) => {
            let arms = events.iter().map(|event| {
                let wire = &event.wire_name;
                let variant = ident(&event.variant);
                quote!(#some(#wire) => incoming.decode().map(Self::#variant),)
            });
            quote! {
                match incoming.name() {
                    #(#arms)*
                    _ => incoming.unknown().map(Self::#other),
                }
            }
        }
        // No name to go by: the payloads are tried in order.
        (_, Some(other)) => {
            let mut variants = events.iter().map(|event| ident(&event.variant));
            let first = variants.next();
            quote! {
                incoming
                    .decode()
                    .map(Self::#first)
                    #(.or_else(|_| incoming.decode().map(Self::#variants)))*
                    .or_else(|_| incoming.unknown().map(Self::#other))
            }
        }
        (_, None) => {
            let variant = events.first().map(|event| ident(&event.variant));
            quote!(incoming.decode().map(Self::#variant))
        }
    }
}

fn config(webhooks: &Webhooks, paths: &Paths) -> TokenStream {
    let (some, none) = (paths.some(), paths.none());
    let event_name = match &webhooks.event_name {
        Some(EventName::Body(path)) => quote!(#some(::switchboard_runtime::EventName::Body(#path))),
        Some(EventName::Header(header)) => quote!(#some(::switchboard_runtime::EventName::Header(#header))),
        None => quote!(#none),
    };
    let delivery_id_header = option_str(webhooks.delivery_id_header.as_deref(), paths);
    let signing = match &webhooks.signing {
        Some(signing) => {
            let algorithm = match signing.algorithm {
                WebhookAlgorithm::HmacSha256 => quote!(HmacSha256),
                WebhookAlgorithm::HmacSha512 => quote!(HmacSha512),
            };
            let encoding = match signing.encoding {
                SignatureEncoding::Hex => quote!(Hex),
                SignatureEncoding::Base64 => quote!(Base64),
            };
            let parts = signing.message.iter().map(|part| match part {
                SignedPart::Timestamp => quote!(::switchboard_runtime::SignedPart::Timestamp),
                SignedPart::Body => quote!(::switchboard_runtime::SignedPart::Body),
                SignedPart::DeliveryId => quote!(::switchboard_runtime::SignedPart::DeliveryId),
            });
            let signature_header = &signing.signature_header;
            let signature_prefix = &signing.signature_prefix;
            let timestamp_header = option_str(signing.timestamp_header.as_deref(), paths);
            let separator = &signing.separator;
            let tolerance = proc_macro2::Literal::u64_unsuffixed(signing.tolerance);
            quote! {
                #some(::switchboard_runtime::WebhookSigning {
                    algorithm: ::switchboard_runtime::WebhookAlgorithm::#algorithm,
                    signature_header: #signature_header,
                    signature_prefix: #signature_prefix,
                    encoding: ::switchboard_runtime::SignatureEncoding::#encoding,
                    timestamp_header: #timestamp_header,
                    message: &[#(#parts),*],
                    separator: #separator,
                    tolerance: #tolerance,
                })
            }
        }
        None => quote!(#none),
    };
    quote! {
        ::switchboard_runtime::Webhooks {
            event_name: #event_name,
            delivery_id_header: #delivery_id_header,
            signing: #signing,
        }
    }
}

fn option_str(value: Option<&str>, paths: &Paths) -> TokenStream {
    let (some, none) = (paths.some(), paths.none());
    match value {
        Some(value) => quote!(#some(#value)),
        None => quote!(#none),
    }
}
