//! Reviewing an API change as an API change: two lowered documents
//! compared, each difference judged twice.
//!
//! ```text
//! old document ─ load ─ lower ─┐
//!                              ├─ operations.rs (methods, parameters, bodies, statuses, security)
//! new document ─ load ─ lower ─┘  types.rs      (properties, variants, presence, types)
//!                                 webhooks.rs   (events, payloads, signing)
//!                                   ↓
//!                              Report: changes with a wire verdict and a Rust verdict,
//!                              and the semver bump the generated crate needs (report.rs)
//! ```
//!
//! The *wire* verdict says whether a client deployed against the old
//! document still works against a server of the new one (a new required
//! request property breaks it; a new optional response property does not).
//! The *Rust* verdict says whether code that compiled against the old
//! generated module still compiles against the new one (a new field of a
//! struct breaks struct literals; a new enum variant breaks exhaustive
//! matches). Comparing the IR, not the documents, judges the code that is
//! generated, with the generator's own names and types.

mod operations;
mod report;
mod types;
mod webhooks;
mod wire;

use std::collections::BTreeMap;

use crate::ir::{Api, SchemeKind, TypeDef, TypeExpr, TypeId, TypeKind};

pub use report::{Bump, Format, Report};

/// How a change affects one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Nothing that worked stops working.
    None,
    /// Something new appears (a method, a type, a setter): a minor version.
    Addition,
    /// Something that worked stops working.
    Breaking,
}

/// One difference between the two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where: `POST /contacts (create_contact)` or `type Contact`.
    pub subject: String,
    /// What changed, one sentence.
    pub what: String,
    /// For a deployed client talking to the new server.
    pub wire: Impact,
    /// For code compiled against the old generated module.
    pub rust: Impact,
}

/// Which way data of a type travels: what a wire verdict depends on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Direction {
    /// The client sends it (request bodies, parameters).
    pub(crate) sent: bool,
    /// The client receives it (responses).
    pub(crate) received: bool,
}

/// Compares `old` with `new`.
pub(crate) fn compare(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    let directions = directions(old);
    operations::compare(old, new, &mut changes);
    types::compare(old, new, &directions, &mut changes);
    webhooks::compare(old, new, &mut changes);
    compare_client(old, new, &mut changes);
    Report::new(changes)
}

/// The servers and the credential setters.
fn compare_client(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    // A deployed client calls the first server, its variables at their
    // defaults (`server_variable` names a variable by a string: no
    // compiler sees it).
    let (was, is) = (expanded(&old.server), expanded(&new.server));
    if was != is {
        changes.push(Change {
            subject: "client".into(),
            what: format!("the default server URL changed from `{was}` to `{is}`"),
            wire: Impact::Breaking,
            rust: Impact::None,
        });
    } else if old.server.url != new.server.url {
        changes.push(Change {
            subject: "client".into(),
            what: format!(
                "the server URL template changed from `{}` to `{}` (the same URL by default)",
                old.server.url, new.server.url
            ),
            wire: Impact::None,
            rust: Impact::None,
        });
    }
    // The first server's change is the line above.
    let listed = |server: &crate::ir::Server| -> Vec<String> {
        std::iter::once(server.url.clone())
            .chain(server.alternatives.iter().cloned())
            .collect()
    };
    let (was, is) = (listed(&old.server), listed(&new.server));
    for url in is.iter().filter(|url| !was.contains(url) && **url != new.server.url) {
        changes.push(Change {
            subject: "client".into(),
            what: format!("server `{url}` listed"),
            wire: Impact::None,
            rust: Impact::None,
        });
    }
    for url in was.iter().filter(|url| !is.contains(url) && **url != old.server.url) {
        changes.push(Change {
            subject: "client".into(),
            what: format!("server `{url}` no longer listed"),
            wire: Impact::None,
            rust: Impact::None,
        });
    }
    for scheme in &old.security_schemes {
        match new.security_schemes.iter().find(|s| s.name == scheme.name) {
            None => changes.push(Change {
                subject: "client".into(),
                what: format!(
                    "security scheme `{}` removed, and with it `ClientBuilder::{}`",
                    scheme.name, scheme.setter
                ),
                wire: Impact::None,
                rust: Impact::Breaking,
            }),
            Some(now) if now.kind != scheme.kind => changes.push(Change {
                subject: "client".into(),
                what: format!(
                    "security scheme `{}` now sends its credential differently ({:?} → {:?})",
                    scheme.name, scheme.kind, now.kind
                ),
                wire: Impact::Breaking,
                // Basic's setter takes a user name and a password, the
                // others one credential.
                rust: if now.setter == scheme.setter
                    && (now.kind == SchemeKind::Basic) == (scheme.kind == SchemeKind::Basic)
                {
                    Impact::None
                } else {
                    Impact::Breaking
                },
            }),
            Some(_) => {}
        }
    }
    for scheme in &new.security_schemes {
        if !old.security_schemes.iter().any(|s| s.name == scheme.name) {
            changes.push(Change {
                subject: "client".into(),
                what: format!(
                    "security scheme `{}` added, set with `ClientBuilder::{}`",
                    scheme.name, scheme.setter
                ),
                wire: Impact::None,
                rust: Impact::Addition,
            });
        }
    }
    if old.default_security != new.default_security {
        changes.push(Change {
            subject: "client".into(),
            what: format!(
                "the default security requirements changed from {} to {}",
                requirements_text(&old.default_security),
                requirements_text(&new.default_security)
            ),
            wire: requirements_impact(&old.default_security, &new.default_security),
            rust: Impact::None,
        });
    }
}

