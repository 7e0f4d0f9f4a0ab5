//! Client methods as text. What a method says is decided once, in a
//! [`MethodPlan`], and written either laid out exactly as prettyplease lays
//! out its source, or, where that layout is not certain, as source that
//! prettyplease formats. A module has a method per operation (GitHub:
//! 1,223), and building, parsing and formatting their tokens was the
//! largest part of rendering.
//!
//! Every method has the same skeleton, so its layout comes down to a few
//! decisions: whether the signature fits (else one parameter per line, and
//! the return type's generic arguments broken as in `lines`), whether the
//! request's construction fits (else the chain `self` / `.runtime` /
//! `.request(…)`, its arguments one per line past the margin), and each
//! response arm on its line:
//!
//! ```text
//! pub fn contact_get(
//!     &self,
//!     id: i64,
//! ) -> ::switchboard_runtime::Call<'_, ::switchboard_runtime::ResponseValue<types::Contact>, types::ContactGetError> {
//!     let id = ::switchboard_runtime::path_segment(&id);
//!     let path = format!("/contacts/{id}");
//!     let mut request = self
//!         .runtime
//!         .request(::switchboard_runtime::reqwest::Method::GET, path, "contactGet");
//!     request.header("Accept", "application/json");
//!     self.runtime
//!         .call(
//!             request,
//!             |response| match response.status().as_u16() {
//!                 200 => response.json(),
//!                 _ => Err(response.unexpected()),
//!             },
//!         )
//! }
//! ```
//!
//! What this file does not lay out as prettyplease would (an arm with a
//! closure past the margin, a multipart body) is `None`, and the method's
//! source goes through prettyplease; the tests compare both on every method
//! of the specs, fixtures and large documents.

use proc_macro2::{Literal, TokenStream};

use super::lines::Lines;
use super::operations::{method_doc, passed_by_value};
use super::type_expr::Paths;
use crate::ir::{
    Api, Body, BodyKind, Decode, EventData, FileShape, Operation, ParamLocation, Parameter, PathSegment, QueryStyle,
    ResponseCase, StatusMatch, SuccessType, TypeExpr,
};

/// Everything a method says, decided once, as text. It is written laid out
/// ([`MethodPlan::layout`]) or, where that is not certain, as one flat
/// source that prettyplease formats ([`MethodPlan::tokens`]).
pub(super) struct MethodPlan {
    doc: String,
    deprecated: bool,
    name: String,
    /// The body's type parameter (`Body: Into<…>`), for a raw body.
    generic: Option<String>,
    /// `&self` first; each parameter as its name (`id: `) and its type.
    params: Vec<(String, String)>,
    returns: String,
    /// The call that reads an event stream (`.events()`).
    read: Option<&'static str>,
    /// The path parameters' encodings: each name and its argument.
    bindings: Vec<(String, String)>,
    template: Template,
    /// `let mut request`, or `let request` when nothing is added to it.
    binding: String,
    request: String,
    request_args: [String; 3],
    statements: Vec<Statement>,
    response: String,
    arms: Vec<(String, ArmExpr)>,
}

impl MethodPlan {
    pub(super) fn new(api: &Api, operation: &Operation, body: Option<&Body>, paths: &Paths) -> Self {
        let locals = &operation.locals;
        let (generic, params) = parameters(operation, body, paths);
        let name = body.and_then(|b| b.method_suffix.as_deref()).unwrap_or(&operation.name);
        let (returns, read) = return_type(operation, paths);
        let (bindings, template) = path_statements(operation, &locals.path);
        let statements = statements(api, operation, body);
        let request = locals.request.clone();
        MethodPlan {
            doc: method_doc(api, operation, body),
            deprecated: operation.deprecated,
            name: name.to_string(),
            generic,
            params,
            returns,
            read,
            bindings,
            binding: if statements.is_empty() {
                format!("let {request}")
            } else {
                format!("let mut {request}")
            },
            request_args: [
                format!("::switchboard_runtime::reqwest::Method::{}", operation.method),
                template.path.clone(),
                string(&operation.operation_id),
            ],
            template,
            request,
            statements,
            arms: arms(operation, paths, &locals.response),
            response: locals.response.clone(),
        }
    }

