//! The webhook events (and each operation's callback events): which events
//! the enum has, their payloads, where a delivery names its event, and how
//! it is signed. (The payload types' own properties are compared with the
//! other types, as data the user receives.)

use std::collections::BTreeSet;

use super::{Change, Impact, spelled};
use crate::ir::{Api, EventSource, Webhooks};

pub(super) fn compare(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    compare_sets(old, new, old.webhooks.as_ref(), new.webhooks.as_ref(), changes);
    // An operation's callbacks are matched by the operation's method.
    let method = |events: &Webhooks| match &events.source {
        EventSource::Callbacks { method } => method.clone(),
        EventSource::Webhooks => String::new(),
    };
    let methods: BTreeSet<String> = old
        .operation_callbacks
        .iter()
        .chain(&new.operation_callbacks)
        .map(method)
        .collect();
    for name in methods {
        let was = old.operation_callbacks.iter().find(|events| method(events) == name);
        let is = new.operation_callbacks.iter().find(|events| method(events) == name);
        compare_sets(old, new, was, is, changes);
    }
}

fn compare_sets(old: &Api, new: &Api, was: Option<&Webhooks>, is: Option<&Webhooks>, changes: &mut Vec<Change>) {
    let subject = |events: &Webhooks| match &events.source {
        EventSource::Webhooks => format!("webhooks ({})", events.enum_name),
        EventSource::Callbacks { method } => format!("callbacks of `{method}` ({})", events.enum_name),
    };
    let kind = |events: &Webhooks| match &events.source {
        EventSource::Webhooks => "webhook",
        EventSource::Callbacks { .. } => "callback",
    };
    let (was, is) = match (was, is) {
        (None, None) => return,
        (None, Some(is)) => {
            changes.push(Change {
                subject: subject(is),
                what: format!("{} events declared: `types::{}` with `parse`", kind(is), is.enum_name),
                wire: Impact::None,
                rust: Impact::Addition,
            });
            return;
        }
        (Some(was), None) => {
            changes.push(Change {
                subject: subject(was),
                what: format!(
                    "{} events no longer declared: `types::{}` removed",
                    kind(was),
                    was.enum_name
                ),
                wire: Impact::None,
                rust: Impact::Breaking,
            });
            return;
        }
        (Some(was), Some(is)) => (was, is),
    };
    let subject = subject(is);
    let mut push = |what: String, wire: Impact, rust: Impact| {
        changes.push(Change {
            subject: subject.clone(),
            what,
            wire,
            rust,
        })
    };
    for event in &is.events {
        match was.events.iter().find(|e| e.wire_name == event.wire_name) {
            // A receiver built on the old document gets it as `Other`; an
            // exhaustive `match` on the enum no longer compiles.
            None => push(
                format!("event `{}` added (variant `{}`)", event.wire_name, event.variant),
                Impact::None,
                Impact::Breaking,
            ),
            Some(before) => {
                let (then, now) = (spelled(old, &before.payload), spelled(new, &event.payload));
                if then != now {
                    push(
                        format!(
                            "event `{}`: payload type changed from `{then}` to `{now}`",
                            event.wire_name
                        ),
                        Impact::None,
                        Impact::Breaking,
                    );
                }
                if before.variant != event.variant {
                    push(
                        format!(
                            "event `{}`: variant renamed from `{}` to `{}`",
                            event.wire_name, before.variant, event.variant
                        ),
                        Impact::None,
                        Impact::Breaking,
                    );
                }
            }
        }
    }
    for event in &was.events {
        if !is.events.iter().any(|e| e.wire_name == event.wire_name) {
            push(
                format!("event `{}` removed (variant `{}`)", event.wire_name, event.variant),
                Impact::None,
                Impact::Breaking,
            );
        }
    }
    if was.event_name != is.event_name {
        push(
            format!(
                "deliveries name their event elsewhere ({:?} → {:?}): old receivers read every event as unknown",
                was.event_name, is.event_name
            ),
            Impact::Breaking,
            Impact::None,
        );
    }
    match (&was.signing, &is.signing) {
        (None, Some(_)) => push(
            "deliveries are signed: `verify` added".to_string(),
            Impact::None,
            Impact::Addition,
        ),
        (Some(_), None) => push(
            "deliveries are no longer signed: `verify` removed".to_string(),
            Impact::Breaking,
            Impact::Breaking,
        ),
        (Some(then), Some(now)) if then != now => push(
            "deliveries are signed differently: old receivers refuse every delivery".to_string(),
            Impact::Breaking,
            Impact::None,
        ),
        _ => {}
    }
    if was.delivery_id_header != is.delivery_id_header {
        push(
            format!(
                "the delivery id header changed ({:?} → {:?})",
                was.delivery_id_header, is.delivery_id_header
            ),
            Impact::Breaking,
            Impact::None,
        );
    }
}
