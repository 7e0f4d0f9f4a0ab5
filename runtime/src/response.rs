//! Responses: the raw response handed to generated code, and the typed value
//! it returns.

use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error, ResponseParts};

/// A decoded response body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> ResponseValue<T> {
    /// Wraps a value with its response metadata.
    pub fn new(status: StatusCode, headers: HeaderMap, value: T) -> Self {
        Self { status, headers, value }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Takes the value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Takes status, headers and value apart.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.value)
    }

    /// Transforms the value, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            value: f(self.value),
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// A complete response (body read), as returned by
/// [`Runtime::execute`](crate::Runtime::execute) for every status.
/// Generated code picks one of the consuming methods by status.
#[derive(Debug, Clone)]
pub struct RawResponse {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl RawResponse {
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            operation,
            status,
            headers,
            body,
        }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The response body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Decodes the body as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] with the JSON path of the first mismatch when the
    /// body is not valid JSON of type `T`.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        self.json_map(std::convert::identity)
    }

    /// Decodes the body as JSON and transforms it, typically into a variant
    /// of a success enum.
    ///
    /// # Errors
    ///
    /// As [`RawResponse::json`].
    pub fn json_map<T: DeserializeOwned, S, E>(self, f: impl FnOnce(T) -> S) -> Result<ResponseValue<S>, Error<E>> {
        match decode_json::<T>(&self.body) {
            Ok(value) => Ok(ResponseValue::new(self.status, self.headers, f(value))),
            Err((path, message)) => Err(self.decode_error(path, message)),
        }
    }

    /// A success without a body; a body, if present, is ignored.
    ///
    /// # Errors
    ///
    /// Never fails; the `Result` matches the other decoding methods.
    pub fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(ResponseValue::new(self.status, self.headers, ()))
    }

    /// The body as bytes.
    ///
    /// # Errors
    ///
    /// Never fails; the `Result` matches the other decoding methods.
    pub fn bytes<E>(self) -> Result<ResponseValue<Bytes>, Error<E>> {
        Ok(ResponseValue::new(self.status, self.headers, self.body))
    }

    /// The body as text.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the body is not valid UTF-8: text is never
    /// decoded lossily.
    pub fn text<E>(self) -> Result<ResponseValue<String>, Error<E>> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => {
                let text = text.to_owned();
                Ok(ResponseValue::new(self.status, self.headers, text))
            }
            Err(error) => {
                let message = format!("invalid UTF-8 at byte {}", error.valid_up_to());
                Err(self.decode_error(".".to_owned(), message))
            }
        }
    }

    /// An [`Error::Api`] for a documented error status: `typed` holds the body
    /// decoded as `T` and mapped through `f`, or `None` when the body does
    /// not decode; the raw body is kept either way.
    pub fn error<T: DeserializeOwned, E>(self, f: impl FnOnce(T) -> E) -> Error<E> {
        let typed = decode_json::<T>(&self.body).ok().map(f);
        self.api_error(typed)
    }

    /// An [`Error::Api`] for a status the document does not describe.
    pub fn unexpected<E>(self) -> Error<E> {
        self.api_error(None)
    }

    fn api_error<E>(self, typed: Option<E>) -> Error<E> {
        Error::Api(ApiError::new(self.into_parts(), typed))
    }

    pub(crate) fn decode_error<E>(self, path: String, message: String) -> Error<E> {
        Error::Decode(DecodeError::new(self.into_parts(), path, message))
    }

    fn into_parts(self) -> ResponseParts {
        ResponseParts {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }
}

/// Decodes JSON, reporting the path (`data.items[1].id`) and message of the
/// first mismatch, inside unions too (see [`crate::de::located`]).
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| crate::de::located(&error.path().to_string(), &error.inner().to_string()))?;
    // Like `serde_json::from_slice`, reject trailing data after the value.
    deserializer
        .end()
        .map_err(|error| (".".to_owned(), error.to_string()))?;
    Ok(value)
}
