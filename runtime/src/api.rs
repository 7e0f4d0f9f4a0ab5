//! The static description of an API that generated code hands to the runtime.

use crate::auth::SecurityScheme;
use crate::signing::SigningConfig;

/// Everything the runtime needs to know about an API document.
///
/// Generated code emits one of these as a `static`, so every field is made of
/// `&'static` data and const-constructible types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiDescription {
    /// Short name of the API, used in the default `User-Agent`
    /// (`switchboard-<name>/<runtime version>`).
    pub name: &'static str,
    /// URL template of the document's first server. It may contain
    /// `{variable}` placeholders, and it may be relative (`/api`) or empty, in
    /// which case [`ClientBuilder::base_url`](crate::ClientBuilder::base_url)
    /// must be called.
    pub server_url: &'static str,
    /// Default values of the server URL variables, as `(name, default)`.
    pub server_variables: &'static [(&'static str, &'static str)],
    /// The security schemes the document declares.
    pub security_schemes: &'static [SecurityScheme],
    /// The document's top-level `security`: a list of alternatives (any one
    /// may be satisfied), each a list of scheme names (all must be applied).
    /// An empty list means operations need no credentials by default.
    pub default_security: &'static [&'static [&'static str]],
    /// How requests must be signed, from the `x-switchboard-signing`
    /// extension, if the document has it.
    pub signing: Option<SigningConfig>,
}

impl ApiDescription {
    /// Looks up a declared security scheme by name.
    pub fn scheme(&self, name: &str) -> Option<&'static SecurityScheme> {
        self.security_schemes.iter().find(|scheme| scheme.name == name)
    }
}
