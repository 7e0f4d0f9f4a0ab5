//! Webhook deliveries: the requests an API's server sends to the user's
//! server, described by a document's `webhooks` and its
//! `x-switchboard-webhooks` extension. Generated code holds one static
//! [`Webhooks`] and an enum of the events, whose `verify` and `parse` call
//! [`Webhooks::verify`] and [`Webhooks::parse`] with the function that turns
//! an [`Incoming`] delivery into a variant:
//!
//! ```text
//! let delivery = WebhookEvent::verify(secret, &headers, &body)?;   // signature, timestamp
//! match delivery.event {
//!     WebhookEvent::MessageCreated(message) => …,
//!     WebhookEvent::Other(unknown) => …,                            // kept whole
//! }
//! ```
//!
//! Verification happens before anything in the body is read: the MAC is
//! compared in constant time, and a timestamp outside the tolerance is
//! refused, so a captured delivery cannot be replayed later.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use sha2::{Sha256, Sha512};

use crate::base64_bytes;
use crate::response::decode_json;

/// How an API's webhook deliveries say which event they carry, and how they
/// are signed (from its `x-switchboard-webhooks` extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Webhooks {
    /// Where a delivery names its event; `None` when the API has one event.
    pub event_name: Option<EventName>,
    /// The header carrying a delivery's unique id, if there is one.
    pub delivery_id_header: Option<&'static str>,
    /// How deliveries are signed, if they are.
    pub signing: Option<WebhookSigning>,
}

/// Where a delivery names its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventName {
    /// A string in the JSON body, at a dotted path (`event`, `meta.type`).
    Body(&'static str),
    /// A header.
    Header(&'static str),
}

/// How deliveries are signed: an HMAC of a message built from the parts,
/// keyed with the secret the user configured at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookSigning {
    /// The MAC algorithm.
    pub algorithm: WebhookAlgorithm,
    /// The header carrying the signature.
    pub signature_header: &'static str,
    /// Text before the encoded MAC in that header (`sha256=`).
    pub signature_prefix: &'static str,
    /// How the MAC is encoded.
    pub encoding: crate::SignatureEncoding,
    /// The header carrying the Unix time (seconds) the delivery was signed
    /// at, if the signature covers one.
    pub timestamp_header: Option<&'static str>,
    /// What is signed, in order, joined by `separator`.
    pub message: &'static [SignedPart],
    /// What joins the parts.
    pub separator: &'static str,
    /// How far (seconds) a delivery's timestamp may be from the receiver's
    /// clock, either way.
    pub tolerance: u64,
}

/// The MAC algorithm of [`WebhookSigning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookAlgorithm {
    /// HMAC with SHA-256.
    HmacSha256,
    /// HMAC with SHA-512.
    HmacSha512,
}

/// One part of a delivery's signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPart {
    /// The timestamp header's value, as sent.
    Timestamp,
    /// The body bytes, exactly as received.
    Body,
    /// The delivery id header's value, as sent.
    DeliveryId,
}

/// A parsed delivery: its event and what its headers say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery<T> {
    /// The event.
    pub event: T,
    /// The delivery's unique id (the same on a redelivery: use it to drop
    /// duplicates), when the API sends one.
    pub id: Option<String>,
    /// When it was signed (Unix seconds), when the API sends it.
    pub timestamp: Option<i64>,
}

/// A delivery being parsed: its event name and body (generated code picks
/// the variant by [`name`](Self::name) and decodes the body as its payload).
#[derive(Debug)]
pub struct Incoming<'a> {
    name: Option<String>,
    body: &'a [u8],
}

impl Incoming<'_> {
    /// The event's name, as the delivery spells it.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The body decoded as the event's payload.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Decode`] with the JSON path of the first mismatch.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, WebhookError> {
        decode_json(self.body).map_err(|(path, message)| WebhookError::Decode {
            event: self.name.clone(),
            path,
            message,
            body: Bytes::copy_from_slice(self.body),
        })
    }

    /// The delivery of an event the generated code does not know, kept
    /// whole.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Decode`] when the body is not JSON.
    pub fn unknown(&self) -> Result<UnknownEvent, WebhookError> {
        Ok(UnknownEvent {
            name: self.name.clone(),
            body: self.decode()?,
        })
    }
}