    /// The attributes before the signature (docs as attributes, as the
    /// token path writes them).
    fn attributes(&self) -> Vec<&'static str> {
        let mut attributes = Vec::new();
        if self.deprecated {
            attributes.push("#[deprecated]");
        }
        // Path parameters are positional: an operation with many has as
        // many arguments (clippy counts `self` too).
        if self.params.len() > 7 {
            attributes.push("#[allow(clippy::too_many_arguments)]");
        }
        attributes
    }

    /// `pub fn name<G>(`.
    fn open(&self) -> String {
        match &self.generic {
            Some(generic) => format!("pub fn {}<{generic}>(", self.name),
            None => format!("pub fn {}(", self.name),
        }
    }

    /// `pub fn name(&self, a: A) -> R {` on one line when it fits; else one
    /// parameter per line, and `) -> R {` with `R`'s generic arguments
    /// broken past the margin.
    fn signature(&self, lines: &mut Lines) -> Option<()> {
        let (open, params, returns) = (self.open(), &self.params, &self.returns);
        let flat: Vec<String> = params.iter().map(|(name, ty)| format!("{name}{ty}")).collect();
        if lines
            .code(0, &format!("{open}{}) -> {returns} {{", flat.join(", ")))
            .is_some()
        {
            return Some(());
        }
        match &self.generic {
            // The generic parameter breaks first when the line up to `(`
            // does not fit: `pub fn name<` / `Body: Into<…>,` / `>(`.
            Some(generic) if !Lines::fits(0, &open) => {
                lines.push(0, &format!("pub fn {}<", self.name));
                lines.code_item(1, generic, true)?;
                lines.push(0, ">(");
            }
            _ => lines.push(0, &open),
        }
        for (i, (name, ty)) in params.iter().enumerate() {
            lines.typed_item(1, name, ty, i + 1 == params.len())?;
        }
        lines.typed(0, ") -> ", returns, " {")
    }

    /// The method laid out as prettyplease lays it out, at column 0;
    /// `None` where that is not certain.
    pub(super) fn layout(&self) -> Option<String> {
        let mut lines = Lines { out: String::new() };
        lines.doc(0, Some(&self.doc));
        for attribute in self.attributes() {
            lines.push(0, attribute);
        }
        self.signature(&mut lines)?;

        for (name, argument) in &self.bindings {
            let call = format!("let {name} = ::switchboard_runtime::path_segment(");
            if lines.code(1, &format!("{call}{argument});")).is_none() {
                lines.push(1, &call);
                lines.unbreakable(2, &format!("{argument},"));
                lines.push(1, ");");
            }
        }
        let template = &self.template;
        if lines.code(1, &template.flat()).is_none() {
            // prettyplease breaks a macro's arguments without a trailing comma.
            if !template.format {
                return None;
            }
            lines.push(1, &format!("let {} = format!(", template.path));
            lines.unbreakable(2, &template.literal);
            lines.push(1, ");");
        }
        if lines.code(1, &self.request_statement()).is_none() {
            lines.push(1, &format!("{} = self", self.binding));
            lines.push(2, ".runtime");
            // Each argument is a path, a name or a literal: nothing to break.
            let arguments = &self.request_args;
            lines.group_with(2, (".request(", ");"), arguments, None, |lines, depth, i| {
                lines.unbreakable(depth, &format!("{},", arguments[i]));
                Some(())
            })?;
        }
        for statement in &self.statements {
            statement.write(&mut lines, &self.request)?;
        }

        let (request, response) = (&self.request, &self.response);
        lines.push(1, "self.runtime");
        lines.push(2, ".call(");
        lines.code(3, &format!("{request},"))?;
        lines.code(3, &format!("|{response}| match {response}.status().as_u16() {{"))?;
        for (patterns, expr) in &self.arms {
            // The comma after an arm is printed only when it stays on its
            // line, and does not count towards the margin.
            if lines
                .code_then(4, &format!("{patterns} => {}", expr.flat(response)), ",")
                .is_none()
            {
                lines.push(4, &format!("{patterns} => {{"));
                expr.broken(&mut lines, 5, response)?;
                lines.push(4, "}");
            }
        }
        lines.push(3, "},");
        lines.push(2, ")");
        if let Some(read) = self.read {
            lines.push(2, read);
        }
        lines.push(0, "}");
        Some(lines.out)
    }

    /// The method as tokens, for prettyplease to lay out: its source, one
    /// line per statement, read by proc-macro2.
    pub(super) fn tokens(&self) -> TokenStream {
        super::source_tokens(self.source())
    }

    fn source(&self) -> String {
        let mut source = String::new();
        for line in self.doc.lines() {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            source.push_str(&format!("#[doc = {}]\n", string(&line)));
        }
        for attribute in self.attributes() {
            source.push_str(attribute);
            source.push('\n');
        }
        let params: Vec<String> = self.params.iter().map(|(name, ty)| format!("{name}{ty}")).collect();
        source.push_str(&format!(
            "{}{}) -> {} {{\n",
            self.open(),
            params.join(", "),
            self.returns
        ));
        for (name, argument) in &self.bindings {
            source.push_str(&format!(
                "let {name} = ::switchboard_runtime::path_segment({argument});\n"
            ));
        }
        source.push_str(&self.template.flat());
        source.push('\n');
        source.push_str(&self.request_statement());
        source.push('\n');
        for statement in &self.statements {
            source.push_str(&statement.source(&self.request));
            source.push('\n');
        }
        let response = &self.response;
        let arms: Vec<String> = self
            .arms
            .iter()
            .map(|(patterns, expr)| format!("{patterns} => {},", expr.flat(response)))
            .collect();
        source.push_str(&format!(
            "self.runtime.call({}, |{response}| match {response}.status().as_u16() {{ {} }}){}\n}}\n",
            self.request,
            arms.join(" "),
            self.read.unwrap_or("")
        ));
        source
    }

    /// `let mut request = self.runtime.request(Method::GET, path, "id");`
    fn request_statement(&self) -> String {
        format!(
            "{} = self.runtime.request({});",
            self.binding,
            self.request_args.join(", ")
        )
    }
}

