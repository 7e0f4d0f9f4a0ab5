//! Leaving out types nothing uses, once operations were left out: the
//! module then holds the selected operations and only the types they reach.

use std::collections::{BTreeMap, BTreeSet};

use super::recursion::all_edges;
use crate::ir::{
    Decode, EventData, Examples, Operation, SuccessType, TypeDef, TypeExpr, TypeId, UntestedExample, Webhooks,
};

/// Removes the types `operations` and the event sets (webhooks, callbacks)
/// do not reach, renumbering the others (in all of them and `examples`; an
/// example whose type is removed becomes untested).
pub fn keep_reachable(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    event_sets: &mut [&mut Webhooks],
    examples: &mut Examples,
) {
    let by_name: BTreeMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let mut reachable = BTreeSet::new();
    let mut stack: Vec<usize> = Vec::new();
    for operation in operations.iter_mut() {
        if let Some(index) = operation.params_type.as_deref().and_then(|name| by_name.get(name)) {
            stack.push(*index);
        }
        each_type(operation, &mut |ty| collect_named(ty, &mut stack));
    }
    for event in event_sets.iter_mut().flat_map(|events| events.events.iter_mut()) {
        collect_named(&mut event.payload, &mut stack);
    }
    while let Some(index) = stack.pop() {
        if reachable.insert(index) {
            stack.extend(all_edges(&types[index].kind));
        }
    }
    let renumbered: BTreeMap<usize, usize> = reachable.iter().enumerate().map(|(new, old)| (*old, new)).collect();
    let mut index = 0;
    types.retain(|_| {
        index += 1;
        reachable.contains(&(index - 1))
    });
    let renumber = |ty: &mut TypeExpr| remap(ty, &renumbered);
    for def in types.iter_mut() {
        def.kind.each_type_mut(&mut |ty| renumber(ty));
    }
    for operation in operations.iter_mut() {
        each_type(operation, &mut |ty| renumber(ty));
    }
    for event in event_sets.iter_mut().flat_map(|events| events.events.iter_mut()) {
        renumber(&mut event.payload);
    }
    for example in std::mem::take(&mut examples.tested) {
        let mut kept = true;
        example
            .ty
            .each_named(&mut |TypeId(id)| kept &= renumbered.contains_key(&id));
        if kept {
            let mut example = example;
            renumber(&mut example.ty);
            examples.tested.push(example);
        } else {
            examples.untested.push(UntestedExample {
                file: example.file,
                pointer: example.pointer,
                reason: "its type is left out with the operations the callbacks left out".to_string(),
            });
        }
    }
}

/// Every type expression an operation holds.
fn each_type(operation: &mut Operation, visit: &mut dyn FnMut(&mut TypeExpr)) {
    for parameter in operation
        .path_params
        .iter_mut()
        .chain(operation.other_params.iter_mut())
    {
        visit(&mut parameter.ty);
    }
    for body in &mut operation.bodies {
        visit(&mut body.ty);
    }
    let responses = &mut operation.responses;
    match &mut responses.success {
        SuccessType::Json(ty) | SuccessType::Enum(ty) | SuccessType::Events(EventData::Json(ty)) => visit(ty),
        SuccessType::Unit | SuccessType::Text | SuccessType::Bytes | SuccessType::Events(EventData::Text) => {}
    }
    visit(&mut responses.error);
    for case in &mut responses.cases {
        if let Decode::Json(ty) = &mut case.decode {
            visit(ty);
        }
    }
}

fn collect_named(ty: &mut TypeExpr, out: &mut Vec<usize>) {
    ty.each_named(&mut |TypeId(id)| out.push(id));
}

fn remap(ty: &mut TypeExpr, renumbered: &BTreeMap<usize, usize>) {
    ty.each_named_mut(&mut |id| {
        if let Some(new) = renumbered.get(&id.0) {
            *id = TypeId(*new);
        }
    });
}
