//! Bundles `$ref`s to other files into one self-contained document.
//!
//! Schemas reached through another file are hoisted into
//! `#/components/schemas` (they need names, and recursive ones need a place to
//! point back to); any other referenced object (a parameter, a response …) is
//! copied in place. Inside an imported file, `#/…` refers to that file, so its
//! local refs are rewritten as refs into it before they are followed. Each
//! (file, fragment) pair is imported once, which also ends recursion.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::format;
use super::walk::{Slot, child_slot, item_slot, reference, resolve_pointer, with_index, with_segment};
use crate::diagnostics::{Diagnostic, escape_pointer_segment};

/// Where a hoisted component came from, so diagnostics can point there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Pointer of the component in the bundled document.
    pub bundled: String,
    /// The file it was read from, as displayed to the user.
    pub file: String,
    /// Its pointer in that file.
    pub pointer: String,
}

/// The result of bundling.
#[derive(Debug, Default)]
pub struct Bundle {
    /// Every file read besides the root, in the order first read.
    pub files: Vec<PathBuf>,
    /// Hoisted components and where they came from.
    pub origins: Vec<Origin>,
}

struct Bundler<'a> {
    root_display: &'a str,
    root_dir: PathBuf,
    documents: BTreeMap<PathBuf, Value>,
    files: Vec<PathBuf>,
    /// (file, fragment) → the local `$ref` that now stands for it.
    imported: BTreeMap<(PathBuf, String), String>,
    hoisted: Map<String, Value>,
    taken_names: Vec<String>,
    origins: Vec<Origin>,
    errors: Vec<Diagnostic>,
    /// Non-schema objects being inlined, to report a cycle instead of looping.
    inlining: Vec<(PathBuf, String)>,
    /// How each file read is named in diagnostics: relative to the root
    /// document's name as the user gave it, never an absolute path.
    display_names: BTreeMap<PathBuf, String>,
}

/// Resolves every external `$ref` in `document`, read from `root_path` (used
/// to resolve relative file names; `None` means no external refs allowed).
pub fn bundle(document: &mut Value, root_path: Option<&Path>, root_display: &str) -> Result<Bundle, Vec<Diagnostic>> {
    let root_dir = root_path
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let taken_names = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut bundler = Bundler {
        root_display,
        root_dir,
        documents: BTreeMap::new(),
        files: Vec::new(),
        imported: BTreeMap::new(),
        hoisted: Map::new(),
        taken_names,
        origins: Vec::new(),
        errors: Vec::new(),
        inlining: Vec::new(),
        display_names: BTreeMap::new(),
    };
    let mut pointer = String::from("#");
    bundler.visit(document, Slot::Structure, None, &mut pointer);
    if !bundler.errors.is_empty() {
        return Err(bundler.errors);
    }
    if !bundler.hoisted.is_empty() {
        let Some(root) = document.as_object_mut() else {
            return Ok(Bundle::default());
        };
        let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
            if let Some(schemas) = schemas.as_object_mut() {
                schemas.extend(std::mem::take(&mut bundler.hoisted));
            }
        }
    }
    Ok(Bundle {
        files: bundler.files,
        origins: bundler.origins,
    })
}