/// The body's type parameter, for a raw body, and the parameters (`&self`
/// first, each as its name with `: ` and its type) of the method.
pub(super) fn parameters(
    operation: &Operation,
    body: Option<&Body>,
    paths: &Paths,
) -> (Option<String>, Vec<(String, String)>) {
    let mut params = vec![("&self".to_string(), String::new())];
    for param in &operation.path_params {
        let ty = match &param.ty {
            ty if passed_by_value(ty) => paths.ty_outside_text(ty),
            TypeExpr::String => "&str".to_string(),
            other => format!("&{}", paths.ty_outside_text(other)),
        };
        params.push((format!("{}: ", param.rust_name), ty));
    }
    let locals = &operation.locals;
    if let Some(params_type) = &operation.params_type {
        params.push((format!("{}: ", locals.params), format!("&types::{params_type}")));
    }
    let mut generic = None;
    if let Some(body) = body {
        let raw = match body.kind {
            BodyKind::Bytes => Some("::switchboard_runtime::Upload"),
            BodyKind::Text => Some("String"),
            _ => None,
        };
        let ty = match raw {
            Some(raw) => {
                generic = Some(format!("{}: Into<{raw}>", locals.body_type));
                locals.body_type.clone()
            }
            None => {
                let reference = match &body.ty {
                    TypeExpr::Vec(inner) => format!("&[{}]", paths.ty_outside_text(inner)),
                    TypeExpr::String => "&str".to_string(),
                    ty => format!("&{}", paths.ty_outside_text(ty)),
                };
                if operation.body_required {
                    reference
                } else {
                    format!("Option<{reference}>")
                }
            }
        };
        params.push((format!("{}: ", locals.body), ty));
    }
    (generic, params)
}

