//! Responses → the success type, the error type and the match arms.
//!
//! ```text
//! match response.status().as_u16() {
//!     200 => response.json(),                                 // one success type
//!     201 => response.json_map(CreateResponse::Created),      // several: an enum
//!     204 => response.empty(),
//!     400 => Err(response.error(CreateError::BadRequest)),    // typed error body
//!     _ => Err(response.unexpected()),                        // raw, nothing lost
//! }
//! ```
//!
//! A 204 or 304 never has a body, whatever the document declares. `default`
//! is the success response when no 2xx is documented, else an error. A 2xx
//! status the document does not list is a success too, decoded as the
//! first documented success (`200..=299 => response.json()`): a server that
//! answers 201 where 200 is documented has still succeeded.
//!
//! Arms with the same body are one arm (`400 | 422 => …`), and an arm that
//! says what the `_` arm says is left to it, wherever that keeps every
//! status going to the same place.

use openapiv3::{ReferenceOr, Response, StatusCode};

use super::Lowerer;
use super::bodies::body_kind;
use super::docs;
use crate::diagnostics::escape_pointer_segment;
use crate::ir::{
    BodyKind, Decode, DocumentedResponse, EventData, Extras, ResponseCase, ResponseVariant, Responses, StatusMatch,
    SuccessType, TypeDef, TypeExpr, TypeKind,
};

struct Documented {
    status: StatusMatch,
    decode: Decode,
    doc: Option<String>,
    media_types: Vec<String>,
}

