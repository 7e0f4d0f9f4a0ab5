//! Operations: matched by method and path (or, when a path or method
//! changed, by operation id), then their methods, parameters, bodies,
//! responses and security compared.

use super::{Change, Impact, requirements_impact, requirements_text, spelled};
use crate::ir::{Api, Body, Operation, ParamLocation, Parameter, SuccessType};

pub(super) fn compare(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let mut matched_new = vec![false; new.operations.len()];
    for before in &old.operations {
        let found = new
            .operations
            .iter()
            .position(|o| o.method == before.method && o.path == before.path)
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
    if before.method != after.method || before.path != after.path {
        push(
            format!("now `{} {}`", after.method, after.path),
            Impact::Breaking,
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
    // Path parameters are positional arguments: their order and types are
    // the signature.
    let arguments = |api: &Api, operation: &Operation| -> Vec<String> {
        operation
            .path_params
            .iter()
            .map(|p| format!("{}: {}", p.wire_name, spelled(api, &p.ty)))
            .collect()
    };
    let (old_args, new_args) = (arguments(old, before), arguments(new, after));
    if old_args != new_args {
        push(
            format!("path parameters ({}) → ({})", old_args.join(", "), new_args.join(", ")),
            Impact::Breaking,
            Impact::Breaking,
        );
    }
    compare_parameters(old, new, before, after, &mut push);
    compare_bodies(old, new, before, after, &mut push);
    compare_responses(old, new, before, after, &mut push);
    let security =
        |operation: &Operation, api: &Api| operation.security.clone().unwrap_or(api.default_security.clone());
    let (old_security, new_security) = (security(before, old), security(after, new));
    if old_security != new_security {
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
                    push(
                        format!("{} `{}`: type {was} → {is}", place(p), p.wire_name),
                        Impact::Breaking,
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
                        Impact::Breaking,
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

fn compare_responses(old: &Api, new: &Api, before: &Operation, after: &Operation, push: &mut Push<'_>) {
    let success = |api: &Api, success: &SuccessType| match success {
        SuccessType::Unit => "()".to_string(),
        SuccessType::Json(ty) | SuccessType::Enum(ty) => spelled(api, ty),
        SuccessType::Text => "String".to_string(),
        SuccessType::Bytes => "Bytes".to_string(),
        SuccessType::Events(crate::ir::EventData::Json(ty)) => format!("Events<{}>", spelled(api, ty)),
        SuccessType::Events(crate::ir::EventData::Text) => "Events<String>".to_string(),
    };
    let (was, is) = (
        success(old, &before.responses.success),
        success(new, &after.responses.success),
    );
    if was != is {
        push(format!("success type {was} → {is}"), Impact::Breaking, Impact::Breaking);
    }
    let (was, is) = (
        spelled(old, &before.responses.error),
        spelled(new, &after.responses.error),
    );
    if was != is {
        push(format!("error type {was} → {is}"), Impact::None, Impact::Breaking);
    }
    let (was, is) = (&before.responses.documented, &after.responses.documented);
    for status in is.iter().filter(|s| !was.contains(s)) {
        push(format!("response {status} documented"), Impact::None, Impact::None);
    }
    for status in was.iter().filter(|s| !is.contains(s)) {
        push(
            format!("response {status} no longer documented"),
            Impact::None,
            Impact::None,
        );
    }
}