/// The return type, and the call that reads an event stream.
fn return_type(operation: &Operation, paths: &Paths) -> (String, Option<&'static str>) {
    let (success, error) = success_and_error(operation, paths);
    match &operation.responses.success {
        SuccessType::Events(EventData::Json(data)) => (
            format!(
                "::switchboard_runtime::Events<'_, {}, {error}>",
                paths.ty_outside_text(data)
            ),
            Some(".events()"),
        ),
        SuccessType::Events(EventData::Text) => (
            format!("::switchboard_runtime::Events<'_, String, {error}>"),
            Some(".text_events()"),
        ),
        _ => (
            format!("::switchboard_runtime::Call<'_, ::switchboard_runtime::ResponseValue<{success}>, {error}>"),
            None,
        ),
    }
}

/// The types of a successful response and of an error one; an event
/// stream's arms decode only what is not streamed (`()`).
pub(super) fn success_and_error(operation: &Operation, paths: &Paths) -> (String, String) {
    let success = match &operation.responses.success {
        SuccessType::Unit | SuccessType::Events(_) => "()".to_string(),
        SuccessType::Json(ty) | SuccessType::Enum(ty) => paths.ty_outside_text(ty),
        SuccessType::Text => "String".to_string(),
        SuccessType::Bytes => "::switchboard_runtime::Bytes".to_string(),
    };
    (success, paths.ty_outside_text(&operation.responses.error))
}

/// The statement that makes the path: `let path = "…";`, or with `format`,
/// `let path = format!("…");` of the encoded parameters.
struct Template {
    path: String,
    literal: String,
    format: bool,
}

/// The path's bindings (each parameter's name and the argument that
/// encodes it) and its template.
fn path_statements(operation: &Operation, path: &str) -> (Vec<(String, String)>, Template) {
    let mut template = String::new();
    let mut lines = Vec::new();
    for segment in &operation.path_segments {
        match segment {
            PathSegment::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathSegment::Param(index) => {
                let param = &operation.path_params[*index];
                let name = &param.rust_name;
                template.push('{');
                template.push_str(name);
                template.push('}');
                let by = if passed_by_value(&param.ty) { "&" } else { "" };
                lines.push((name.clone(), format!("{by}{name}")));
            }
        }
    }
    let template = Template {
        path: path.to_string(),
        literal: string(&template),
        format: !lines.is_empty(),
    };
    (lines, template)
}

impl Template {
    fn flat(&self) -> String {
        let Template { path, literal, format } = self;
        match format {
            true => format!("let {path} = format!({literal});"),
            false => format!("let {path} = {literal};"),
        }
    }
}

/// A statement after the request is made: a call of one of the request's
/// methods (`request.query("page", &params.page);`), maybe inside
/// `if let Some(body) = body { … }`, after the lines that build its
/// argument (a multipart body's form, written only through prettyplease).
struct Statement {
    if_some: Option<String>,
    before: Vec<String>,
    method: &'static str,
    args: Vec<String>,
}

impl Statement {
    fn call(method: &'static str, args: Vec<String>) -> Self {
        Statement {
            if_some: None,
            before: Vec::new(),
            method,
            args,
        }
    }

    /// On one line when it fits; else prettyplease's broken chain,
    /// `request` / `.method(a, b);`, then one argument per line.
    fn write(&self, lines: &mut Lines, request: &str) -> Option<()> {
        if !self.before.is_empty() {
            return None;
        }
        let depth = match &self.if_some {
            Some(argument) => {
                lines.code(1, &format!("if let Some({argument}) = {argument} {{"))?;
                2
            }
            None => 1,
        };
        let call = format!(".{}({});", self.method, self.args.join(", "));
        if lines.code(depth, &format!("{request}{call}")).is_none() {
            // A receiver of four characters or fewer stays before its
            // method: not laid out here.
            if request.len() <= 4 {
                return None;
            }
            lines.push(depth, request);
            if lines.code(depth + 1, &call).is_none() {
                // Only names, literals and references to fields, which
                // prettyplease leaves whole, are laid out here.
                if self.args.iter().any(|arg| arg.contains(['{', '[', '('])) {
                    return None;
                }
                lines.push(depth + 1, &format!(".{}(", self.method));
                for (i, arg) in self.args.iter().enumerate() {
                    match arg.starts_with('"') {
                        // A literal has nothing to break.
                        true => lines.unbreakable(depth + 2, &format!("{arg},")),
                        false => lines.code_item(depth + 2, arg, i + 1 == self.args.len())?,
                    }
                }
                lines.push(depth + 1, ");");
            }
        }
        if self.if_some.is_some() {
            lines.push(1, "}");
        }
        Some(())
    }

