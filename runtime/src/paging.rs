//! Paginated listings as streams: [`Pages`] of typed responses and
//! [`Items`] of the values on them, fetched one page at a time as the
//! stream is read.
//!
//! A document says how an operation pages with the `x-switchboard-pagination`
//! extension; the generated client turns it into a [`Paging`]:
//!
//! ```text
//! let mut contacts = client.contact_list_items(1, &params);   // Items<'_, ContactRecord, E>
//! while let Some(contact) = contacts.next().await { … }        // futures::StreamExt
//! ```
//!
//! Reading stops after an empty page, after the last page (the page count,
//! the total count, or the absence of a next cursor or link says which), at
//! the first error (which the stream yields), or when the reader stops
//! (`.take(n)`, or dropping the stream).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::call::Call;
use crate::error::Error;
use crate::request::RequestSpec;
use crate::response::RawResponse;

/// How an operation pages, from its `x-switchboard-pagination`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Where the page's items are in the response body: a dotted path
    /// (`payload`, `data.contacts`), or `""` for a body that is the array.
    pub items: &'static str,
    /// How the next page is asked for.
    pub strategy: Strategy,
}

/// How the next page is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// A page number in a query parameter.
    Page {
        /// The query parameter.
        parameter: &'static str,
        /// The number of the first page.
        first: u64,
        /// A path to the number of pages in the body, if there is one.
        pages: Option<&'static str>,
        /// A path to the total number of items in the body, if there is one.
        total: Option<&'static str>,
        /// A path to a boolean in the body that is `false` on the last page
        /// (`has_more`), if there is one.
        more: Option<&'static str>,
    },
    /// A cursor from the previous response in a query parameter.
    Cursor {
        /// The query parameter.
        parameter: &'static str,
        /// A path to the next cursor in the body; absent, `null` or empty
        /// when there are no more pages.
        next: &'static str,
    },
    /// The URL of the next page: a `Link: <…>; rel="next"` header, or a URL
    /// in the body.
    NextLink {
        /// A path to the URL in the body; `None` for the `Link` header.
        body: Option<&'static str>,
    },
}

/// One page as read: typed, and raw for the paging metadata and items.
type Page<T> = (T, RawResponse, Value);

/// A boxed stream that can be sent between threads.
type BoxStream<'a, T> = Pin<Box<dyn Stream<Item = T> + Send + 'a>>;

/// The pages of a listing, typed (each a `ResponseValue` of the
/// operation's success type), as a stream.
#[must_use = "streams do nothing unless read"]
pub struct Pages<'a, T, E> {
    inner: BoxStream<'a, Result<Page<T>, Error<E>>>,
    paging: &'static Paging,
}

impl<'a, T: Send + 'a, E: Send + 'a> Pages<'a, T, E> {
    pub(crate) fn new(call: Call<'a, T, E>, paging: &'static Paging) -> Self {
        let (runtime, request, decode) = call.into_parts();
        let state = State {
            next: Some(request),
            page: match paging.strategy {
                Strategy::Page { first, .. } => first,
                _ => 0,
            },
            seen: 0,
        };
        let stream = futures_util::stream::unfold(state, move |mut state| async move {
            let request = state.next.take()?;
            let raw = match runtime.execute::<E>(request.clone()).await {
                Ok(raw) => raw,
                Err(error) => return Some((Err(error), state)),
            };
            let body: Value = serde_json::from_slice(raw.body()).unwrap_or(Value::Null);
            let next = next_request(paging, &request, &raw, &body, &mut state);
            match decode(raw.clone()) {
                Ok(page) => {
                    state.next = next;
                    Some((Ok((page, raw, body)), state))
                }
                Err(error) => Some((Err(error), state)),
            }
        });
        Self {
            inner: Box::pin(stream),
            paging,
        }
    }

    /// The items on the pages, one by one, decoded as `I`.
    pub fn items<I: DeserializeOwned + Send + 'a>(self) -> Items<'a, I, E> {
        use futures_util::StreamExt as _;
        let path = self.paging.items;
        let stream = self.inner.flat_map(move |page| {
            let items: Vec<Result<I, Error<E>>> = match page {
                Err(error) => vec![Err(error)],
                Ok((_, raw, body)) => items_of(path, &raw, &body),
            };
            futures_util::stream::iter(items)
        });
        Items {
            inner: Box::pin(stream),
        }
    }
}

impl<T, E> Stream for Pages<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner
            .as_mut()
            .poll_next(cx)
            .map(|page| page.map(|page| page.map(|(page, _, _)| page)))
    }
}

/// The items of a listing, as a stream.
#[must_use = "streams do nothing unless read"]
pub struct Items<'a, I, E> {
    inner: BoxStream<'a, Result<I, Error<E>>>,
}

