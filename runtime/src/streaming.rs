//! Responses read as they arrive: [`ByteStream`] for a large download
//! ([`Call::stream`](crate::Call::stream)) and [`Events`] for a
//! `text/event-stream` (server-sent events), typed, reconnecting with
//! `Last-Event-ID` where the request may be sent again.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt as _;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use crate::call::Decode;
use crate::client::{Exchange, Head, Runtime};
use crate::error::{Error, TransportError};
use crate::request::RequestSpec;
use crate::response::RawResponse;

type BoxStream<'a, T> = Pin<Box<dyn Stream<Item = T> + Send + 'a>>;

/// A success response whose body arrives as a stream of chunks, none of
/// them buffered beyond the one being read.
#[must_use = "streams do nothing unless read"]
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    body: BoxStream<'static, Result<Bytes, TransportError>>,
}

impl ByteStream {
    pub(crate) fn new(head: Head) -> Self {
        let operation = head.operation;
        let body = head
            .response
            .bytes_stream()
            .map(move |chunk| chunk.map_err(|source| TransportError { operation, source }));
        Self {
            status: head.status,
            headers: head.headers,
            body: Box::pin(body),
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
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body.as_mut().poll_next(cx)
    }
}

/// Sends `request` and hands a success over as a [`ByteStream`]; any other
/// status is read whole and decoded by the operation (its error).
pub(crate) async fn open<T, E>(
    runtime: &Runtime,
    request: RequestSpec,
    decode: Decode<T, E>,
) -> Result<ByteStream, Error<E>> {
    let exchange = runtime.exchange(request, true).await?;
    match exchange {
        Exchange::Streaming(head) => Ok(ByteStream::new(head)),
        Exchange::Read(raw) => Err(as_error(raw, decode)),
    }
}

/// The error a response that cannot be streamed is: the operation's own
/// (a documented error status), or an unexpected status.
fn as_error<T, E>(raw: RawResponse, decode: Decode<T, E>) -> Error<E> {
    match decode(raw.clone()) {
        Err(error) => error,
        Ok(_) => raw.unexpected(),
    }
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event type (`event:`), when the server named one.
    pub event: Option<String>,
    /// The event id (`id:`), sent back as `Last-Event-ID` on reconnecting.
    pub id: Option<String>,
    /// The data (`data:` lines joined), decoded.
    pub data: T,
}

/// A `text/event-stream` response as a stream of events whose data is
/// decoded as `D` (JSON, or the text itself for `String` events from
/// [`Call::text_events`](crate::Call::text_events)). Like a [`Call`], it
/// sends nothing until it is first polled, and the per-call options set
/// before that apply.
///
/// When the connection ends and the request may be sent again (a GET, or a
/// call with an idempotency key), it reconnects after the server's `retry:`
/// delay or the retry policy's, sending `Last-Event-ID`, as many times in a
/// row as the policy has attempts; a 204 ends it, as the specification
/// says. A response that is not a success is the operation's error, the
/// stream's one item.
///
/// [`Call`]: crate::Call
#[must_use = "streams do nothing unless read"]
pub struct Events<'a, D, E> {
    runtime: &'a Runtime,
    request: RequestSpec,
    as_error: Option<AsError<'a, E>>,
    format: DataFormat,
    running: Option<BoxStream<'a, Result<Event<D>, Error<E>>>>,
}

/// The operation's error for a response that is not a success.
type AsError<'a, E> = Box<dyn Fn(RawResponse) -> Error<E> + Send + Sync + 'a>;

impl<'a, D, E> Events<'a, D, E> {
    pub(crate) fn new<T: 'a>(
        runtime: &'a Runtime,
        request: RequestSpec,
        decode: Decode<T, E>,
        format: DataFormat,
    ) -> Self
    where
        E: 'a,
    {
        Self {
            runtime,
            request,
            as_error: Some(Box::new(move |raw| as_error(raw, decode))),
            format,
            running: None,
        }
    }

    crate::call::per_call_options!();
}