    /// The statement as source, on one line.
    fn source(&self, request: &str) -> String {
        let call = format!(
            "{}{request}.{}({});",
            self.before.concat(),
            self.method,
            self.args.join(", ")
        );
        match &self.if_some {
            Some(argument) => format!("if let Some({argument}) = {argument} {{ {call} }}"),
            None => call,
        }
    }
}

fn statements(api: &Api, operation: &Operation, body: Option<&Body>) -> Vec<Statement> {
    let locals = &operation.locals;
    let mut statements = Vec::new();
    if matches!(operation.responses.success, SuccessType::Events(_)) {
        statements.push(Statement::call(
            "header",
            vec![string("Accept"), string("text/event-stream")],
        ));
    } else if operation
        .responses
        .cases
        .iter()
        .any(|c| matches!(c.decode, Decode::Json(_)))
    {
        statements.push(Statement::call(
            "header",
            vec![string("Accept"), string("application/json")],
        ));
    }
    for param in &operation.other_params {
        statements.extend(param_statement(param, &locals.params));
    }
    if let Some(security) = &operation.security
        && *security != api.default_security
    {
        let alternatives: Vec<String> = security
            .iter()
            .map(|names| format!("&[{}]", names.iter().map(|n| string(n)).collect::<Vec<_>>().join(", ")))
            .collect();
        statements.push(Statement::call(
            "security",
            vec![format!("&[{}]", alternatives.join(", "))],
        ));
    }
    if let Some(body) = body {
        let argument = locals.body.clone();
        let media_type = string(&body.media_type);
        let mut encode = match body.kind {
            BodyKind::Json if body.media_type.eq_ignore_ascii_case("application/json") => {
                Statement::call("json", vec![argument.clone()])
            }
            BodyKind::Json => Statement::call("json_as", vec![argument.clone(), media_type]),
            BodyKind::Form => Statement::call("form", vec![argument.clone()]),
            BodyKind::Bytes => Statement::call("bytes", vec![argument.clone(), media_type]),
            BodyKind::Text => Statement::call("text", vec![argument.clone(), media_type]),
            BodyKind::Multipart => {
                let mut statement = Statement::call("multipart", vec![locals.form.clone()]);
                statement.before = multipart_form(body, &argument, &locals.form, &locals.file);
                statement
            }
        };
        if !operation.body_required && !matches!(body.kind, BodyKind::Bytes | BodyKind::Text) {
            encode.if_some = Some(argument);
        }
        statements.push(encode);
    }
    statements
}

/// The statements that build a multipart body's form from `argument`:
///
/// ```text
/// let form = Multipart::from_fields(body).file("avatar", &body.avatar).content_type("meta", "application/json");
/// if let Some(file) = &body.cover { form = form.file("cover", file); }   // `let mut form` then
/// ```
fn multipart_form(body: &Body, argument: &str, form: &str, file: &str) -> Vec<String> {
    let mut chain = String::new();
    let mut optional = Vec::new();
    for field in &body.file_fields {
        let (wire, name) = (string(&field.wire_name), &field.rust_name);
        match field.shape {
            FileShape::One => chain.push_str(&format!(".file({wire}, &{argument}.{name})")),
            FileShape::Many => chain.push_str(&format!(".files({wire}, &{argument}.{name})")),
            FileShape::Optional => optional.push(format!(
                "if let Some({file}) = &{argument}.{name} {{ {form} = {form}.file({wire}, {file}); }}"
            )),
        }
    }
    for (field, content_type) in &body.part_content_types {
        chain.push_str(&format!(".content_type({}, {})", string(field), string(content_type)));
    }
    let binding = if optional.is_empty() { "let" } else { "let mut" };
    let mut statements = vec![format!(
        "{binding} {form} = ::switchboard_runtime::Multipart::from_fields({argument}){chain};"
    )];
    statements.extend(optional);
    statements
}

