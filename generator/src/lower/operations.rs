//! Paths and methods → operations: names, parameters and the params struct.
//!
//! Operations are visited sorted by path, then method, so the names they
//! claim (and any collision suffixes) do not depend on document order.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, QueryStyle as OaQueryStyle, ReferenceOr};

use super::Lowerer;
use super::docs;
use super::names::{Namespace, camel_ident, snake_ident, suffixed};
use super::schema::hint_for;
use crate::callbacks::OperationInfo;
use crate::diagnostics::pointer_join;
use crate::ir::{
    ExternalDocs, Extras, Field, Locals, Operation, ParamLocation, Parameter as IrParameter, PathSegment, Presence,
    QueryStyle, Struct, TypeDef, TypeExpr, TypeKind, Webhooks,
};

pub(crate) use crate::load::METHODS;

impl Lowerer<'_> {
    /// The operations, and the events of their `callbacks`.
    pub(crate) fn lower_operations(&mut self) -> (Vec<Operation>, Vec<Webhooks>) {
        let doc = self.doc;
        let mut entries: Vec<(&String, &str, &openapiv3::Operation, &PathItem)> = Vec::new();
        let mut paths: Vec<(&String, &ReferenceOr<PathItem>)> = doc.openapi.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (path, item) in paths {
            let ReferenceOr::Item(item) = item else {
                self.warn(
                    &pointer_join("#/paths", path),
                    "path item `$ref`s are not supported; path skipped",
                );
                continue;
            };
            for method in METHODS {
                if let Some(operation) = operation_for(item, method) {
                    entries.push((path, method, operation, item));
                }
            }
        }
        self.check_duplicate_ids(&entries);
        let mut method_names = Namespace::with_reserved(super::reserved::CLIENT_METHODS);
        let mut operations = Vec::with_capacity(entries.len());
        let mut callback_events = Vec::new();
        for (path, method, operation, item) in entries {
            let pointer = pointer_join(&pointer_join("#/paths", path), method);
            let operation_id = operation
                .operation_id
                .clone()
                .unwrap_or_else(|| synthesize_id(method, path));
            let info = OperationInfo {
                operation_id: &operation_id,
                method,
                path,
                tags: &operation.tags,
            };
            if let Some(callbacks) = self.callbacks {
                if !callbacks.include_operation(&info) {
                    self.excluded_operations += 1;
                    continue;
                }
            }
            let chosen = self.callbacks.and_then(|c| c.method_name(&info));
            let name = method_names.claim(snake_ident(chosen.as_deref().unwrap_or(&operation_id), "op"));
            let endpoint = Endpoint {
                path,
                method,
                operation,
                item,
                pointer: &pointer,
            };
            let mut lowered = self.lower_operation(name, operation_id, endpoint);
            // Extra media types get methods of their own, named after the
            // primary method and claimed in the same namespace; so do the
            // stream methods of a paginated listing.
            for body in lowered.bodies.iter_mut().skip(1) {
                if let Some(suffix) = &body.method_suffix {
                    body.method_suffix = Some(method_names.claim(suffixed(&lowered.name, suffix)));
                }
            }
            lowered.paging = self.lower_paging(operation, &lowered, &pointer, &mut method_names);
            callback_events.extend(self.lower_callbacks(operation, &pointer, &lowered.name));
            operations.push(lowered);
        }
        (operations, callback_events)
    }

    fn check_duplicate_ids(&mut self, entries: &[(&String, &str, &openapiv3::Operation, &PathItem)]) {
        let mut seen: BTreeMap<&str, String> = BTreeMap::new();
        for (path, method, operation, _) in entries {
            let Some(id) = operation.operation_id.as_deref() else {
                continue;
            };
            let pointer = pointer_join(&pointer_join("#/paths", path), method);
            match seen.get(id) {
                Some(first) => {
                    let message = format!("operationId `{id}` is already used by {first}");
                    self.error(&format!("{pointer}/operationId"), message);
                }
                None => {
                    seen.insert(id, pointer);
                }
            }
        }
    }

    fn lower_operation(&mut self, name: String, operation_id: String, endpoint: Endpoint<'_>) -> Operation {
        let Endpoint {
            path,
            method,
            operation,
            item,
            pointer,
        } = endpoint;
        let type_prefix = camel_ident(&name, "Op");
        let parameters = self.merged_parameters(item, operation, path, pointer, &type_prefix);
        let template = parse_template(path);
        // Path parameters keep their names; the method's own names give way.
        let mut arg_names = Namespace::default();
        let mut path_params: Vec<IrParameter> = Vec::new();
        let mut path_segments = Vec::new();
        for segment in &template {
            match segment {
                Template::Literal(text) => path_segments.push(PathSegment::Literal(text.clone())),
                Template::Param(param_name) => {
                    let found = parameters
                        .iter()
                        .find(|(p, _)| p.location == ParamLocation::Path && p.wire_name == *param_name);
                    let mut param = match found {
                        Some((param, _)) => param.clone(),
                        None => {
                            self.warn(
                                pointer,
                                format!("path parameter `{param_name}` is not declared; typed as String"),
                            );
                            IrParameter {
                                rust_name: String::new(),
                                wire_name: param_name.clone(),
                                location: ParamLocation::Path,
                                ty: TypeExpr::String,
                                required: true,
                                style: QueryStyle::Form { explode: false },
                                doc: None,
                                deprecated: false,
                            }
                        }
                    };
                    param.rust_name = arg_names.claim(snake_ident(&param.wire_name, "param"));
                    param.required = true;
                    path_segments.push(PathSegment::Param(path_params.len()));
                    path_params.push(param);
                }
            }
        }
        for (param, param_pointer) in &parameters {
            if param.location == ParamLocation::Path && !path_params.iter().any(|p| p.wire_name == param.wire_name) {
                self.warn(
                    param_pointer,
                    format!(
                        "path parameter `{}` does not appear in the path; ignored",
                        param.wire_name
                    ),
                );
            }
        }
        let mut field_names = Namespace::default();
        let mut other_params: Vec<IrParameter> = parameters
            .into_iter()
            .filter(|(p, _)| p.location != ParamLocation::Path)
            .map(|(mut p, _)| {
                p.rust_name = field_names.claim(snake_ident(&p.wire_name, "param"));
                p
            })
            .collect();
        other_params.sort_by_key(|p| p.location as u8);
        let params_type = (!other_params.is_empty()).then(|| {
            let params_name = self.claim_type_name(&format!("{type_prefix}Params"), &format!("{pointer}/parameters"));
            let method = if self.types_apart {
                // The type's crate does not see the client.
                format!("`Client::{name}`")
            } else {
                format!("[`Client::{name}`](super::Client::{name})")
            };
            self.push_named(params_struct(&params_name, &method, &other_params, pointer));
            params_name
        });
        let locals = locals(arg_names);
        let (bodies, body_required) = self.lower_bodies(operation, &type_prefix, pointer);
        let responses = self.lower_responses(operation, &type_prefix, pointer);
        let security = operation.security.as_ref().map(|requirements| {
            requirements
                .iter()
                .map(super::security::requirement_names)
                .collect::<Vec<_>>()
        });
        Operation {
            name,
            operation_id,
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            path_segments,
            summary: operation.summary.as_deref().map(docs::sanitize),
            description: operation.description.as_deref().map(docs::sanitize),
            external_docs: operation.external_docs.as_ref().map(|external| ExternalDocs {
                url: external.url.clone(),
                description: external
                    .description
                    .as_deref()
                    .map(|d| docs::sanitize(d).replace('\n', " ")),
            }),
            deprecated: operation.deprecated,
            path_params,
            other_params,
            params_type,
            bodies,
            body_required,
            responses,
            security,
            pointer: pointer.to_string(),
            locals,
            paging: None,
        }
    }

    /// Path-level parameters merged with the operation's: the operation's
    /// win for the same name and location, keeping the first position.
    fn merged_parameters(
        &mut self,
        item: &PathItem,
        operation: &openapiv3::Operation,
        path: &str,
        pointer: &str,
        type_prefix: &str,
    ) -> Vec<(IrParameter, String)> {
        let path_pointer = pointer_join("#/paths", path);
        let mut merged: IndexMap<(u8, String), (IrParameter, String)> = IndexMap::new();
        let sources = [
            (&item.parameters, path_pointer),
            (&operation.parameters, pointer.to_string()),
        ];
        for (parameters, base) in sources {
            for (index, parameter) in parameters.iter().enumerate() {
                let site = format!("{base}/parameters/{index}");
                let Some((parameter, resolved)) = self.resolve_object(parameter, &site) else {
                    continue;
                };
                let Some(lowered) = self.lower_parameter(&parameter, &resolved, type_prefix) else {
                    continue;
                };
                merged.insert((lowered.location as u8, lowered.wire_name.clone()), (lowered, resolved));
            }
        }
        merged.into_values().collect()
    }

    fn lower_parameter(&mut self, parameter: &Parameter, pointer: &str, type_prefix: &str) -> Option<IrParameter> {
        let data = parameter.parameter_data_ref();
        let (location, style) = match parameter {
            Parameter::Path { .. } => (ParamLocation::Path, QueryStyle::Form { explode: false }),
            Parameter::Query { style, .. } => {
                let style = match style {
                    OaQueryStyle::Form => QueryStyle::Form {
                        explode: data.explode.unwrap_or(true),
                    },
                    OaQueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                    OaQueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                    OaQueryStyle::DeepObject => QueryStyle::DeepObject,
                };
                (ParamLocation::Query, style)
            }
            Parameter::Header { .. } => (ParamLocation::Header, QueryStyle::Form { explode: false }),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::Form { explode: true }),
        };
        let hint = || format!("{type_prefix}{}", camel_ident(&data.name, "Param"));
        let converted = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.convert_ref_or(schema, &hint_for(schema, hint), &format!("{pointer}/schema"))
            }
            ParameterSchemaOrContent::Content(content) => match content.first().and_then(|(_, m)| m.schema.as_ref()) {
                Some(schema) => self.convert_ref_or(schema, &hint(), &format!("{pointer}/content")),
                None => super::Converted::plain(TypeExpr::String),
            },
        };
        Some(IrParameter {
            rust_name: String::new(),
            wire_name: data.name.clone(),
            location,
            ty: converted.ty,
            required: data.required || location == ParamLocation::Path,
            style,
            doc: docs::join(None, data.description.as_deref()),
            deprecated: data.deprecated.unwrap_or(false),
        })
    }
}

