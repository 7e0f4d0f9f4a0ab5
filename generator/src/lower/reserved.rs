//! Names a generated module already uses for its own items, which names
//! taken from the document must not shadow. One place: lowering claims
//! these first in the namespaces of client methods and builder setters.
//!
//! Locals of generated methods are not here: they are chosen per method,
//! against its parameters (`Locals`, in `operations.rs`), so a parameter
//! keeps the name its document gave it.

/// Names no operation's method may take on a generated `Client`: the
/// methods it has (`Clone` and `Debug` are derived, and an inherent `clone`
/// or `fmt` would hide them), and names Rust reads as a convention the
/// method would break: `new` makes a `Self` (`Client::new(&self)` returning
/// a call trips `clippy::new_ret_no_self`, and `Client::builder` is how a
/// client is made), `cmp` is `Ord::cmp` (clippy's `should_implement_trait`
/// for `cmp(&self, x)`). An operation with one of these names gets a
/// suffix (`new_2`).
pub const CLIENT_METHODS: &[&str] = &["builder", "with_retry_policy", "clone", "fmt", "new", "cmp"];

/// Methods every generated `ClientBuilder` has: the runtime's
/// `client_builder_methods!` (runtime/src/builder_methods.rs; a test below
/// reads that file and checks this list against it), `build`, and the
/// signing methods emitted for APIs that sign requests.
pub const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "server_variable",
    "http_client",
    "timeout",
    "default_header",
    "user_agent",
    "retry_policy",
    "hook",
    "signer",
    "credential",
    "max_body_size",
    "build",
    "signing_path_mode",
    "signing_multipart_body",
];

#[cfg(test)]
mod tests {
    use super::BUILDER_METHODS;

    #[test]
    fn builder_methods_cover_the_runtime_macro() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime/src/builder_methods.rs");
        let Ok(source) = std::fs::read_to_string(path) else {
            // Packaged alone (cargo publish), the runtime's source is not beside it.
            eprintln!("SKIPPED: {path} is not there");
            return;
        };
        let defined: Vec<&str> = source
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("pub fn "))
            .filter_map(|rest| rest.split(['(', '<']).next())
            .collect();
        assert!(defined.len() >= 8, "found {defined:?}");
        for name in defined {
            assert!(
                BUILDER_METHODS.contains(&name),
                "client_builder_methods! defines `{name}`, which BUILDER_METHODS must reserve"
            );
        }
    }
}