fn param_statement(param: &Parameter, params: &str) -> Option<Statement> {
    let wire = string(&param.wire_name);
    let value = format!("&{params}.{}", param.rust_name);
    Some(match param.location {
        ParamLocation::Query => {
            let style = match param.style {
                QueryStyle::Form { explode: true } => return Some(Statement::call("query", vec![wire, value])),
                QueryStyle::Form { explode: false } => "::switchboard_runtime::QueryStyle::Form { explode: false }",
                QueryStyle::SpaceDelimited => "::switchboard_runtime::QueryStyle::SpaceDelimited",
                QueryStyle::PipeDelimited => "::switchboard_runtime::QueryStyle::PipeDelimited",
                QueryStyle::DeepObject => "::switchboard_runtime::QueryStyle::DeepObject",
            };
            Statement::call("query_styled", vec![wire, value, style.to_string()])
        }
        ParamLocation::Header => Statement::call("header", vec![wire, value]),
        ParamLocation::Cookie => Statement::call("cookie", vec![wire, value]),
        ParamLocation::Path => return None,
    })
}

/// Each response arm's patterns and expression; a catch-all arm last when
/// the responses have none.
fn arms(operation: &Operation, paths: &Paths, response: &str) -> Vec<(String, ArmExpr)> {
    let responses = &operation.responses;
    let success_enum = match &responses.success {
        SuccessType::Enum(ty) => Some(paths.ty_outside_text(ty)),
        _ => None,
    };
    let error_enum = match &responses.error {
        ty @ TypeExpr::Named(_) => Some(paths.ty_outside_text(ty)),
        _ => None,
    };
    let mut arms = Vec::new();
    let mut has_wildcard = false;
    for case in &responses.cases {
        let patterns: Vec<String> = case
            .statuses
            .iter()
            .map(|status| match (status, case.is_error) {
                (StatusMatch::Code(code), _) => code.to_string(),
                (StatusMatch::Range(range), _) => format!("{}..={}", range * 100, range * 100 + 99),
                (StatusMatch::Between(low, high), _) => format!("{low}..={high}"),
                (StatusMatch::Default, false) => "200..=299".to_string(),
                (StatusMatch::Default, true) => {
                    has_wildcard = true;
                    "_".to_string()
                }
            })
            .collect();
        let expr = if case.is_error {
            error_expr(case, error_enum.as_deref())
        } else {
            success_expr(case, success_enum.as_deref(), response)
        };
        arms.push((patterns.join(" | "), expr));
    }
    if !has_wildcard {
        arms.push(("_".to_string(), ArmExpr::call(true, "unexpected", None)));
    }
    arms
}

/// What an arm evaluates to: `response.method(arg)`, or `Err(` it `)`,
/// which past the margin prettyplease breaks in steps; or an expression
/// that is only ever written on one line.
enum ArmExpr {
    Call {
        err: bool,
        method: &'static str,
        arg: Option<String>,
    },
    Line(String),
}

impl ArmExpr {
    fn call(err: bool, method: &'static str, arg: Option<String>) -> Self {
        ArmExpr::Call { err, method, arg }
    }

    fn flat(&self, response: &str) -> String {
        match self {
            ArmExpr::Call { err, method, arg } => {
                let call = format!("{response}.{method}({})", arg.as_deref().unwrap_or(""));
                if *err { format!("Err({call})") } else { call }
            }
            ArmExpr::Line(line) => line.clone(),
        }
    }

