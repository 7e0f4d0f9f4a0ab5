//! The API description static, the `Client` and its builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::type_expr::{Paths, ident};
use crate::ir::{Api, MessagePart, MultipartBodyMode, PathMode, SchemeKind, SignatureEncoding};

pub(super) fn emit_client(api: &Api, _paths: &Paths) -> TokenStream {
    let description = api_description(api);
    let client_doc = client_doc(api);
    let setters = api.security_schemes.iter().map(|scheme| {
        let setter = ident(&scheme.setter);
        let name = &scheme.name;
        let what = match &scheme.kind {
            SchemeKind::Bearer => "a bearer token, sent as `Authorization: Bearer …`".to_string(),
            SchemeKind::Basic => "HTTP basic credentials".to_string(),
            SchemeKind::ApiKeyHeader(h) => format!("an API key, sent in the `{h}` header"),
            SchemeKind::ApiKeyQuery(q) => format!("an API key, sent as the `{q}` query parameter"),
            SchemeKind::ApiKeyCookie(c) => format!("an API key, sent in the `{c}` cookie"),
        };
        let summary = format!(" Sets the `{name}` credential: {what}.");
        let extra = doc_attrs(scheme.description.as_deref().map(|d| format!("\n{d}")).as_deref());
        match scheme.kind {
            SchemeKind::Basic => quote! {
                #[doc = #summary]
                #extra
                pub fn #setter(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.credential(#name, ::switchboard_runtime::Credential::basic(username, password))
                }
            },
            _ => quote! {
                #[doc = #summary]
                #extra
                pub fn #setter(self, token: impl Into<String>) -> Self {
                    self.credential(#name, ::switchboard_runtime::Credential::token(token))
                }
            },
        }
    });
    let signing_setters = api.signing.as_ref().map(|signing| {
        let setter = ident(&signing.setter);
        let name = &signing.secret_name;
        let summary = format!(
            " Sets the `{name}` secret: every request is signed with HMAC-SHA256 into the `{}` header.",
            signing.signature_header
        );
        quote! {
            #[doc = #summary]
            pub fn #setter(self, secret: impl Into<String>) -> Self {
                self.credential(#name, ::switchboard_runtime::Credential::token(secret))
            }

            /// Chooses which path is signed (the API description's choice by default).
            pub fn signing_path_mode(mut self, mode: ::switchboard_runtime::PathMode) -> Self {
                self.inner = self.inner.signing_path_mode(mode);
                self
            }

            /// Chooses which bytes stand for a multipart body in the signature.
            pub fn signing_multipart_body(mut self, mode: ::switchboard_runtime::MultipartBodyMode) -> Self {
                self.inner = self.inner.signing_multipart_body(mode);
                self
            }
        }
    });
    quote! {
        #description

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            runtime: ::switchboard_runtime::Runtime,
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { inner: ::switchboard_runtime::ClientBuilder::new(&API) }
            }

            /// A copy of this client that retries by `policy` (cheap: the
            /// connection pool and configuration are shared).
            pub fn with_retry_policy(&self, policy: ::switchboard_runtime::RetryPolicy) -> Self {
                Self { runtime: self.runtime.with_retry_policy(policy) }
            }
        }

        /// Configures a [`Client`].
        #[derive(Debug)]
        pub struct ClientBuilder {
            inner: ::switchboard_runtime::ClientBuilder,
        }

        impl ClientBuilder {
            ::switchboard_runtime::client_builder_methods!();

            #(#setters)*

            #signing_setters

            /// Builds the client.
            pub fn build(self) -> Result<Client, ::switchboard_runtime::BuildError> {
                Ok(Client { runtime: self.inner.build()? })
            }
        }
    }
}

fn client_doc(api: &Api) -> TokenStream {
    let mut text = format!("Client for {} {}.", api.title, api.version);
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(&crate::lower::sanitize_doc(description));
    }
    if !api.server.url.is_empty() {
        text.push_str(&format!("\n\nServer: `{}`", api.server.url));
    }
    doc_attrs(Some(&text))
}

