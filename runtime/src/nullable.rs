//! Serde support for optional properties that may also be `null`.
//!
//! Generated structs type such a property as `Option<Option<T>>`, so that
//! "absent" (`None`) and "sent as null" (`Some(None)`) stay apart and a value
//! round-trips exactly:
//!
//! ```text
//! #[serde(default, skip_serializing_if = "Option::is_none",
//!         deserialize_with = "::switchboard_runtime::nullable::deserialize_some")]
//! pub note: Option<Option<String>>,
//! ```

use serde::{Deserialize, Deserializer};

/// Deserialises a present value (including `null`) as `Some(value)`; serde's
/// `default` supplies `None` when the property is absent.
pub fn deserialize_some<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}