    /// The arm's body inside the braces prettyplease adds when the arm does
    /// not fit on its line:
    ///
    /// ```text
    /// Err(response.error(X))     Err(                       Err(
    ///                                response.error(X),         response
    ///                            )                                  .error(
    ///                                                                   X,
    ///                                                               ),
    ///                                                       )
    /// ```
    fn broken(&self, lines: &mut Lines, depth: usize, response: &str) -> Option<()> {
        let ArmExpr::Call { err, method, arg } = self else {
            return lines.code(depth, &self.flat(response));
        };
        if lines.code(depth, &self.flat(response)).is_some() {
            return Some(());
        }
        let arg = arg.as_deref().unwrap_or("");
        if !err {
            // At the start of a line, a receiver of four characters or
            // fewer stays before its method: not laid out here.
            if response.len() <= 4 {
                return None;
            }
            lines.push(depth, response);
            return method_call(lines, depth + 1, method, arg, "");
        }
        lines.push(depth, "Err(");
        // `Err(`'s only argument.
        if lines
            .code_item(depth + 1, &format!("{response}.{method}({arg})"), true)
            .is_none()
        {
            lines.push(depth + 1, response);
            method_call(lines, depth + 2, method, arg, ",")?;
        }
        lines.push(depth, ")");
        Some(())
    }
}

/// `.method(arg)` on its line of a broken chain, followed by `after` (a
/// comma that does not count); past the margin, its argument on a line of
/// its own.
fn method_call(lines: &mut Lines, depth: usize, method: &str, arg: &str, after: &str) -> Option<()> {
    if lines.code_then(depth, &format!(".{method}({arg})"), after).is_some() {
        return Some(());
    }
    if arg.is_empty() {
        return None;
    }
    lines.push(depth, &format!(".{method}("));
    lines.unbreakable(depth + 1, &format!("{arg},"));
    lines.push(depth, &format!("){after}"));
    Some(())
}

fn success_expr(case: &ResponseCase, success_enum: Option<&str>, response: &str) -> ArmExpr {
    match (&case.variant, success_enum) {
        (Some(variant), Some(enum_path)) => match &case.decode {
            Decode::Json(_) => ArmExpr::call(false, "json_map", Some(format!("{enum_path}::{variant}"))),
            Decode::Empty | Decode::Events(_) => ArmExpr::Line(format!(
                "{response}.empty().map(|value| value.map(|()| {enum_path}::{variant}))"
            )),
            Decode::Text => ArmExpr::Line(format!(
                "{response}.text().map(|value| value.map({enum_path}::{variant}))"
            )),
            Decode::Bytes => ArmExpr::Line(format!(
                "{response}.bytes().map(|value| value.map({enum_path}::{variant}))"
            )),
        },
        _ => match &case.decode {
            Decode::Json(_) => ArmExpr::call(false, "json", None),
            Decode::Empty | Decode::Events(_) => ArmExpr::call(false, "empty", None),
            Decode::Text => ArmExpr::call(false, "text", None),
            Decode::Bytes => ArmExpr::call(false, "bytes", None),
        },
    }
}

fn error_expr(case: &ResponseCase, error_enum: Option<&str>) -> ArmExpr {
    match (&case.variant, error_enum, &case.decode) {
        (Some(variant), Some(enum_path), _) => ArmExpr::call(true, "error", Some(format!("{enum_path}::{variant}"))),
        (_, _, Decode::Json(_)) => ArmExpr::call(true, "error", Some("::std::convert::identity".to_string())),
        _ => ArmExpr::call(true, "unexpected", None),
    }
}