impl<'a, D: DeserializeOwned + Send + 'a, E: Send + 'a> Stream for Events<'a, D, E> {
    type Item = Result<Event<D>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.running.is_none() {
            let Some(as_error) = this.as_error.take() else {
                return Poll::Ready(None);
            };
            let request = std::mem::replace(&mut this.request, RequestSpec::taken());
            this.running = Some(Connection::new(this.runtime, request, as_error, this.format).events());
        }
        match &mut this.running {
            Some(running) => running.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

impl<D, E> std::fmt::Debug for Events<'_, D, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

/// How event data becomes a value.
#[derive(Clone, Copy)]
pub(crate) enum DataFormat {
    Json,
    Text,
}

struct Connection<'a, E> {
    runtime: &'a Runtime,
    request: RequestSpec,
    as_error: AsError<'a, E>,
    format: DataFormat,
    body: Option<ByteStream>,
    parser: Parser,
    last_id: Option<String>,
    retry: Option<Duration>,
    /// Reconnections left before giving up; back to `budget` after every
    /// event.
    reconnects: u32,
    budget: u32,
    done: bool,
}

impl<'a, E: Send + 'a> Connection<'a, E> {
    fn new(runtime: &'a Runtime, request: RequestSpec, as_error: AsError<'a, E>, format: DataFormat) -> Self {
        let policy = request.options.retry_policy.as_ref().unwrap_or(runtime.retry_policy());
        let may_reconnect = request.options.idempotent || policy.may_retry(&request.method);
        let budget = if may_reconnect {
            policy.attempts().saturating_sub(1)
        } else {
            0
        };
        Self {
            runtime,
            request,
            as_error,
            format,
            body: None,
            parser: Parser::default(),
            last_id: None,
            retry: None,
            reconnects: budget,
            budget,
            done: false,
        }
    }

    fn events<D: DeserializeOwned + Send + 'a>(self) -> BoxStream<'a, Result<Event<D>, Error<E>>> {
        Box::pin(futures_util::stream::unfold(self, |mut connection| async move {
            let event = connection.next_event::<D>().await?;
            Some((event, connection))
        }))
    }
}