impl Bundler<'_> {
    /// `file` is `None` for the root document, else the imported file whose
    /// content `value` is.
    fn visit(&mut self, value: &mut Value, slot: Slot, file: Option<&Path>, pointer: &mut String) {
        if slot == Slot::Data {
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = reference(map) {
                    // A local ref in the root document stays as it is (the
                    // common case: not copied to be looked at).
                    if file.is_none() && (reference.is_empty() || reference.starts_with('#')) {
                        return;
                    }
                    let reference = reference.clone();
                    if let Some(replacement) = self.resolve(&reference, slot, file, pointer) {
                        match replacement {
                            Replacement::Ref(local) => {
                                map.insert("$ref".into(), Value::String(local));
                            }
                            Replacement::Inline(content) => {
                                *value = content;
                                // The inlined content was already visited.
                            }
                        }
                    }
                    return;
                }
                for (key, child) in map.iter_mut() {
                    with_segment(pointer, key, |pointer| {
                        self.visit(child, child_slot(slot, key), file, pointer)
                    });
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    with_index(pointer, index, |pointer| {
                        self.visit(child, item_slot(slot), file, pointer)
                    });
                }
            }
            _ => {}
        }
    }

    fn resolve(&mut self, reference: &str, slot: Slot, file: Option<&Path>, pointer: &str) -> Option<Replacement> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag.to_string()),
            None => (reference, String::new()),
        };
        let target_file = match (file_part.is_empty(), file) {
            // A local ref in the root document stays as it is.
            (true, None) => return None,
            (true, Some(current)) => current.to_path_buf(),
            (false, current) => {
                if file_part.starts_with("http://") || file_part.starts_with("https://") {
                    self.error(
                        file,
                        pointer,
                        format!("$ref `{reference}` points to a URL; only local files are supported"),
                    );
                    return None;
                }
                let base = current
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| self.root_dir.clone());
                let target = normalize_path(&base.join(file_part));
                let current_display = self.display_of(current);
                let display_base = Path::new(&current_display)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let display = normalize_path(&display_base.join(file_part)).display().to_string();
                self.display_names.entry(target.clone()).or_insert(display);
                target
            }
        };
        let key = (target_file.clone(), fragment.clone());
        if let Some(local) = self.imported.get(&key) {
            return Some(Replacement::Ref(local.clone()));
        }
        if !self.documents.contains_key(&target_file) {
            let text = match std::fs::read_to_string(&target_file) {
                Ok(text) => text,
                Err(e) => {
                    let display = self.display_of(Some(&target_file));
                    self.error(
                        file,
                        pointer,
                        format!("$ref `{reference}`: cannot read `{display}`: {}", io_reason(&e)),
                    );
                    return None;
                }
            };
            let display = self.display_of(Some(&target_file));
            match format::parse(&text, &display) {
                Ok(parsed) => {
                    self.files.push(target_file.clone());
                    self.documents.insert(target_file.clone(), parsed);
                }
                Err(diagnostic) => {
                    self.errors.push(diagnostic);
                    return None;
                }
            }
        }
        let Some(target) = self
            .documents
            .get(&target_file)
            .and_then(|doc| resolve_pointer(doc, &fragment))
            .cloned()
        else {
            let display = self.display_of(Some(&target_file));
            self.error(
                file,
                pointer,
                format!("$ref `{reference}` does not resolve: `{display}` has nothing at `#{fragment}`"),
            );
            return None;
        };
        let display = self.display_of(Some(&target_file));
        if slot.is_schema() {
            let name = self.choose_name(&target_file, &fragment);
            let local = format!("#/components/schemas/{}", escape_pointer_segment(&name));
            self.imported.insert(key, local.clone());
            self.taken_names.push(name.clone());
            self.origins.push(Origin {
                bundled: local.clone(),
                file: display,
                pointer: format!("#{fragment}"),
            });
            let mut content = target;
            let mut inner_pointer = format!("#{fragment}");
            self.visit(&mut content, Slot::Schema, Some(&target_file), &mut inner_pointer);
            self.hoisted.insert(name, content);
            Some(Replacement::Ref(local))
        } else {
            if self.inlining.contains(&key) {
                self.error(
                    file,
                    pointer,
                    format!("$ref `{reference}` refers back to itself through other files"),
                );
                return None;
            }
            self.inlining.push(key);
            let mut content = target;
            let mut inner_pointer = format!("#{fragment}");
            self.visit(&mut content, slot, Some(&target_file), &mut inner_pointer);
            self.inlining.pop();
            Some(Replacement::Inline(content))
        }
    }

    /// The component name for an imported schema: the last fragment segment,
    /// else the file stem; suffixed with a number when already taken.
    fn choose_name(&self, file: &Path, fragment: &str) -> String {
        let base = fragment
            .rsplit('/')
            .find(|s| !s.is_empty())
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "External".to_string());
        let mut name = base.clone();
        let mut n = 2;
        while self.taken_names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    fn error(&mut self, file: Option<&Path>, pointer: &str, message: String) {
        let display = self.display_of(file);
        self.errors.push(Diagnostic::error(display, pointer, message));
    }

    /// The name of `file` in diagnostics (`None` is the root document).
    fn display_of(&self, file: Option<&Path>) -> String {
        match file {
            None => self.root_display.to_string(),
            Some(path) => self
                .display_names
                .get(path)
                .cloned()
                .unwrap_or_else(|| path.display().to_string()),
        }
    }
}

enum Replacement {
    Ref(String),
    Inline(Value),
}

/// Removes `.` and `..` components without touching the file system, so the
/// same file reached by two spellings is read once.
fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The OS error without the platform's code number, for stable messages.
fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}