impl Lowerer<'_> {
    pub(crate) fn lower_responses(
        &mut self,
        operation: &openapiv3::Operation,
        type_prefix: &str,
        pointer: &str,
    ) -> Responses {
        let mut documented: Vec<Documented> = Vec::new();
        let base = format!("{pointer}/responses");
        let single_success = operation
            .responses
            .responses
            .keys()
            .filter(|code| is_success(code))
            .count()
            <= 1;
        for (code, response) in &operation.responses.responses {
            let (status, key) = match code {
                StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
                StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
            };
            let hint = if is_success(code) {
                if single_success {
                    format!("{type_prefix}Response")
                } else {
                    format!("{type_prefix}Response{key}")
                }
            } else {
                format!("{type_prefix}Error{key}")
            };
            let (decode, media_types) = self.response_decode(response, &status, &hint, &format!("{base}/{key}"));
            documented.push(Documented {
                status,
                decode,
                doc: self.response_doc(response),
                media_types,
            });
        }
        if let Some(response) = &operation.responses.default {
            let hint = format!("{type_prefix}Default");
            let (decode, media_types) =
                self.response_decode(response, &StatusMatch::Default, &hint, &format!("{base}/default"));
            documented.push(Documented {
                status: StatusMatch::Default,
                decode,
                doc: self.response_doc(response),
                media_types,
            });
        }
        // Exact codes first, then ranges, then default.
        documented.sort_by_key(|d| match d.status {
            StatusMatch::Code(c) => (0, c),
            StatusMatch::Range(r) | StatusMatch::Between(r, _) => (1, r),
            StatusMatch::Default => (2, 0),
        });
        let any_success = documented.iter().any(|d| status_is_success(&d.status));
        let default_is_success = !any_success && documented.iter().any(|d| d.status == StatusMatch::Default);
        let (successes, errors): (Vec<&Documented>, Vec<&Documented>) = documented
            .iter()
            .partition(|d| status_is_success(&d.status) || (default_is_success && d.status == StatusMatch::Default));

        let mut cases = Vec::new();
        let success = self.success_type(&successes, type_prefix, pointer, &mut cases);
        undeclared_successes(&mut cases, default_is_success);
        let error = self.error_type(&errors, type_prefix, pointer, &mut cases);
        let documented = documented
            .iter()
            .map(|d| DocumentedResponse {
                status: status_key(&d.status),
                media_types: d.media_types.clone(),
            })
            .collect();
        Responses {
            success,
            error,
            cases: merge_arms(cases),
            default_is_success,
            documented,
        }
    }

    fn response_doc(&mut self, response: &ReferenceOr<Response>) -> Option<String> {
        match response {
            ReferenceOr::Item(r) => docs::join(None, Some(&r.description)),
            ReferenceOr::Reference { reference } => match self.object_at::<Response>(reference) {
                Some(Ok(ReferenceOr::Item(r))) => docs::join(None, Some(&r.description)),
                _ => None,
            },
        }
    }

    /// How the response is decoded, and the media types it lists (in the
    /// document's order).
    fn response_decode(
        &mut self,
        response: &ReferenceOr<Response>,
        status: &StatusMatch,
        hint: &str,
        site: &str,
    ) -> (Decode, Vec<String>) {
        let Some((response, pointer)) = self.resolve_object(response, site) else {
            return (Decode::Bytes, Vec::new());
        };
        let media_types = response.content.keys().cloned().collect();
        let decode = self.decode_content(&response, &pointer, status, hint);
        (decode, media_types)
    }

    fn decode_content(&mut self, response: &Response, pointer: &str, status: &StatusMatch, hint: &str) -> Decode {
        if matches!(
            status,
            StatusMatch::Code(204) | StatusMatch::Code(304) | StatusMatch::Code(205)
        ) {
            return Decode::Empty;
        }
        let mut media: Vec<(&String, BodyKind)> = response.content.keys().map(|m| (m, body_kind(m))).collect();
        media.sort_by_key(|(media_type, kind)| (super::bodies::rank(*kind), media_type.to_ascii_lowercase()));
        let Some((media_type, kind)) = media.first() else {
            return Decode::Empty;
        };
        match kind {
            BodyKind::Json => {
                let schema = response.content.get(*media_type).and_then(|m| m.schema.as_ref());
                match schema {
                    Some(schema) => {
                        let schema_pointer = format!("{pointer}/content/{}/schema", escape_pointer_segment(media_type));
                        let converted = self.convert_ref_or(schema, hint, &schema_pointer);
                        Decode::Json(if converted.nullable {
                            converted.ty.optional()
                        } else {
                            converted.ty
                        })
                    }
                    None => Decode::Json(TypeExpr::Json),
                }
            }
            BodyKind::Text if is_event_stream(media_type) => {
                let schema = response.content.get(*media_type).and_then(|m| m.schema.as_ref());
                let data = match schema {
                    Some(schema) => {
                        let schema_pointer = format!("{pointer}/content/{}/schema", escape_pointer_segment(media_type));
                        match self.convert_ref_or(schema, &format!("{hint}Event"), &schema_pointer).ty {
                            TypeExpr::String => EventData::Text,
                            ty => EventData::Json(ty),
                        }
                    }
                    None => EventData::Text,
                };
                Decode::Events(data)
            }
            BodyKind::Text => Decode::Text,
            _ => Decode::Bytes,
        }
    }

    fn success_type(
        &mut self,
        successes: &[&Documented],
        type_prefix: &str,
        pointer: &str,
        cases: &mut Vec<ResponseCase>,
    ) -> SuccessType {
        if successes.is_empty() {
            // Nothing documented: hand back whatever a 2xx carries, raw.
            cases.push(ResponseCase {
                statuses: vec![StatusMatch::Range(2)],
                decode: Decode::Bytes,
                variant: None,
                is_error: false,
            });
            return SuccessType::Bytes;
        }
        // An event stream is read as it arrives: every 2xx opens it (the
        // match arms only see the statuses that are not streamed).
        if let Some(data) = successes.iter().find_map(|d| match &d.decode {
            Decode::Events(data) => Some(data.clone()),
            _ => None,
        }) {
            for d in successes {
                if !matches!(d.decode, Decode::Events(_) | Decode::Empty) {
                    self.warn(
                        &format!("{pointer}/responses/{}", status_key(&d.status)),
                        "this success response is not an event stream, but another one of the operation is: every success is read as server-sent events",
                    );
                }
                cases.push(ResponseCase {
                    statuses: vec![d.status.clone()],
                    decode: Decode::Empty,
                    variant: None,
                    is_error: false,
                });
            }
            return SuccessType::Events(data);
        }
        let first = &successes[0].decode;
        if successes.iter().all(|d| d.decode == *first) {
            for d in successes {
                cases.push(ResponseCase {
                    statuses: vec![d.status.clone()],
                    decode: d.decode.clone(),
                    variant: None,
                    is_error: false,
                });
            }
            return match first {
                Decode::Empty => SuccessType::Unit,
                Decode::Json(ty) => SuccessType::Json(ty.clone()),
                Decode::Text => SuccessType::Text,
                Decode::Bytes => SuccessType::Bytes,
                Decode::Events(data) => SuccessType::Events(data.clone()),
            };
        }
        let name = self.claim_type_name(&format!("{type_prefix}Response"), &format!("{pointer}/responses"));
        let variants = self.response_variants(successes, cases, false);
        let ty = self.push_named(TypeDef {
            name,
            doc: Some("The documented success responses of this operation.".into()),
            deprecated: false,
            pointer: pointer.to_string(),
            extras: Extras::default(),
            kind: TypeKind::Responses(variants),
        });
        SuccessType::Enum(ty)
    }

    fn error_type(
        &mut self,
        errors: &[&Documented],
        type_prefix: &str,
        pointer: &str,
        cases: &mut Vec<ResponseCase>,
    ) -> TypeExpr {
        // Error responses without a JSON body need no arm of their own: the
        // fallback arm keeps their status, headers and bytes.
        let typed: Vec<&Documented> = errors
            .iter()
            .copied()
            .filter(|d| matches!(d.decode, Decode::Json(_)))
            .collect();
        let Some(first) = typed.first() else {
            return TypeExpr::Json;
        };
        if typed.iter().all(|d| d.decode == first.decode) {
            for d in &typed {
                cases.push(ResponseCase {
                    statuses: vec![d.status.clone()],
                    decode: d.decode.clone(),
                    variant: None,
                    is_error: true,
                });
            }
            return match &first.decode {
                Decode::Json(ty) => ty.clone(),
                _ => TypeExpr::Json,
            };
        }
        let name = self.claim_type_name(&format!("{type_prefix}Error"), &format!("{pointer}/responses"));
        let variants = self.response_variants(&typed, cases, true);
        self.push_named(TypeDef {
            name,
            doc: Some("The documented error bodies of this operation.".into()),
            deprecated: false,
            pointer: pointer.to_string(),
            extras: Extras::default(),
            kind: TypeKind::Responses(variants),
        })
    }

    fn response_variants(
        &mut self,
        documented: &[&Documented],
        cases: &mut Vec<ResponseCase>,
        is_error: bool,
    ) -> Vec<ResponseVariant> {
        let mut names = super::names::Namespace::default();
        let mut variants = Vec::new();
        for d in documented {
            let name = names.claim(variant_name(&d.status));
            let ty = match &d.decode {
                Decode::Empty => None,
                Decode::Json(ty) => Some(ty.clone()),
                Decode::Text => Some(TypeExpr::String),
                Decode::Bytes | Decode::Events(_) => Some(TypeExpr::Bytes),
            };
            cases.push(ResponseCase {
                statuses: vec![d.status.clone()],
                decode: d.decode.clone(),
                variant: Some(name.clone()),
                is_error,
            });
            variants.push(ResponseVariant {
                name,
                ty,
                doc: d.doc.clone(),
            });
        }
        variants
    }
}