impl<E> Connection<'_, E> {
    async fn next_event<D: DeserializeOwned>(&mut self) -> Option<Result<Event<D>, Error<E>>> {
        loop {
            if self.done {
                return None;
            }
            if let Some(parsed) = self.parser.next_event() {
                if let Some(retry) = parsed.retry {
                    self.retry = Some(retry);
                }
                if parsed.id.is_some() {
                    self.last_id.clone_from(&parsed.id);
                }
                let Some(data) = parsed.data else { continue };
                self.reconnects = self.budget;
                return Some(self.decoded(parsed.event, parsed.id, data));
            }
            let Some(body) = &mut self.body else {
                if let Err(error) = self.connect().await {
                    self.done = true;
                    return Some(Err(error));
                }
                continue;
            };
            match body.next().await {
                Some(Ok(chunk)) => self.parser.feed(&chunk),
                ended => {
                    self.body = None;
                    if self.reconnects == 0 {
                        self.done = true;
                        return match ended {
                            Some(Err(error)) => Some(Err(Error::Transport(error))),
                            _ => None,
                        };
                    }
                    self.reconnects -= 1;
                    self.parser = Parser::default();
                    let delay = self.retry.unwrap_or_else(|| self.runtime.retry_policy().delay(1, None));
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    async fn connect(&mut self) -> Result<(), Error<E>> {
        let mut request = self.request.clone();
        if let Some(id) = &self.last_id
            && let Ok(value) = HeaderValue::from_str(id)
        {
            request.set_header("Last-Event-ID", value);
        }
        match self.runtime.exchange::<E>(request, true).await? {
            // The server asks the client not to reconnect.
            Exchange::Streaming(head) if head.status == StatusCode::NO_CONTENT => {
                self.done = true;
                Ok(())
            }
            Exchange::Streaming(head) => {
                self.body = Some(ByteStream::new(head));
                Ok(())
            }
            Exchange::Read(raw) => Err((self.as_error)(raw)),
        }
    }

    fn decoded<D: DeserializeOwned>(
        &self,
        event: Option<String>,
        id: Option<String>,
        data: String,
    ) -> Result<Event<D>, Error<E>> {
        let value = match self.format {
            DataFormat::Json => serde_json::from_str::<D>(&data).map_err(|error| error.to_string()),
            DataFormat::Text => {
                serde_json::from_value::<D>(serde_json::Value::String(data.clone())).map_err(|error| error.to_string())
            }
        };
        value.map(|data| Event { event, id, data }).map_err(|message| {
            let (status, headers) = self
                .body
                .as_ref()
                .map(|body| (body.status, body.headers.clone()))
                .unwrap_or_default();
            RawResponse::new(self.request.operation_id(), status, headers, Bytes::from(data))
                .decode_error(".".to_owned(), message)
        })
    }
}

/// An event as the stream spells it, before decoding.
#[derive(Debug, Default, PartialEq)]
struct Parsed {
    event: Option<String>,
    id: Option<String>,
    data: Option<String>,
    retry: Option<Duration>,
}

/// The `text/event-stream` format (the HTML Living Standard's "event
/// stream interpretation"): lines ending in `\n`, `\r\n` or `\r`; `field:
/// value`; a blank line dispatches the event; `:` starts a comment.
#[derive(Debug, Default)]
struct Parser {
    pending: Vec<u8>,
    current: Parsed,
    data: Vec<String>,
    ready: std::collections::VecDeque<Parsed>,
    started: bool,
}

impl Parser {
    fn feed(&mut self, chunk: &[u8]) {
        self.pending.extend_from_slice(chunk);
        while let Some(end) = self.pending.iter().position(|b| *b == b'\n' || *b == b'\r') {
            // A `\r` at the end of the chunk may be half of `\r\n`.
            if self.pending[end] == b'\r' && end + 1 == self.pending.len() {
                break;
            }
            let skip = if self.pending[end] == b'\r' && self.pending.get(end + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            let line: Vec<u8> = self.pending.drain(..end + skip).take(end).collect();
            let mut line = String::from_utf8_lossy(&line).into_owned();
            if !self.started {
                self.started = true;
                if let Some(rest) = line.strip_prefix('\u{feff}') {
                    line = rest.to_owned();
                }
            }
            self.line(&line);
        }
    }

    fn line(&mut self, line: &str) {
        if line.is_empty() {
            let mut event = std::mem::take(&mut self.current);
            if !self.data.is_empty() {
                event.data = Some(std::mem::take(&mut self.data).join("\n"));
            }
            if event != Parsed::default() {
                self.ready.push_back(event);
            }
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => self.data.push(value.to_owned()),
            "event" => self.current.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.current.id = Some(value.to_owned()),
            "retry" => {
                if let Ok(millis) = value.parse::<u64>() {
                    self.current.retry = Some(Duration::from_millis(millis));
                }
            }
            _ => {}
        }
    }

    fn next_event(&mut self) -> Option<Parsed> {
        self.ready.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&str]) -> Vec<Parsed> {
        let mut parser = Parser::default();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.feed(chunk.as_bytes());
            while let Some(event) = parser.next_event() {
                out.push(event);
            }
        }
        out
    }

    #[test]
    fn fields_comments_and_line_endings() {
        let parsed = events(&[
            "\u{feff}: hello\r\nevent: update\r\nid: 7\r",
            "\ndata: {\"a\":\ndata: 1}\n\nretry: 250\n\n",
        ]);
        assert_eq!(
            parsed,
            [
                Parsed {
                    event: Some("update".into()),
                    id: Some("7".into()),
                    data: Some("{\"a\":\n1}".into()),
                    retry: None,
                },
                Parsed {
                    retry: Some(Duration::from_millis(250)),
                    ..Parsed::default()
                },
            ]
        );
    }

    #[test]
    fn an_event_split_across_chunks() {
        let parsed = events(&["da", "ta: x", "y\n", "\n"]);
        assert_eq!(parsed[0].data.as_deref(), Some("xy"));
    }
}