fn api_description(api: &Api) -> TokenStream {
    let name = &api.name;
    let url = &api.server.url;
    let variables = api.server.variables.iter().map(|(n, v)| quote!((#n, #v)));
    let schemes = api.security_schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = match &scheme.kind {
            SchemeKind::Bearer => quote!(::switchboard_runtime::SchemeKind::Bearer),
            SchemeKind::Basic => quote!(::switchboard_runtime::SchemeKind::Basic),
            SchemeKind::ApiKeyHeader(p) => api_key(quote!(Header), p),
            SchemeKind::ApiKeyQuery(p) => api_key(quote!(Query), p),
            SchemeKind::ApiKeyCookie(p) => api_key(quote!(Cookie), p),
        };
        let setter = &scheme.setter;
        quote!(::switchboard_runtime::SecurityScheme { name: #name, setter: #setter, kind: #kind })
    });
    let default_security = security_tokens(&api.default_security);
    let signing = match &api.signing {
        None => quote!(None),
        Some(s) => {
            let secret_name = &s.secret_name;
            let secret_setter = &s.setter;
            let header = &s.signature_header;
            let prefix = &s.signature_prefix;
            let timestamp = &s.timestamp_header;
            let query_prefix = &s.query_prefix;
            let encoding = match s.encoding {
                SignatureEncoding::Hex => quote!(Hex),
                SignatureEncoding::Base64 => quote!(Base64),
            };
            let message = s.message.iter().map(|part| match part {
                MessagePart::Method => quote!(::switchboard_runtime::MessagePart::Method),
                MessagePart::Path => quote!(::switchboard_runtime::MessagePart::Path),
                MessagePart::Query => quote!(::switchboard_runtime::MessagePart::Query),
                MessagePart::Timestamp => quote!(::switchboard_runtime::MessagePart::Timestamp),
                MessagePart::Body => quote!(::switchboard_runtime::MessagePart::Body),
            });
            let path = match s.path_mode {
                PathMode::Relative => quote!(Relative),
                PathMode::Full => quote!(Full),
            };
            let multipart = match s.multipart_body {
                MultipartBodyMode::Raw => quote!(Raw),
                MultipartBodyMode::Empty => quote!(Empty),
            };
            quote! {
                Some(::switchboard_runtime::SigningConfig {
                    algorithm: ::switchboard_runtime::SigningAlgorithm::HmacSha256,
                    secret_name: #secret_name,
                    secret_setter: #secret_setter,
                    signature_header: #header,
                    signature_prefix: #prefix,
                    encoding: ::switchboard_runtime::SignatureEncoding::#encoding,
                    timestamp_header: #timestamp,
                    message: &[#(#message),*],
                    path: ::switchboard_runtime::PathMode::#path,
                    query_prefix: #query_prefix,
                    multipart_body: ::switchboard_runtime::MultipartBodyMode::#multipart,
                })
            }
        }
    };
    quote! {
        /// What the runtime needs to know about this API.
        static API: ::switchboard_runtime::ApiDescription = ::switchboard_runtime::ApiDescription {
            name: #name,
            server_url: #url,
            server_variables: &[#(#variables),*],
            security_schemes: &[#(#schemes),*],
            default_security: #default_security,
            signing: #signing,
        };
    }
}

fn api_key(location: TokenStream, param: &str) -> TokenStream {
    quote!(::switchboard_runtime::SchemeKind::ApiKey {
        location: ::switchboard_runtime::ApiKeyLocation::#location,
        param: #param,
    })
}

/// `&[&["a", "b"], &["c"]]`
pub(super) fn security_tokens(requirements: &[Vec<String>]) -> TokenStream {
    let alternatives = requirements.iter().map(|names| quote!(&[#(#names),*]));
    quote!(&[#(#alternatives),*])
}