/// Adds `200..=299` decoded as the first documented success, unless the
/// documented successes already cover every 2xx status.
fn undeclared_successes(cases: &mut Vec<ResponseCase>, default_is_success: bool) {
    let covered = default_is_success
        || cases
            .iter()
            .any(|c| !c.is_error && c.statuses.contains(&StatusMatch::Range(2)));
    if covered {
        return;
    }
    let Some(primary) = cases.iter().find(|c| !c.is_error).cloned() else {
        return;
    };
    cases.push(ResponseCase {
        statuses: vec![StatusMatch::Range(2)],
        ..primary
    });
}

/// One arm per body: a case whose body an earlier arm already has joins
/// it, and one whose body the final `_` arm has is left to it, when no arm
/// in between would catch one of its statuses first.
fn merge_arms(cases: Vec<ResponseCase>) -> Vec<ResponseCase> {
    let same_body =
        |a: &ResponseCase, b: &ResponseCase| a.decode == b.decode && a.variant == b.variant && a.is_error == b.is_error;
    let overlaps = |a: &ResponseCase, b: &ResponseCase| {
        a.statuses
            .iter()
            .any(|x| b.statuses.iter().any(|y| statuses_overlap(x, y)))
    };
    let mut merged: Vec<ResponseCase> = Vec::with_capacity(cases.len());
    for case in cases {
        // The `_` arm stays an arm of its own, last; the ones it makes
        // redundant go below.
        let is_default = case.statuses.contains(&StatusMatch::Default);
        let target = merged
            .iter()
            .position(|earlier| !is_default && same_body(earlier, &case));
        match target {
            Some(index) if !merged[index + 1..].iter().any(|between| overlaps(between, &case)) => {
                let arm = &mut merged[index];
                arm.statuses.extend(case.statuses);
                // `200 | 200..=299` is `200..=299`.
                let ranges: Vec<StatusMatch> = arm
                    .statuses
                    .iter()
                    .filter(|s| matches!(s, StatusMatch::Range(_)))
                    .cloned()
                    .collect();
                arm.statuses
                    .retain(|s| !matches!(s, StatusMatch::Code(_)) || !ranges.iter().any(|r| statuses_overlap(s, r)));
            }
            _ => merged.push(case),
        }
    }
    let fallback = merged
        .last()
        .filter(|last| last.is_error && last.statuses == [StatusMatch::Default])
        .cloned();
    if let Some(fallback) = fallback {
        let last = merged.len() - 1;
        let redundant: Vec<usize> = (0..last)
            .filter(|&index| {
                same_body(&merged[index], &fallback)
                    && !merged[index + 1..last].iter().any(|c| overlaps(c, &merged[index]))
            })
            .collect();
        for index in redundant.into_iter().rev() {
            merged.remove(index);
        }
    }
    // A range after arms that took some of its codes says only what is left
    // (`202..=299` after `200` and `201`): overlapping arms read as a mistake.
    let mut taken: Vec<u16> = Vec::new();
    for arm in &mut merged {
        let mut statuses = Vec::with_capacity(arm.statuses.len());
        for status in arm.statuses.drain(..) {
            match status {
                StatusMatch::Range(r) if taken.iter().any(|code| code / 100 == r) => {
                    statuses.extend(remaining(r * 100, r * 100 + 99, &taken));
                }
                other => statuses.push(other),
            }
        }
        taken.extend(statuses.iter().filter_map(|s| match s {
            StatusMatch::Code(code) => Some(*code),
            _ => None,
        }));
        arm.statuses = statuses;
    }
    merged
}