/// The method's argument and local names, claimed after its path
/// parameters: a path parameter named `request` keeps its name, and the
/// request being built becomes `request_2`.
fn locals(mut names: Namespace) -> Locals {
    let mut claim = |name: &str| names.claim(name);
    Locals {
        params: claim("params"),
        body: claim("body"),
        body_type: "Body".to_string(),
        path: claim("path"),
        request: claim("request"),
        response: claim("response"),
        form: claim("form"),
        file: claim("file"),
    }
}

pub(crate) fn operation_for<'a>(item: &'a PathItem, method: &str) -> Option<&'a openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// `GET /contacts/{id}/notes` → `get_contacts_by_id_notes`.
pub(crate) fn synthesize_id(method: &str, path: &str) -> String {
    let mut id = method.to_string();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("by_");
                id.push_str(param);
            }
            None => id.push_str(segment),
        }
    }
    id
}

/// One operation of the document and where it is.
struct Endpoint<'d> {
    path: &'d str,
    method: &'d str,
    operation: &'d openapiv3::Operation,
    /// The path item, for path-level parameters.
    item: &'d PathItem,
    pointer: &'d str,
}

enum Template {
    Literal(String),
    Param(String),
}

fn parse_template(path: &str) -> Vec<Template> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            out.push(Template::Literal(rest[..start].to_string()));
        }
        out.push(Template::Param(rest[start + 1..start + len].to_string()));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(Template::Literal(rest.to_string()));
    }
    out
}

/// The struct of an operation's query, header and cookie parameters;
/// `method` is the method as its doc names it.
fn params_struct(name: &str, method: &str, params: &[IrParameter], pointer: &str) -> TypeDef {
    let fields = params
        .iter()
        .map(|p| Field {
            name: p.rust_name.clone(),
            wire_name: p.wire_name.clone(),
            ty: p.ty.clone(),
            presence: if p.required {
                Presence::Required
            } else {
                Presence::Optional
            },
            default: None,
            doc: p.doc.clone(),
            deprecated: p.deprecated,
        })
        .collect();
    TypeDef {
        name: name.to_string(),
        doc: Some(format!("Query, header and cookie parameters of {method}.")),
        deprecated: false,
        pointer: pointer.to_string(),
        extras: Extras::default(),
        kind: TypeKind::Params(Struct {
            fields,
            extra: None,
            multipart: false,
        }),
    }
}