/// The server URL with its variables at their defaults.
fn expanded(server: &crate::ir::Server) -> String {
    server
        .variables
        .iter()
        .fold(server.url.clone(), |url, (name, default)| {
            url.replace(&format!("{{{name}}}"), default)
        })
}

/// `[bearerAuth] or [apiKey + basic]`, or `none`.
pub(crate) fn requirements_text(requirements: &[Vec<String>]) -> String {
    if requirements.is_empty() {
        return "none".into();
    }
    requirements
        .iter()
        .map(|names| format!("[{}]", names.join(" + ")))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A deployed client sends the credentials of the old requirements: the
/// new ones break it unless every old alternative is still accepted.
pub(crate) fn requirements_impact(old: &[Vec<String>], new: &[Vec<String>]) -> Impact {
    let open = |requirements: &[Vec<String>]| requirements.is_empty() || requirements.iter().any(Vec::is_empty);
    if open(new) || old.iter().all(|alternative| new.contains(alternative)) && !open(old) {
        Impact::None
    } else {
        Impact::Breaking
    }
}

/// Which types each direction reaches, by name.
fn directions(api: &Api) -> BTreeMap<String, Direction> {
    let mut out: BTreeMap<String, Direction> = BTreeMap::new();
    let mut mark = |ty: &TypeExpr, sent: bool| {
        let mut stack = Vec::new();
        ty.each_named(&mut |id| stack.push(id));
        let mut seen = std::collections::BTreeSet::new();
        while let Some(TypeId(index)) = stack.pop() {
            if !seen.insert(index) {
                continue;
            }
            let Some(def) = api.types.get(index) else { continue };
            let entry = out.entry(def.name.clone()).or_default();
            if sent {
                entry.sent = true;
            } else {
                entry.received = true;
            }
            for id in crate::lower::mentioned(&def.kind) {
                stack.push(TypeId(id));
            }
        }
    };
    for operation in &api.operations {
        for parameter in operation.path_params.iter().chain(&operation.other_params) {
            mark(&parameter.ty, true);
        }
        for body in &operation.bodies {
            mark(&body.ty, true);
        }
        for case in &operation.responses.cases {
            if let crate::ir::Decode::Json(ty) = &case.decode {
                mark(ty, false);
            }
        }
        if let crate::ir::SuccessType::Events(crate::ir::EventData::Json(ty)) = &operation.responses.success {
            mark(ty, false);
        }
    }
    // Webhook and callback payloads arrive at the user's server: received
    // data.
    for event in api.event_sets().flat_map(|events| &events.events) {
        mark(&event.payload, false);
    }
    for def in &api.types {
        if let TypeKind::Params(_) = def.kind {
            out.entry(def.name.clone()).or_default().sent = true;
        }
    }
    out
}

/// A type expression as the generated code spells it, with named types by
/// name (ids differ between the two documents).
pub(crate) fn spelled(api: &Api, ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Unit => "()".into(),
        TypeExpr::Bool => "bool".into(),
        TypeExpr::I32 => "i32".into(),
        TypeExpr::I64 => "i64".into(),
        TypeExpr::F32 => "f32".into(),
        TypeExpr::F64 => "f64".into(),
        TypeExpr::String => "String".into(),
        TypeExpr::Uuid => "Uuid".into(),
        TypeExpr::Base64 => "Base64Bytes".into(),
        TypeExpr::File => "FilePart".into(),
        TypeExpr::Bytes => "Bytes".into(),
        TypeExpr::Json => "serde_json::Value".into(),
        TypeExpr::JsonObject => "serde_json::Map".into(),
        TypeExpr::Vec(inner) => format!("Vec<{}>", spelled(api, inner)),
        TypeExpr::Map(inner) => format!("BTreeMap<String, {}>", spelled(api, inner)),
        TypeExpr::Option(inner) => format!("Option<{}>", spelled(api, inner)),
        TypeExpr::Boxed(inner) => format!("Box<{}>", spelled(api, inner)),
        TypeExpr::Named(TypeId(index)) => api.types.get(*index).map_or_else(|| "?".into(), |t| t.name.clone()),
    }
}

/// The type a name stands for once aliases made by sharing are followed.
pub(crate) fn resolved<'a>(api: &'a Api, def: &'a TypeDef) -> &'a TypeDef {
    let mut current = def;
    for _ in 0..api.types.len() {
        match &current.kind {
            TypeKind::Alias(TypeExpr::Named(TypeId(index))) => match api.types.get(*index) {
                Some(next) => current = next,
                None => break,
            },
            _ => break,
        }
    }
    current
}
