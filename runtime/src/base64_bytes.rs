//! Base64 (RFC 4648), for HTTP Basic credentials, base64-encoded signatures
//! and OpenAPI `format: byte` values, with the `base64` crate (the one
//! reqwest already uses).

use std::fmt;
use std::ops::{Deref, DerefMut};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT, URL_SAFE_PAD_INDIFFERENT};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Encodes `input` with the standard alphabet and `=` padding.
pub(crate) fn encode(input: &[u8]) -> String {
    STANDARD.encode(input)
}

/// Decodes standard or URL-safe base64, with or without padding: servers
/// are not consistent about either.
pub(crate) fn decode(input: &str) -> Result<Vec<u8>, base64::DecodeError> {
    STANDARD_PAD_INDIFFERENT
        .decode(input)
        .or_else(|error| URL_SAFE_PAD_INDIFFERENT.decode(input).map_err(|_| error))
}

/// Binary data carried as a base64 string in JSON (OpenAPI `format: byte`).
///
/// Serialises with the standard alphabet and padding; deserialises either the
/// standard or the URL-safe alphabet, padded or not.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// Wraps raw bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// Returns the raw bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl fmt::Debug for Base64Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Base64Bytes").field(&encode(&self.0)).finish()
    }
}

impl Deref for Base64Bytes {
    type Target = Vec<u8>;

    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl DerefMut for Base64Bytes {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Base64Bytes> for Vec<u8> {
    fn from(bytes: Base64Bytes) -> Self {
        bytes.0
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Base64Visitor;

        impl Visitor<'_> for Base64Visitor {
            type Value = Base64Bytes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64-encoded string")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Base64Bytes, E> {
                decode(value).map(Base64Bytes).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Base64Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4648 §10 test vectors.
    const VECTORS: &[(&str, &str)] = &[
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn encodes_rfc_vectors() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode(plain.as_bytes()), *encoded, "encoding {plain:?}");
        }
    }

    #[test]
    fn decodes_rfc_vectors_padded_and_unpadded() {
        for (plain, encoded) in VECTORS {
            assert_eq!(decode(encoded).ok().as_deref(), Some(plain.as_bytes()));
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(decode(unpadded).ok().as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn round_trips_every_byte_value() {
        let all: Vec<u8> = (0..=255).collect();
        for len in 0..all.len() {
            assert_eq!(decode(&encode(&all[..len])).ok().as_deref(), Some(&all[..len]));
        }
    }

    #[test]
    fn accepts_url_safe_alphabet() {
        assert_eq!(decode("-_8").ok(), Some(vec![0xfb, 0xff]));
        assert_eq!(decode("+/8=").ok(), Some(vec![0xfb, 0xff]));
    }

    #[test]
    fn rejects_garbage() {
        for garbage in ["Zm9v!A", "Z", "Zm9vY===", "Zg=a"] {
            assert!(decode(garbage).is_err(), "{garbage:?} decodes");
        }
    }

    #[test]
    fn serde_round_trip() {
        let value = Base64Bytes::new(b"hello".to_vec());
        let json = serde_json::to_string(&value).expect("serialises");
        assert_eq!(json, "\"aGVsbG8=\"");
        let back: Base64Bytes = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, value);
        assert!(serde_json::from_str::<Base64Bytes>("\"a\"").is_err());
        assert!(serde_json::from_str::<Base64Bytes>("12").is_err());
    }
}
