//! OpenAPI Overlays (Overlay Specification 1.0.0, 1.1.0 and 1.2.0): ordered
//! corrections to someone else's document, applied to its JSON before
//! anything else in the load stage looks at it.
//!
//! ```text
//! overlay: 1.1.0
//! info: { title: Chatwoot as its server answers, version: 1.0.0 }
//! actions:
//!   - target: $.components.schemas.contact_create_payload.required   # RFC 9535 JSONPath
//!     remove: true
//!   - target: $.paths['/contacts'].post.responses
//!     update: { '422': { … } }                                       # merged (merge.rs)
//!   - target: $.paths['/people']
//!     copy: $.paths['/contacts']                                     # 1.1: merge another node
//!   - $ref: '#/components/actions/notFound'                          # 1.2: a reusable action
//!     target: $.paths.*.get.responses
//! ```
//!
//! JSONPath is `serde_json_path`'s (RFC 9535). The actions themselves are
//! applied here rather than by `roas-overlay`, which handles 1.0 and 1.1 but
//! refuses 1.1's updates of primitive nodes, silently replaces where the
//! specification calls a merge incompatible, and has no 1.2.
//!
//! An action that selects nothing applies to nothing: with a document that
//! someone else publishes, that is the usual sign that it moved on and the
//! correction no longer lands, so it is an error unless the caller allows it
//! (then a warning).

mod apply;
mod merge;
mod parse;

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::external_refs::Origin;
use crate::diagnostics::{Diagnostic, GenerateError};

pub use parse::Overlay;

/// An overlay file to apply, with the name diagnostics show for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayFile {
    /// Where to read it.
    pub path: PathBuf,
    /// How diagnostics name it (`specs/chatwoot.overlay.yaml`).
    pub display: String,
}

impl OverlayFile {
    /// An overlay named in diagnostics by its path as given.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let display = path.display().to_string().replace('\\', "/");
        Self { path, display }
    }
}

/// What applying overlays did besides changing the document.
#[derive(Debug, Default)]
pub struct Applied {
    /// Unmatched targets, when they are allowed.
    pub warnings: Vec<Diagnostic>,
    /// Document locations the overlays wrote, mapped to the overlay text
    /// they came from (latest last), for diagnostics.
    pub origins: Vec<Origin>,
}

/// Reads each overlay and applies them to `document` in order. `document`
/// is named `document_name` in messages; `allow_unmatched` turns targets
/// that select nothing into warnings.
pub fn apply_files(
    document: &mut Value,
    document_name: &str,
    overlays: &[OverlayFile],
    allow_unmatched: bool,
) -> Result<Applied, GenerateError> {
    let mut applied = Applied::default();
    for file in overlays {
        let overlay = read(&file.path, &file.display)?;
        let outcome = apply::apply(&overlay, document, document_name)?;
        for unmatched in outcome.unmatched {
            let message = format!(
                "target `{}` selects nothing in `{document_name}`: the document may have changed since the \
                 overlay was written{}",
                unmatched.target,
                if allow_unmatched {
                    ""
                } else {
                    " (allow this with --allow-unmatched / Generator::allow_unmatched)"
                }
            );
            let diagnostic = Diagnostic::error(&overlay.file, &unmatched.pointer, message);
            if allow_unmatched {
                applied.warnings.push(Diagnostic::warning(
                    diagnostic.file,
                    unmatched.pointer,
                    diagnostic.message,
                ));
            } else {
                return Err(diagnostic.into());
            }
        }
        applied.origins.extend(outcome.origins);
    }
    Ok(applied)
}

/// Reads and checks one overlay document.
pub fn read(path: &Path, display: &str) -> Result<Overlay, GenerateError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::document_error(display, format!("cannot read overlay `{}`: {e}", path.display())))?;
    parse::parse(&text, display)
}
