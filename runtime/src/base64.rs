//! Base64 (RFC 4648) encoding, used for HTTP Basic credentials and for
//! OpenAPI `format: byte` values.
//!
//! The codec is hand-written because it is about forty lines and the runtime
//! keeps its dependency list short.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD: u8 = b'=';

/// Encodes `input` with the standard alphabet and `=` padding.
pub(crate) fn encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b0 = chunk[0];
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let sextets = [
            b0 >> 2,
            (b0 & 0x03) << 4 | b1 >> 4,
            (b1 & 0x0f) << 2 | b2 >> 6,
            b2 & 0x3f,
        ];
        // A chunk of n bytes yields n + 1 significant characters.
        for (i, sextet) in sextets.iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[usize::from(*sextet)]));
            } else {
                out.push(char::from(PAD));
            }
        }
    }
    out
}

/// Why a string is not valid base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// A byte outside both the standard and the URL-safe alphabet.
    InvalidByte { index: usize, byte: u8 },
    /// The number of significant characters cannot come from whole bytes.
    InvalidLength,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidByte { index, byte } => {
                write!(f, "invalid base64 byte {byte:#04x} at offset {index}")
            }
            Self::InvalidLength => f.write_str("invalid base64 length"),
        }
    }
}

fn sextet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        // Servers are not consistent about the alphabet, so both the standard
        // and the URL-safe (RFC 4648 §5) characters are accepted.
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Decodes standard or URL-safe base64, with or without padding.
pub(crate) fn decode(input: &str) -> Result<Vec<u8>, DecodeError> {
    let bytes = input.as_bytes();
    let significant = bytes.iter().rposition(|b| *b != PAD).map_or(0, |i| i + 1);
    let (data, padding) = bytes.split_at(significant);
    if padding.len() > 2 || significant % 4 == 1 {
        return Err(DecodeError::InvalidLength);
    }
    if !padding.is_empty() && (significant + padding.len()) % 4 != 0 {
        return Err(DecodeError::InvalidLength);
    }
    let mut out = Vec::with_capacity(significant * 3 / 4);
    for (chunk_index, chunk) in data.chunks(4).enumerate() {
        let mut acc: u32 = 0;
        for (i, byte) in chunk.iter().enumerate() {
            let value = sextet(*byte).ok_or(DecodeError::InvalidByte {
                index: chunk_index * 4 + i,
                byte: *byte,
            })?;
            acc |= u32::from(value) << (18 - 6 * i);
        }
        let [_, b0, b1, b2] = acc.to_be_bytes();
        // A chunk of n significant characters carries n - 1 whole bytes.
        out.extend_from_slice(&[b0, b1, b2][..chunk.len() - 1]);
    }
    Ok(out)
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
            assert_eq!(decode(encoded).as_deref(), Ok(plain.as_bytes()));
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(decode(unpadded).as_deref(), Ok(plain.as_bytes()));
        }
    }

    #[test]
    fn round_trips_every_byte_value() {
        let all: Vec<u8> = (0..=255).collect();
        for len in 0..all.len() {
            assert_eq!(decode(&encode(&all[..len])).as_deref(), Ok(&all[..len]));
        }
    }

    #[test]
    fn accepts_url_safe_alphabet() {
        assert_eq!(decode("-_8"), Ok(vec![0xfb, 0xff]));
        assert_eq!(decode("+/8="), Ok(vec![0xfb, 0xff]));
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(decode("Zm9v!A"), Err(DecodeError::InvalidByte { index: 4, byte: b'!' }));
        assert_eq!(decode("Z"), Err(DecodeError::InvalidLength));
        assert_eq!(decode("Zm9vY==="), Err(DecodeError::InvalidLength));
        assert_eq!(decode("Zg="), Err(DecodeError::InvalidLength));
        assert_eq!(decode("Zg=a"), Err(DecodeError::InvalidByte { index: 2, byte: b'=' }));
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
