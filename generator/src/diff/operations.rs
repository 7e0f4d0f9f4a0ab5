//! Operations: matched by method and path (or, when a path or method
//! changed, by operation id), then their methods, parameters, bodies,
//! responses and security compared.

use super::wire::Flow;
use super::{Change, Impact, requirements_impact, requirements_text, spelled};
use crate::ir::{Api, Body, Decode, Operation, ParamLocation, Parameter, ResponseCase, StatusMatch, SuccessType};

pub(super) fn compare(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let mut matched_new = vec![false; new.operations.len()];
    for before in &old.operations {
        let found = new
            .operations
            .iter()
            .position(|o| o.method == before.method && shape(&o.path) == shape(&before.path))
            .or_else(|| {
                new.operations
                    .iter()
                    .position(|o| o.operation_id == before.operation_id)
            });
        match found {
            Some(index) if !matched_new[index] => {
                matched_new[index] = true;
                compare_operation(old, new, before, &new.operations[index], changes);
            }
            _ => changes.push(Change {
                subject: subject(before),
                what: format!("operation removed, and with it `Client::{}`", before.name),
                wire: Impact::Breaking,
                rust: Impact::Breaking,
            }),
        }
    }
    for (after, matched) in new.operations.iter().zip(matched_new) {
        if !matched {
            changes.push(Change {
                subject: subject(after),
                what: format!("operation added: `Client::{}`", after.name),
                wire: Impact::None,
                rust: Impact::Addition,
            });
        }
    }
}

/// A path template with its parameters unnamed (`/contacts/{}`): what a
/// request to it looks like, whatever the parameters are called.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// `POST /contacts (create_contact)`.
fn subject(operation: &Operation) -> String {
    format!("{} {} ({})", operation.method, operation.path, operation.name)
}

fn compare_operation(old: &Api, new: &Api, before: &Operation, after: &Operation, changes: &mut Vec<Change>) {
    let subject = subject(before);
    let mut push = |what: String, wire: Impact, rust: Impact| {
        changes.push(Change {
            subject: subject.clone(),
            what,
            wire,
            rust,
        })
    };
    if before.method != after.method || shape(&before.path) != shape(&after.path) {
        push(
            format!("now `{} {}`", after.method, after.path),
            Impact::Breaking,
            Impact::None,
        );
    } else if before.path != after.path {
        // `{id}` → `{contactId}`: the same requests, the same positional arguments.
        push(
            format!("path template now `{}` (parameters renamed)", after.path),
            Impact::None,
            Impact::None,
        );
    }
    if before.name != after.name {
        push(
            format!("method renamed `{}` → `{}`", before.name, after.name),
            Impact::None,
            Impact::Breaking,
        );
    }
    // Path parameters are positional arguments: their number and types are
    // the signature, their names are not.
    let (was, is) = (&before.path_params, &after.path_params);
    if was.len() != is.len() {
        let arguments = |api: &Api, params: &[Parameter]| -> String {
            params
                .iter()
                .map(|p| spelled(api, &p.ty))
                .collect::<Vec<_>>()
                .join(", ")
        };
        push(
            format!("path parameters ({}) → ({})", arguments(old, was), arguments(new, is)),
            Impact::Breaking,
            Impact::Breaking,
        );
    } else {
        for (index, (p, q)) in was.iter().zip(is).enumerate() {
            let (was_ty, is_ty) = (spelled(old, &p.ty), spelled(new, &q.ty));
            if was_ty != is_ty {
                push(
                    format!(
                        "path parameter {} (`{}`): type {was_ty} → {is_ty}",
                        index + 1,
                        q.wire_name
                    ),
                    wire_unless(Flow::parameter(old, new).accepts(&q.ty, &p.ty)),
                    Impact::Breaking,
                );
            }
        }
    }
    compare_parameters(old, new, before, after, &mut push);
    compare_bodies(old, new, before, after, &mut push);
    compare_responses(old, new, before, after, &mut push);
    let security =
        |operation: &Operation, api: &Api| operation.security.clone().unwrap_or(api.default_security.clone());
    let (old_security, new_security) = (security(before, old), security(after, new));
    // An operation that follows the document's default in both is reported
    // once, with the client.
    let own = before.security.is_some() || after.security.is_some();
    if own && old_security != new_security {
        push(
            format!(
                "security {} → {}",
                requirements_text(&old_security),
                requirements_text(&new_security)
            ),
            requirements_impact(&old_security, &new_security),
            Impact::None,
        );
    }
    if !before.deprecated && after.deprecated {
        push("deprecated".into(), Impact::None, Impact::None);
    } else if before.deprecated && !after.deprecated {
        push("no longer deprecated".into(), Impact::None, Impact::None);
    }
}