/// `low..=high` without the codes in `taken`, as single codes and spans.
fn remaining(low: u16, high: u16, taken: &[u16]) -> Vec<StatusMatch> {
    let mut out = Vec::new();
    let mut start = low;
    let mut codes: Vec<u16> = taken.iter().copied().filter(|c| (low..=high).contains(c)).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes.into_iter().chain(std::iter::once(high + 1)) {
        match code.saturating_sub(start) {
            0 => {}
            1 => out.push(StatusMatch::Code(start)),
            _ => out.push(StatusMatch::Between(start, code - 1)),
        }
        start = code + 1;
    }
    out
}

/// A status as the document writes it: `200`, `4XX`, `default`.
fn status_key(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(r) => format!("{r}XX"),
        StatusMatch::Between(low, high) => format!("{low}-{high}"),
        StatusMatch::Default => "default".into(),
    }
}

/// Whether some status matches both.
fn statuses_overlap(a: &StatusMatch, b: &StatusMatch) -> bool {
    match (a, b) {
        (StatusMatch::Default, _) | (_, StatusMatch::Default) => true,
        (StatusMatch::Code(x), StatusMatch::Code(y)) => x == y,
        (StatusMatch::Range(r), StatusMatch::Range(s)) => r == s,
        (StatusMatch::Code(c), StatusMatch::Range(r)) | (StatusMatch::Range(r), StatusMatch::Code(c)) => c / 100 == *r,
        (StatusMatch::Between(low, high), other) | (other, StatusMatch::Between(low, high)) => {
            let (a, b) = match other {
                StatusMatch::Code(c) => (*c, *c),
                StatusMatch::Range(r) => (r * 100, r * 100 + 99),
                StatusMatch::Between(x, y) => (*x, *y),
                StatusMatch::Default => return true,
            };
            a <= *high && *low <= b
        }
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}

fn status_is_success(status: &StatusMatch) -> bool {
    match status {
        StatusMatch::Code(c) => (200..300).contains(c),
        StatusMatch::Range(r) => *r == 2,
        StatusMatch::Between(low, _) => (200..300).contains(low),
        StatusMatch::Default => false,
    }
}

/// `200` → `Ok`, `404` → `NotFound`, `418` → `Status418`, `4XX` → `Status4xx`.
fn variant_name(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritative",
            204 => "NoContent",
            206 => "PartialContent",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            other => return format!("Status{other}"),
        }
        .to_string(),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Between(low, high) => format!("Status{low}To{high}"),
        StatusMatch::Default => "Default".to_string(),
    }
}

/// `text/event-stream` (server-sent events), whatever its parameters.
fn is_event_stream(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/event-stream"))
}
