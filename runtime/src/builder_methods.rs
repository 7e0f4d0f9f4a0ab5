//! The builder methods every generated client shares.
//!
//! Each generated module has its own `ClientBuilder` (so credential setters
//! can be named after the module's security schemes), wrapping this crate's
//! [`ClientBuilder`](crate::ClientBuilder) in a field named `inner`. The
//! methods that are the same for every API are written once, here, and the
//! generated code expands them with one line:
//!
//! ```text
//! impl ClientBuilder {
//!     ::switchboard_runtime::client_builder_methods!();
//!     pub fn bearer_auth(mut self, token: impl Into<String>) -> Self { … }   // per scheme
//!     pub fn build(self) -> Result<Client, BuildError> { … }
//! }
//! ```

/// Expands to the configuration methods every generated `ClientBuilder`
/// has; the builder must hold a [`ClientBuilder`](crate::ClientBuilder) in a
/// field named `inner`.
#[macro_export]
macro_rules! client_builder_methods {
    () => {
        /// Replaces the server URL from the API description.
        pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.inner = self.inner.base_url(url);
            self
        }

        /// Sets a variable of the server URL template.
        pub fn server_variable(
            mut self,
            name: impl ::std::convert::Into<::std::string::String>,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.inner = self.inner.server_variable(name, value);
            self
        }

        /// Uses this `reqwest::Client` (proxies, TLS, connection pools).
        pub fn http_client(mut self, client: $crate::reqwest::Client) -> Self {
            self.inner = self.inner.http_client(client);
            self
        }

        /// Fails each attempt that takes longer than `timeout`.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.inner = self.inner.timeout(timeout);
            self
        }

        /// Sends this header with every request.
        pub fn default_header(
            mut self,
            name: impl ::std::convert::Into<::std::string::String>,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.inner = self.inner.default_header(name, value);
            self
        }

        /// Replaces the default `User-Agent`.
        pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.inner = self.inner.user_agent(user_agent);
            self
        }

        /// Retries failed attempts by `policy` (see [`RetryPolicy`]($crate::RetryPolicy)).
        pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
            self.inner = self.inner.retry_policy(policy);
            self
        }

        /// Calls `hook` before each attempt is sent and after it returns.
        pub fn hook(mut self, hook: impl $crate::Hook) -> Self {
            self.inner = self.inner.hook(hook);
            self
        }

        /// Signs every request with `signer` (after auth and hooks).
        pub fn signer(mut self, signer: impl $crate::RequestSigner) -> Self {
            self.inner = self.inner.signer(signer);
            self
        }

        /// Refuses to buffer a response body longer than `bytes`.
        pub fn max_body_size(mut self, bytes: usize) -> Self {
            self.inner = self.inner.max_body_size(bytes);
            self
        }

        /// Sets the credential of the security scheme `scheme` by its name in
        /// the API description (the named setters call this).
        pub fn credential(mut self, scheme: &str, credential: $crate::Credential) -> Self {
            self.inner = self.inner.credential(scheme, credential);
            self
        }
    };
}