type Push<'a> = dyn FnMut(String, Impact, Impact) + 'a;

/// Query, header and cookie parameters: fields of the `…Params` struct.
fn compare_parameters(old: &Api, new: &Api, before: &Operation, after: &Operation, push: &mut Push<'_>) {
    let key = |p: &Parameter| (p.location as u8, p.wire_name.clone());
    let place = |p: &Parameter| match p.location {
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header parameter",
        ParamLocation::Cookie => "cookie parameter",
        ParamLocation::Path => "path parameter",
    };
    for p in &before.other_params {
        match after.other_params.iter().find(|q| key(q) == key(p)) {
            // The server ignores what it no longer reads; the field is gone.
            None => push(
                format!("{} `{}` removed", place(p), p.wire_name),
                Impact::None,
                Impact::Breaking,
            ),
            Some(q) => {
                if p.required != q.required {
                    push(
                        format!(
                            "{} `{}` is now {}",
                            place(p),
                            p.wire_name,
                            if q.required { "required" } else { "optional" }
                        ),
                        if q.required { Impact::Breaking } else { Impact::None },
                        Impact::Breaking,
                    );
                }
                let (was, is) = (spelled(old, &p.ty), spelled(new, &q.ty));
                if was != is {
                    // The old client's value, as text, read by the new server.
                    push(
                        format!("{} `{}`: type {was} → {is}", place(p), p.wire_name),
                        wire_unless(Flow::parameter(old, new).accepts(&q.ty, &p.ty)),
                        Impact::Breaking,
                    );
                }
                if p.style != q.style {
                    push(
                        format!("{} `{}`: style {:?} → {:?}", place(p), p.wire_name, p.style, q.style),
                        Impact::Breaking,
                        Impact::None,
                    );
                }
                if p.rust_name != q.rust_name {
                    push(
                        format!(
                            "{} `{}`: field `{}` → `{}`",
                            place(p),
                            p.wire_name,
                            p.rust_name,
                            q.rust_name
                        ),
                        Impact::None,
                        Impact::Breaking,
                    );
                }
            }
        }
    }
    for q in &after.other_params {
        if !before.other_params.iter().any(|p| key(p) == key(q)) {
            // A new field breaks `Params { … }` literals without `..`, and a
            // required one, `Params::new(…)` calls.
            push(
                format!(
                    "{} `{}` added ({})",
                    place(q),
                    q.wire_name,
                    if q.required { "required" } else { "optional" }
                ),
                if q.required { Impact::Breaking } else { Impact::None },
                Impact::Breaking,
            );
        }
    }
    match (&before.params_type, &after.params_type) {
        (Some(was), Some(is)) if was != is => push(
            format!("parameters struct `{was}` → `{is}`"),
            Impact::None,
            Impact::Breaking,
        ),
        _ => {}
    }
}

