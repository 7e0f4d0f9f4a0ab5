//! Security schemes, per-document security, servers and request signing.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as OaScheme};
use serde_json::Value;

use super::Lowerer;
use super::docs;
use super::names::{Namespace, snake_ident};
use crate::ir::{
    MessagePart, MultipartBodyMode, PathMode, SchemeKind, SecurityScheme, Server, SignatureEncoding, Signing,
};

/// The vendor extension that declares HMAC request signing.
pub const SIGNING_EXTENSION: &str = "x-switchboard-signing";

impl Lowerer<'_> {
    pub(crate) fn lower_security(&mut self) -> (Vec<SecurityScheme>, Vec<Vec<String>>, Option<Signing>) {
        let doc = self.doc;
        let mut setters = Namespace::with_reserved(super::reserved::BUILDER_METHODS);
        let mut schemes = Vec::new();
        if let Some(components) = &doc.openapi.components {
            // By name, so reordering the document does not reorder the code.
            let mut entries: Vec<_> = components.security_schemes.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (name, scheme) in entries {
                let pointer = crate::diagnostics::pointer_join("#/components/securitySchemes", name);
                let scheme = match scheme {
                    ReferenceOr::Item(s) => s.clone(),
                    ReferenceOr::Reference { .. } => match self.resolve_object(scheme, &pointer) {
                        Some((s, _)) => s,
                        None => continue,
                    },
                };
                let (kind, description) = match &scheme {
                    OaScheme::HTTP {
                        scheme: http,
                        description,
                        ..
                    } => match http.to_ascii_lowercase().as_str() {
                        "bearer" => (SchemeKind::Bearer, description),
                        "basic" => (SchemeKind::Basic, description),
                        other => {
                            self.warn(&pointer, format!("HTTP auth scheme `{other}` is not supported; its credential is sent as a bearer token"));
                            (SchemeKind::Bearer, description)
                        }
                    },
                    OaScheme::APIKey {
                        location,
                        name: param,
                        description,
                        ..
                    } => (
                        match location {
                            APIKeyLocation::Header => SchemeKind::ApiKeyHeader(param.clone()),
                            APIKeyLocation::Query => SchemeKind::ApiKeyQuery(param.clone()),
                            APIKeyLocation::Cookie => SchemeKind::ApiKeyCookie(param.clone()),
                        },
                        description,
                    ),
                    // The user obtains the token; the client sends it.
                    OaScheme::OAuth2 { description, .. } | OaScheme::OpenIDConnect { description, .. } => {
                        (SchemeKind::Bearer, description)
                    }
                };
                schemes.push(SecurityScheme {
                    name: name.clone(),
                    setter: setters.claim(snake_ident(name, "scheme")),
                    kind,
                    description: description.as_deref().map(docs::sanitize),
                });
            }
        }
        let default_security = doc
            .openapi
            .security
            .as_ref()
            .map(|requirements| requirements.iter().map(requirement_names).collect())
            .unwrap_or_default();
        let signing = self.lower_signing(&mut setters);
        (schemes, default_security, signing)
    }

    fn lower_signing(&mut self, setters: &mut Namespace) -> Option<Signing> {
        let raw = self.doc.openapi.extensions.get(SIGNING_EXTENSION)?;
        let pointer = format!("#/{SIGNING_EXTENSION}");
        let Value::Object(config) = raw else {
            self.error(&pointer, "must be an object");
            return None;
        };
        let text = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_string);
        match text("algorithm").as_deref() {
            Some("hmac-sha256") => {}
            Some(other) => {
                self.error(
                    &format!("{pointer}/algorithm"),
                    format!("unsupported signing algorithm `{other}`; supported: hmac-sha256"),
                );
                return None;
            }
            None => {
                self.error(&pointer, "`algorithm` is required (hmac-sha256)");
                return None;
            }
        }
        let mut required = |key: &str| -> Option<String> {
            let value = text(key);
            if value.is_none() {
                self.error(&pointer, format!("`{key}` is required"));
            }
            value
        };
        let secret_name = required("secret-name")?;
        let signature_header = required("signature-header")?;
        let timestamp_header = required("timestamp-header")?;
        let mut message = Vec::new();
        for (index, part) in config
            .get("message")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            message.push(match part.as_str() {
                Some("method") => MessagePart::Method,
                Some("path") => MessagePart::Path,
                Some("query") => MessagePart::Query,
                Some("timestamp") => MessagePart::Timestamp,
                Some("body") => MessagePart::Body,
                _ => {
                    self.error(
                        &format!("{pointer}/message/{index}"),
                        "expected one of method, path, query, timestamp, body",
                    );
                    return None;
                }
            });
        }
        if message.is_empty() {
            self.error(
                &pointer,
                "`message` must list what is signed (method, path, query, timestamp, body)",
            );
            return None;
        }
        let path_mode = match text("path").as_deref() {
            None | Some("relative") => PathMode::Relative,
            Some("full") => PathMode::Full,
            Some(other) => {
                self.error(
                    &format!("{pointer}/path"),
                    format!("`{other}`: expected relative or full"),
                );
                return None;
            }
        };
        let multipart_body = match text("multipart-body").as_deref() {
            None | Some("raw") => MultipartBodyMode::Raw,
            Some("empty") => MultipartBodyMode::Empty,
            Some(other) => {
                self.error(
                    &format!("{pointer}/multipart-body"),
                    format!("`{other}`: expected raw or empty"),
                );
                return None;
            }
        };
        let encoding = self.signature_encoding(text("encoding").as_deref(), &pointer)?;
        Some(Signing {
            setter: setters.claim(snake_ident(&secret_name, "secret")),
            secret_name,
            signature_header,
            signature_prefix: text("signature-prefix").unwrap_or_default(),
            encoding,
            timestamp_header,
            message,
            path_mode,
            query_prefix: text("query-prefix").unwrap_or_default(),
            multipart_body,
            description: text("description").map(|d| docs::sanitize(&d)),
        })
    }

    pub(crate) fn lower_server(&mut self) -> Server {
        let servers = &self.doc.openapi.servers;
        let Some(first) = servers.first() else {
            return Server::default();
        };
        let variables = first
            .variables
            .iter()
            .flatten()
            .map(|(name, variable)| (name.clone(), variable.default.clone()))
            .collect();
        Server {
            url: first.url.clone(),
            variables,
            alternatives: servers.iter().skip(1).map(|s| s.url.clone()).collect(),
        }
    }
}

/// The scheme names of one requirement (all must be applied), sorted: their
/// order in the document carries no meaning.
pub(crate) fn requirement_names(requirement: &openapiv3::SecurityRequirement) -> Vec<String> {
    let mut names: Vec<String> = requirement.keys().cloned().collect();
    names.sort();
    names
}

impl Lowerer<'_> {
    /// A signing extension's `encoding` (of the object at `pointer`): hex
    /// when absent. Request signing and webhook signing read it alike.
    pub(crate) fn signature_encoding(&mut self, value: Option<&str>, pointer: &str) -> Option<SignatureEncoding> {
        match value {
            None | Some("hex") => Some(SignatureEncoding::Hex),
            Some("base64") => Some(SignatureEncoding::Base64),
            Some(other) => {
                self.error(
                    &format!("{pointer}/encoding"),
                    format!("`{other}`: expected hex or base64"),
                );
                None
            }
        }
    }
}