/// A string literal as proc-macro2 prints it.
pub(super) fn string(text: &str) -> String {
    Literal::string(text).to_string()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Piece, Section};
    use super::*;
    use crate::load::{self, LoadOptions};
    use crate::render::{format_piece, indent, separate_items};
    use crate::test_documents;

    /// How many methods were compared and how many written as text.
    #[derive(Debug, Default)]
    struct Seen {
        methods: usize,
        written: usize,
    }

    /// Lays out every method of the document at `path` both ways.
    fn compare(path: &Path, seen: &mut Seen) {
        let display = path.display().to_string();
        compare_loaded(load::load_file(path, &display, LoadOptions::default()), &display, seen);
    }

    fn compare_loaded(
        document: Result<load::LoadedDocument, crate::diagnostics::GenerateError>,
        display: &str,
        seen: &mut Seen,
    ) {
        let Ok(document) = document else {
            return;
        };
        let Ok((api, _)) = crate::lower::lower(&document, None, crate::lower::Options::default()) else {
            return;
        };
        let paths = Paths::new(&api);
        for operation in &api.operations {
            let bodies: Vec<Option<&Body>> = match operation.bodies.as_slice() {
                [] => vec![None],
                bodies => bodies.iter().map(Some).collect(),
            };
            for body in bodies {
                seen.methods += 1;
                let plan = MethodPlan::new(&api, operation, body, &paths);
                let Some(text) = plan.layout() else {
                    continue;
                };
                seen.written += 1;
                let tokens = plan.tokens();
                let printed = format_piece(tokens, Piece::Method(operation, body)).expect("the token path formats");
                let (text, printed) = (indent(&text, Section::ClientImpl), separate_items(&printed));
                if text != printed {
                    // The first line that differs, with the lines after it.
                    let at = text.lines().zip(printed.lines()).take_while(|(a, b)| a == b).count();
                    let tail = |s: &str| s.lines().skip(at).take(12).collect::<Vec<_>>().join("\n");
                    panic!(
                        "{display}: {} written as text differs from prettyplease's layout at line {at}:\n\
                         text:\n{}\nprettyplease:\n{}",
                        operation.name,
                        tail(&text),
                        tail(&printed)
                    );
                }
            }
        }
    }

    /// Operations named at every width around the margin, so that each
    /// group of a method (the generic parameters, the parameters, the
    /// return type, the path's `format!`, the request's arguments, the arms
    /// and their calls) is laid out both flat and broken. The bug this
    /// pins: a method's generic parameters (`<Body: Into<…>>`), which
    /// prettyplease breaks when the name is long, were written flat.
    #[test]
    fn method_text_matches_prettyplease_around_the_margin() {
        let mut paths = Vec::new();
        for width in 20..=110 {
            let id = format!("op{}", "x".repeat(width - 2));
            let param = format!("p{}", "q".repeat(width % 50));
            let body = serde_json::json!({"content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                "text/plain": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}
            }});
            let operation = serde_json::json!({"put": {
                "operationId": id,
                "parameters": [
                    {"name": param, "in": "path", "required": true, "schema": {"type": "integer"}},
                    {"name": format!("q{}", "z".repeat(width % 45)), "in": "query", "schema": {"type": "string"}}
                ],
                "requestBody": body,
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema":
                        {"type": "array", "items": {"type": "object", "properties": {"v": {"type": "integer"}}}}}}},
                    "404": {"description": "missing", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "409": {"description": "conflict"}
                }
            }});
            let path = format!("/{}/{{{param}}}/{}", "a".repeat(width % 40), "b".repeat(width));
            paths.push((path, operation));
        }
        let document = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": serde_json::Map::from_iter(paths),
        });
        let mut seen = Seen::default();
        let loaded = load::load_text(&document.to_string(), None, "margin.json", LoadOptions::default());
        compare_loaded(loaded, "margin.json", &mut seen);
        assert!(seen.methods >= 270 && seen.written * 10 > seen.methods * 9, "{seen:?}");
    }

    /// Every method of the repository's specs and fixtures.
    #[test]
    fn method_text_matches_prettyplease_on_every_fixture() {
        let mut seen = Seen::default();
        for path in test_documents::repository() {
            compare(&path, &mut seen);
        }
        eprintln!("{seen:?}");
        assert!(seen.written * 10 > seen.methods * 8, "{seen:?}");
    }

    /// Chatwoot's published document and GitHub's, when this clone has them.
    #[test]
    fn method_text_matches_prettyplease_on_chatwoot_and_github() {
        let large = [
            test_documents::chatwoot_dir().join("swagger.json"),
            test_documents::github(),
        ];
        for path in test_documents::present(large, "its methods") {
            let mut seen = Seen::default();
            compare(&path, &mut seen);
            eprintln!("{}: {seen:?}", path.display());
            // Not vacuous: nearly every method is written as text.
            assert!(seen.written * 10 > seen.methods * 9, "{}: {seen:?}", path.display());
        }
    }
}