fn compare_bodies(old: &Api, new: &Api, before: &Operation, after: &Operation, push: &mut Push<'_>) {
    let find = |bodies: &'_ [Body], media: &str| bodies.iter().position(|b| b.media_type.eq_ignore_ascii_case(media));
    for (index, body) in before.bodies.iter().enumerate() {
        match find(&after.bodies, &body.media_type) {
            None => push(
                format!(
                    "request body `{}` no longer accepted{}",
                    body.media_type,
                    if index == 0 {
                        String::new()
                    } else {
                        format!(" (method `{}` removed)", method_of(before, body))
                    }
                ),
                Impact::Breaking,
                Impact::Breaking,
            ),
            Some(other) => {
                let now = &after.bodies[other];
                let (was, is) = (spelled(old, &body.ty), spelled(new, &now.ty));
                if was != is {
                    push(
                        format!("request body `{}`: {was} → {is}", body.media_type),
                        wire_unless(Flow::request(old, new).accepts(&now.ty, &body.ty)),
                        Impact::Breaking,
                    );
                }
                if method_of(before, body) != method_of(after, now) {
                    push(
                        format!(
                            "the `{}` body is sent by `{}`, not `{}`",
                            body.media_type,
                            method_of(after, now),
                            method_of(before, body)
                        ),
                        Impact::None,
                        Impact::Breaking,
                    );
                }
            }
        }
    }
    for body in &after.bodies {
        if find(&before.bodies, &body.media_type).is_none() {
            push(
                format!(
                    "request body `{}` now accepted (method `{}`)",
                    body.media_type,
                    method_of(after, body)
                ),
                Impact::None,
                if before.bodies.is_empty() {
                    // The method gains a `body` argument.
                    Impact::Breaking
                } else {
                    Impact::Addition
                },
            );
        }
    }
    if !before.body_required && after.body_required && !after.bodies.is_empty() && !before.bodies.is_empty() {
        push(
            "the request body is now required".into(),
            Impact::Breaking,
            Impact::Breaking,
        );
    } else if before.body_required && !after.body_required && !before.bodies.is_empty() {
        push(
            "the request body is now optional".into(),
            Impact::None,
            Impact::Breaking,
        );
    }
}

fn method_of<'a>(operation: &'a Operation, body: &'a Body) -> &'a str {
    body.method_suffix.as_deref().unwrap_or(&operation.name)
}

/// The success type is the Rust API; whether the old client reads every
/// success reply the new server documents is the wire (see
/// [`unreadable_successes`]). Error types are the Rust API only: an error
/// stays an error, with its raw body.
fn compare_responses(old: &Api, new: &Api, before: &Operation, after: &Operation, push: &mut Push<'_>) {
    let success = |api: &Api, success: &SuccessType| match success {
        SuccessType::Unit => "()".to_string(),
        SuccessType::Json(ty) | SuccessType::Enum(ty) => spelled(api, ty),
        SuccessType::Text => "String".to_string(),
        SuccessType::Bytes => "Bytes".to_string(),
        SuccessType::Events(crate::ir::EventData::Json(ty)) => format!("Events<{}>", spelled(api, ty)),
        SuccessType::Events(crate::ir::EventData::Text) => "Events<String>".to_string(),
    };
    let unreadable = unreadable_successes(old, new, before, after);
    let (was, is) = (
        success(old, &before.responses.success),
        success(new, &after.responses.success),
    );
    if was != is {
        push(
            format!(
                "success type {was} → {is}{}",
                if unreadable.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", unreadable.join("; "))
                }
            ),
            wire_unless(unreadable.is_empty()),
            Impact::Breaking,
        );
    } else {
        for reason in unreadable {
            push(reason, Impact::Breaking, Impact::None);
        }
    }
    let (was, is) = (
        spelled(old, &before.responses.error),
        spelled(new, &after.responses.error),
    );
    if was != is {
        push(format!("error type {was} → {is}"), Impact::None, Impact::Breaking);
    }
    let (was, is) = (&before.responses.documented, &after.responses.documented);
    for response in is {
        match was.iter().find(|r| r.status == response.status) {
            None => push(
                format!("response {} documented", response.status),
                Impact::None,
                Impact::None,
            ),
            Some(earlier) => {
                // Which media type is decoded shows in the types above.
                for media_type in response.media_types.iter().filter(|m| !earlier.media_types.contains(m)) {
                    push(
                        format!("response {}: media type `{media_type}` added", response.status),
                        Impact::None,
                        Impact::None,
                    );
                }
                for media_type in earlier.media_types.iter().filter(|m| !response.media_types.contains(m)) {
                    push(
                        format!("response {}: media type `{media_type}` removed", response.status),
                        Impact::None,
                        Impact::None,
                    );
                }
            }
        }
    }
    for response in was.iter().filter(|r| !is.iter().any(|s| s.status == r.status)) {
        push(
            format!("response {} no longer documented", response.status),
            Impact::None,
            Impact::None,
        );
    }
}