/// An event the generated code does not know (a newer one, say), with its
/// body as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownEvent {
    /// Its name, when the delivery has one.
    pub name: Option<String>,
    /// Its body.
    pub body: serde_json::Value,
}

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the signature needs is missing (or not text).
    MissingHeader {
        /// The header.
        header: &'static str,
    },
    /// The signature is not the MAC of the delivery under the secret: the
    /// delivery was changed, or signed with another secret.
    BadSignature,
    /// The timestamp header is not a Unix time in seconds.
    InvalidTimestamp {
        /// The header's value.
        value: String,
    },
    /// The timestamp is further from the receiver's clock than the
    /// tolerance: a replayed (or much delayed) delivery.
    StaleTimestamp {
        /// The delivery's timestamp.
        timestamp: i64,
        /// The receiver's clock.
        now: i64,
        /// The tolerance, in seconds.
        tolerance: u64,
    },
    /// The body is not the event's payload.
    Decode {
        /// The event's name.
        event: Option<String>,
        /// Where in the body decoding failed (`.` for the root).
        path: String,
        /// What did not match.
        message: String,
        /// The body, exactly as received.
        body: Bytes,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader { header } => write!(f, "webhook delivery without the `{header}` header"),
            Self::BadSignature => f.write_str("webhook delivery whose signature does not match"),
            Self::InvalidTimestamp { value } => {
                write!(f, "webhook delivery whose timestamp `{value}` is not Unix seconds")
            }
            Self::StaleTimestamp {
                timestamp,
                now,
                tolerance,
            } => write!(
                f,
                "webhook delivery signed at {timestamp}, more than {tolerance} s from now ({now})"
            ),
            Self::Decode {
                event, path, message, ..
            } => write!(
                f,
                "webhook delivery `{}` does not match its payload at `{path}`: {message}",
                event.as_deref().unwrap_or("(unnamed)")
            ),
        }
    }
}

impl std::error::Error for WebhookError {}