impl<'a, I: Send + 'a, E: Send + 'a> Items<'a, I, E> {
    /// At most `count` items: no page past the one that holds the last is
    /// fetched.
    pub fn limit(self, count: usize) -> Self {
        use futures_util::StreamExt as _;
        Self {
            inner: Box::pin(self.inner.take(count)),
        }
    }
}

impl<I, E> Stream for Items<'_, I, E> {
    type Item = Result<I, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

struct State {
    /// The request for the next page; `None` once the last one was read.
    next: Option<RequestSpec>,
    /// The number of the page being read (page paging).
    page: u64,
    /// Items read so far (against a total).
    seen: u64,
}

/// The request for the page after `raw`, or `None` when `raw` was the last.
fn next_request(
    paging: &Paging,
    request: &RequestSpec,
    raw: &RawResponse,
    body: &Value,
    state: &mut State,
) -> Option<RequestSpec> {
    if !raw.status().is_success() {
        return None;
    }
    let count = match at(body, paging.items) {
        Some(Value::Array(items)) => items.len() as u64,
        _ => 0,
    };
    if count == 0 {
        return None;
    }
    state.seen += count;
    match paging.strategy {
        Strategy::Page {
            parameter,
            pages,
            total,
            more,
            ..
        } => {
            let last_page = pages
                .and_then(|path| number(body, path))
                .is_some_and(|pages| state.page >= pages);
            let all_seen = total
                .and_then(|path| number(body, path))
                .is_some_and(|total| state.seen >= total);
            let no_more = more.and_then(|path| at(body, path)) == Some(&Value::Bool(false));
            if last_page || all_seen || no_more {
                return None;
            }
            state.page += 1;
            let mut next = request.clone();
            next.replace_query(parameter, &state.page.to_string());
            Some(next)
        }
        Strategy::Cursor { parameter, next } => {
            let cursor = match at(body, next)? {
                Value::String(cursor) if !cursor.is_empty() => cursor.clone(),
                Value::Number(number) => number.to_string(),
                _ => return None,
            };
            let mut next = request.clone();
            next.replace_query(parameter, &cursor);
            Some(next)
        }
        Strategy::NextLink { body: Some(path) } => {
            let Some(Value::String(url)) = at(body, path) else {
                return None;
            };
            let mut next = request.clone();
            next.set_url(url).then_some(next)
        }
        Strategy::NextLink { body: None } => {
            let url = raw
                .headers()
                .get_all(reqwest::header::LINK)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .find_map(next_link)?;
            let mut next = request.clone();
            next.set_url(&url).then_some(next)
        }
    }
}

/// The value at a dotted path; `""` is the value itself.
fn at<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return Some(value);
    }
    path.split('.').try_fold(value, |value, key| value.get(key))
}

/// A count at a path: a number, or a string of digits (some servers send
/// `"2"`).
fn number(body: &Value, path: &str) -> Option<u64> {
    match at(body, path)? {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// The `rel="next"` target of a `Link` header value (RFC 8288).
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|link| {
        let mut parts = link.split(';');
        let target = parts.next()?.trim();
        let target = target.strip_prefix('<')?.strip_suffix('>')?;
        let is_next = parts.any(|param| {
            let param = param.trim();
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        is_next.then(|| target.to_owned())
    })
}

/// The items of one page, decoded; an item that does not decode is a
/// decode error with its path, as for a whole response.
fn items_of<I: DeserializeOwned, E>(path: &str, raw: &RawResponse, body: &Value) -> Vec<Result<I, Error<E>>> {
    let Some(Value::Array(items)) = at(body, path) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            serde_path_to_error::deserialize::<_, I>(item).map_err(|error| {
                let inner = error.path().to_string();
                let location = match (path.is_empty(), inner.as_str()) {
                    (true, ".") => format!("[{index}]"),
                    (true, inner) => format!("[{index}].{inner}"),
                    (false, ".") => format!("{path}[{index}]"),
                    (false, inner) => format!("{path}[{index}].{inner}"),
                };
                raw.clone().decode_error(location, error.inner().to_string())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::next_link;

    #[test]
    fn link_header_next_target() {
        assert_eq!(
            next_link(
                r#"<https://api.example.com/items?page=3>; rel="next", <https://api.example.com/items?page=1>; rel="first""#
            ),
            Some("https://api.example.com/items?page=3".to_owned())
        );
        assert_eq!(next_link(r#"<https://a/x>; rel="prev""#), None);
        assert_eq!(
            next_link(r#"<https://a/y>; rel="last next""#),
            Some("https://a/y".to_owned())
        );
    }
}