/// The success replies the new server documents that the old client cannot
/// read, each with why: for each documented success status, the arm the
/// old client's match takes for it must be a success arm whose decoding
/// takes the new body (a body it ignores, text, or JSON of a type that
/// takes every value of the new one).
fn unreadable_successes(old: &Api, new: &Api, before: &Operation, after: &Operation) -> Vec<String> {
    let flow = Flow::response(old, new);
    let mut out = Vec::new();
    for response in &after.responses.documented {
        let Some(code) = representative(&response.status, after) else {
            continue;
        };
        let Some(now) = case_for(&after.responses.cases, code).filter(|c| !c.is_error) else {
            continue;
        };
        match case_for(&before.responses.cases, code) {
            Some(then) if !then.is_error => {
                let readable = match (&then.decode, &now.decode) {
                    (Decode::Empty | Decode::Bytes | Decode::Text | Decode::Events(_), _) => true,
                    (Decode::Json(a), Decode::Json(b)) => spelled(old, a) == spelled(new, b) || flow.accepts(a, b),
                    (Decode::Json(_), _) => false,
                };
                if !readable {
                    out.push(format!(
                        "a {} reply ({}) does not decode as the old client's {}",
                        response.status,
                        decode_text(new, &now.decode),
                        decode_text(old, &then.decode)
                    ));
                }
            }
            _ => out.push(format!("the old client takes a {} reply for an error", response.status)),
        }
    }
    out
}

fn decode_text(api: &Api, decode: &Decode) -> String {
    match decode {
        Decode::Empty => "no body".into(),
        Decode::Json(ty) => spelled(api, ty),
        Decode::Text => "text".into(),
        Decode::Bytes => "bytes".into(),
        Decode::Events(_) => "server-sent events".into(),
    }
}

/// A status code a documented success response stands for: the code
/// itself, for `2XX` a code of the range no other response lists, for a
/// `default` that is the success one likewise; `None` for errors.
fn representative(status: &str, operation: &Operation) -> Option<u16> {
    let listed = |code: u16| {
        operation
            .responses
            .documented
            .iter()
            .any(|r| r.status == code.to_string())
    };
    let free = || (200..300).find(|&code| !listed(code));
    match status {
        "2XX" => free(),
        "default" if operation.responses.default_is_success => free(),
        _ => status.parse().ok().filter(|code| (200..300).contains(code)),
    }
}

/// The arm a generated match takes for `code`.
fn case_for(cases: &[ResponseCase], code: u16) -> Option<&ResponseCase> {
    cases.iter().find(|case| {
        case.statuses.iter().any(|status| match status {
            StatusMatch::Code(c) => *c == code,
            StatusMatch::Range(r) => code / 100 == *r,
            StatusMatch::Between(low, high) => (*low..=*high).contains(&code),
            StatusMatch::Default => true,
        })
    })
}

/// Breaking on the wire unless `compatible`.
fn wire_unless(compatible: bool) -> Impact {
    if compatible { Impact::None } else { Impact::Breaking }
}