impl Webhooks {
    /// Checks that `body` and `headers` were signed with `secret` (and
    /// recently), then parses the delivery with `decode`.
    ///
    /// # Errors
    ///
    /// [`WebhookError`]: a missing header, a bad signature, a stale or
    /// malformed timestamp, or a body that is not its event's payload.
    pub fn verify<T>(
        &self,
        secret: &[u8],
        headers: &HeaderMap,
        body: &[u8],
        decode: fn(&Incoming<'_>) -> Result<T, WebhookError>,
    ) -> Result<Delivery<T>, WebhookError> {
        self.verify_at(secret, headers, body, SystemTime::now(), decode)
    }

    /// [`verify`](Self::verify) with the receiver's clock reading `now`.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify).
    pub fn verify_at<T>(
        &self,
        secret: &[u8],
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
        decode: fn(&Incoming<'_>) -> Result<T, WebhookError>,
    ) -> Result<Delivery<T>, WebhookError> {
        if let Some(signing) = &self.signing {
            signing.check(self.delivery_id_header, secret, headers, body, now)?;
        }
        self.parse(headers, body, decode)
    }

    /// Parses a delivery without checking its signature (one checked
    /// elsewhere, or an API that does not sign).
    ///
    /// # Errors
    ///
    /// [`WebhookError::Decode`] for a body that is not its event's payload,
    /// [`WebhookError::InvalidTimestamp`] for a malformed timestamp header.
    pub fn parse<T>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        decode: fn(&Incoming<'_>) -> Result<T, WebhookError>,
    ) -> Result<Delivery<T>, WebhookError> {
        let name = match self.event_name {
            None => None,
            Some(EventName::Header(header)) => text(headers, header).map(str::to_owned),
            Some(EventName::Body(path)) => body_string(body, path),
        };
        let incoming = Incoming { name, body };
        let timestamp = match self.signing.and_then(|signing| signing.timestamp_header) {
            Some(header) => text(headers, header).map(unix_seconds).transpose()?,
            None => None,
        };
        Ok(Delivery {
            event: decode(&incoming)?,
            id: self
                .delivery_id_header
                .and_then(|header| text(headers, header))
                .map(str::to_owned),
            timestamp,
        })
    }
}

impl WebhookSigning {
    fn check(
        &self,
        delivery_id_header: Option<&'static str>,
        secret: &[u8],
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let required = |header: &'static str| text(headers, header).ok_or(WebhookError::MissingHeader { header });
        let signature = required(self.signature_header)?;
        let timestamp = self.timestamp_header.map(required).transpose()?;
        let delivery_id = delivery_id_header
            .filter(|_| self.message.contains(&SignedPart::DeliveryId))
            .map(required)
            .transpose()?;
        // The MAC first: a forged delivery learns nothing from the clock.
        let provided = signature
            .strip_prefix(self.signature_prefix)
            .and_then(|encoded| match self.encoding {
                crate::SignatureEncoding::Hex => unhex(encoded.trim()),
                crate::SignatureEncoding::Base64 => base64_bytes::decode(encoded.trim()).ok(),
            })
            .ok_or(WebhookError::BadSignature)?;
        let mut message = Vec::with_capacity(body.len() + 64);
        for (index, part) in self.message.iter().enumerate() {
            if index > 0 {
                message.extend_from_slice(self.separator.as_bytes());
            }
            match part {
                SignedPart::Timestamp => message.extend_from_slice(timestamp.unwrap_or_default().as_bytes()),
                SignedPart::Body => message.extend_from_slice(body),
                SignedPart::DeliveryId => message.extend_from_slice(delivery_id.unwrap_or_default().as_bytes()),
            }
        }
        let matches = match self.algorithm {
            WebhookAlgorithm::HmacSha256 => mac_matches::<Hmac<Sha256>>(secret, &message, &provided),
            WebhookAlgorithm::HmacSha512 => mac_matches::<Hmac<Sha512>>(secret, &message, &provided),
        };
        if !matches {
            return Err(WebhookError::BadSignature);
        }
        if let Some(timestamp) = timestamp {
            let timestamp = unix_seconds(timestamp)?;
            let now = match now.duration_since(UNIX_EPOCH) {
                Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
                Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
            };
            if timestamp.abs_diff(now) > self.tolerance {
                return Err(WebhookError::StaleTimestamp {
                    timestamp,
                    now,
                    tolerance: self.tolerance,
                });
            }
        }
        Ok(())
    }
}

/// Whether `provided` is the MAC of `message` under `secret`, compared in
/// constant time (`Mac::verify_slice`).
fn mac_matches<M: Mac + KeyInit>(secret: &[u8], message: &[u8], provided: &[u8]) -> bool {
    let Ok(mut mac) = <M as KeyInit>::new_from_slice(secret) else {
        return false;
    };
    mac.update(message);
    mac.verify_slice(provided).is_ok()
}

fn text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn unix_seconds(value: &str) -> Result<i64, WebhookError> {
    value.trim().parse().map_err(|_| WebhookError::InvalidTimestamp {
        value: value.to_owned(),
    })
}

/// The string at a dotted `path` of a JSON body, if there is one.
fn body_string(body: &[u8], path: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let found = path.split('.').try_fold(&value, |value, key| value.get(key))?;
    found.as_str().map(str::to_owned)
}

/// Hexadecimal (either case) to bytes; `None` for anything else.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    let digit = |byte: u8| char::from(byte).to_digit(16).and_then(|d| u8::try_from(d).ok());
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some((digit(pair[0])? << 4) | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNING: WebhookSigning = WebhookSigning {
        algorithm: WebhookAlgorithm::HmacSha256,
        signature_header: "X-Signature",
        signature_prefix: "sha256=",
        encoding: crate::SignatureEncoding::Hex,
        timestamp_header: Some("X-Timestamp"),
        message: &[SignedPart::Timestamp, SignedPart::Body],
        separator: ".",
        tolerance: 300,
    };

    const HOOKS: Webhooks = Webhooks {
        event_name: Some(EventName::Body("event")),
        delivery_id_header: Some("X-Delivery"),
        signing: Some(SIGNING),
    };

    fn name(incoming: &Incoming<'_>) -> Result<Option<String>, WebhookError> {
        Ok(incoming.name().map(str::to_owned))
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + std::time::Duration::from_secs(seconds)
    }

    fn headers(signature: &str, timestamp: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("X-Signature", signature.parse().expect("valid"));
        headers.insert("X-Timestamp", timestamp.parse().expect("valid"));
        headers.insert("X-Delivery", "d-1".parse().expect("valid"));
        headers
    }

    // HMAC-SHA256("secret", "1700000000.{\"event\":\"ping\"}"), computed with
    // Python's hmac module.
    const SIGNATURE: &str = "sha256=4d39bd2442f073b6bc62e95d0297ce25475582a17389ab860abdc778fe1d9f77";
    const BODY: &[u8] = br#"{"event":"ping"}"#;

    #[test]
    fn unhex_reads_both_cases_and_refuses_the_rest() {
        assert_eq!(unhex("00ffA0"), Some(vec![0, 255, 160]));
        assert_eq!(unhex("0"), None);
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn a_signed_delivery_is_parsed() {
        let delivery = HOOKS
            .verify_at(
                b"secret",
                &headers(SIGNATURE, "1700000000"),
                BODY,
                at(1_700_000_100),
                name,
            )
            .expect("verified");
        assert_eq!(delivery.event.as_deref(), Some("ping"));
        assert_eq!(delivery.id.as_deref(), Some("d-1"));
        assert_eq!(delivery.timestamp, Some(1_700_000_000));
    }

    #[test]
    fn sha512_and_base64_are_supported() {
        let signing = WebhookSigning {
            algorithm: WebhookAlgorithm::HmacSha512,
            signature_prefix: "",
            encoding: crate::SignatureEncoding::Base64,
            ..SIGNING
        };
        let hooks = Webhooks {
            signing: Some(signing),
            ..HOOKS
        };
        let mac = unhex(
            "14995a63e3be05fbb8cb7b948ee9ca9f064744b1f1949f339466747ee38fa775fb4ef929be78e9fdb84fab9bf6d439b0918cf341890ff75282ad8a85a5083ca6",
        )
        .expect("hex");
        let signature = base64_bytes::encode(&mac);
        let result = hooks.verify_at(
            b"secret",
            &headers(&signature, "1700000000"),
            BODY,
            at(1_700_000_000),
            name,
        );
        assert!(result.is_ok(), "{result:?}");
    }

    #[test]
    fn a_changed_body_another_secret_or_a_malformed_signature_is_refused() {
        let headers = headers(SIGNATURE, "1700000000");
        let now = at(1_700_000_000);
        for (secret, body) in [(&b"secret"[..], &br#"{"event":"pong"}"#[..]), (b"other", BODY)] {
            assert_eq!(
                HOOKS.verify_at(secret, &headers, body, now, name),
                Err(WebhookError::BadSignature)
            );
        }
        for signature in ["4d39bd24", "sha256=zz", "sha1=4d39bd2442f073b6"] {
            let headers = self::headers(signature, "1700000000");
            assert_eq!(
                HOOKS.verify_at(b"secret", &headers, BODY, now, name),
                Err(WebhookError::BadSignature)
            );
        }
    }

    #[test]
    fn a_timestamp_outside_the_tolerance_is_refused_either_way() {
        let headers = headers(SIGNATURE, "1700000000");
        for now in [1_700_000_301, 1_699_999_699] {
            assert_eq!(
                HOOKS.verify_at(b"secret", &headers, BODY, at(now), name),
                Err(WebhookError::StaleTimestamp {
                    timestamp: 1_700_000_000,
                    now: i64::try_from(now).expect("fits"),
                    tolerance: 300
                })
            );
        }
    }

    #[test]
    fn a_missing_header_is_named() {
        let result = HOOKS.verify_at(b"secret", &HeaderMap::new(), b"{}", at(0), name);
        assert_eq!(result, Err(WebhookError::MissingHeader { header: "X-Signature" }));
    }

    #[test]
    fn the_event_name_is_read_from_a_dotted_path() {
        assert_eq!(
            body_string(br#"{"meta":{"type":"a"}}"#, "meta.type").as_deref(),
            Some("a")
        );
        assert_eq!(body_string(br#"{"meta":{"type":1}}"#, "meta.type"), None);
        assert_eq!(body_string(b"not json", "event"), None);
    }
}
