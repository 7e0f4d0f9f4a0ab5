//! Property test: random valid OpenAPI 3.0/3.1 documents from the grammar
//! of `switchboard-doc-grammar` (`tests/doc-grammar`) must generate without
//! a panic and without an error, and the code must parse and must not
//! define a name twice where rustc would refuse it: items of `mod types`,
//! top-level items, methods of `impl Client`, fields of a struct, variants
//! of an enum, parameters of a method, and builder setters against the
//! methods `client_builder_methods!` expands to.
//!
//! `SWITCHBOARD_GEN_CASES` documents (256 by default) of
//! `SWITCHBOARD_GEN_SEED` (the grammar's `DEFAULT_SEED` by default). Every
//! case runs, failures are grouped by class (the kind of failure and its
//! message without names and numbers), and the first document of each class
//! is shrunk by proptest, then reduced by deleting JSON keys, to a minimal
//! one of the same class, written to `target/generative-failures/` and
//! printed. The generator runs in a
//! worker process, so a stack overflow (`crash`) or a hang of more than a
//! minute (`timeout`) is one document's failure. `tests/generative` compiles
//! the output of such documents; `scripts/generative` runs long campaigns
//! (`docs/generative.md`).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead as _, BufReader, Write as _};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use serde_json::Value;
use switchboard_codegen::Generator;

const DEFAULT_CASES: u32 = 256;
/// Shrinking steps per failure class (each step generates one document).
const MAX_SHRINK_STEPS: u32 = 4096;

/// Why a document failed, and the class it is grouped and shrunk by.
#[derive(Debug, Clone)]
struct Failure {
    class: String,
    detail: String,
}

impl Failure {
    fn new(kind: &str, message: &str) -> Self {
        Failure {
            class: format!("{kind}: {}", normalise(message)),
            detail: format!("{kind}: {message}"),
        }
    }
}

/// A message without what varies between documents of one failure class:
/// quoted names, JSON pointers, numbers, source locations.
fn normalise(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    let mut out = String::new();
    let mut chars = first.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '\'' | '"' => {
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
                out.push('_');
            }
            '#' if chars.peek() == Some(&'/') => {
                while chars.peek().is_some_and(|d| !d.is_whitespace() && *d != ':') {
                    chars.next();
                }
                out.push_str("#/…");
            }
            '0'..='9' => {
                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    chars.next();
                }
                out.push('N');
            }
            _ => out.push(c),
        }
    }
    // Diagnostics start with their severity, the source name and a location.
    let out = out.strip_prefix("error: ").unwrap_or(&out);
    let out = out.strip_prefix("<input>: ").unwrap_or(out);
    out.strip_prefix("#/…: ").unwrap_or(out).to_string()
}

thread_local! {
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps panic messages of the generator for the report instead of printing
/// them at every shrinking step.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
            s.to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic without a message".to_string()
        };
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{location}")));
    }));
}

/// The methods every generated `ClientBuilder` gets from
/// `switchboard_runtime::client_builder_methods!`.
fn builder_macro_methods() -> HashSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/builder_methods.rs");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix("pub fn "))
        .filter_map(|rest| rest.split(['(', '<']).next())
        .map(str::to_string)
        .collect()
}

fn check(document: &Value, builder_methods: &HashSet<String>) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(document).expect("a JSON value serialises");
    let generated = catch_unwind(AssertUnwindSafe(|| Generator::new().threads(1).generate_str(&text)));
    let generated = match generated {
        Ok(Ok(generated)) => generated,
        Ok(Err(error)) => return Err(Failure::new("error on a valid document", &error.to_string())),
        Err(_) => {
            let message = PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
            return Err(Failure::new("panic", &message));
        }
    };
    let file =
        syn::parse_file(&generated.code).map_err(|error| Failure::new("output does not parse", &error.to_string()))?;
    duplicates(&file, builder_methods)
}

#[derive(PartialEq, Eq, Hash, Clone, Copy)]
enum Namespace {
    Type,
    Value,
}

/// Names an item defines, by namespace (E0428 is about one namespace).
fn defined(item: &syn::Item) -> Vec<(Namespace, String)> {
    use Namespace::*;
    match item {
        syn::Item::Struct(s) => {
            let mut names = vec![(Type, s.ident.to_string())];
            if !matches!(s.fields, syn::Fields::Named(_)) {
                names.push((Value, s.ident.to_string()));
            }
            names
        }
        syn::Item::Enum(e) => vec![(Type, e.ident.to_string())],
        syn::Item::Type(t) => vec![(Type, t.ident.to_string())],
        syn::Item::Trait(t) => vec![(Type, t.ident.to_string())],
        syn::Item::Union(u) => vec![(Type, u.ident.to_string())],
        syn::Item::Mod(m) => vec![(Type, m.ident.to_string())],
        syn::Item::Fn(f) => vec![(Value, f.sig.ident.to_string())],
        syn::Item::Const(c) => vec![(Value, c.ident.to_string())],
        syn::Item::Static(s) => vec![(Value, s.ident.to_string())],
        _ => vec![],
    }
}

fn duplicate_items(items: &[syn::Item], scope: &str, found: &mut Vec<(String, String)>) {
    let mut seen = HashSet::new();
    for item in items {
        for (namespace, name) in defined(item) {
            if !seen.insert((namespace, name.clone())) {
                found.push((
                    format!("an item defined twice in {scope}"),
                    format!("{name} is defined twice in {scope}"),
                ));
            }
        }
        match item {
            syn::Item::Struct(s) => {
                let mut fields = HashSet::new();
                for field in &s.fields {
                    if let Some(ident) = &field.ident {
                        if !fields.insert(ident.to_string()) {
                            found.push((
                                "a struct field declared twice".into(),
                                format!("field {ident} is declared twice in struct {}", s.ident),
                            ));
                        }
                    }
                }
            }
            syn::Item::Enum(e) => {
                let mut variants = HashSet::new();
                for variant in &e.variants {
                    if !variants.insert(variant.ident.to_string()) {
                        found.push((
                            "an enum variant defined twice".into(),
                            format!("variant {} is defined twice in enum {}", variant.ident, e.ident),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

fn self_type(item: &syn::ItemImpl) -> Option<String> {
    match &*item.self_ty {
        syn::Type::Path(path) if item.trait_.is_none() => path.path.get_ident().map(|i| i.to_string()),
        _ => None,
    }
}

fn duplicates(file: &syn::File, builder_methods: &HashSet<String>) -> Result<(), Failure> {
    let mut found = Vec::new();
    duplicate_items(&file.items, "the module", &mut found);
    let mut client_methods = HashSet::new();
    for item in &file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "types" => {
                if let Some((_, items)) = &m.content {
                    duplicate_items(items, "mod types", &mut found);
                }
            }
            syn::Item::Impl(i) => {
                let ty = self_type(i);
                for impl_item in &i.items {
                    let syn::ImplItem::Fn(f) = impl_item else { continue };
                    let name = f.sig.ident.to_string();
                    match ty.as_deref() {
                        Some("Client") if !client_methods.insert(name.clone()) => {
                            found.push((
                                "a method defined twice in impl Client".into(),
                                format!("method {name} is defined twice in impl Client"),
                            ));
                        }
                        Some("ClientBuilder") if builder_methods.contains(&name) => {
                            found.push((
                                "a builder setter named like a client_builder_methods! method".into(),
                                format!("builder method {name} is also expanded by client_builder_methods!"),
                            ));
                        }
                        _ => {}
                    }
                    let mut params = HashSet::new();
                    for input in &f.sig.inputs {
                        if let syn::FnArg::Typed(typed) = input {
                            if let syn::Pat::Ident(ident) = &*typed.pat {
                                if !params.insert(ident.ident.to_string()) {
                                    found.push((
                                        "a method parameter bound twice".into(),
                                        format!("parameter {} appears twice in method {name}", ident.ident),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    // The class is the first kind of duplicate; the detail lists them all.
    let details: Vec<&str> = found.iter().map(|(_, detail)| detail.as_str()).collect();
    Err(Failure {
        class: format!("duplicate name: {}", found[0].0),
        detail: format!("duplicate names:\n  {}", details.join("\n  ")),
    })
}

/// Runs [`check`] in a child process (this test binary running
/// [`generative_worker`]), so that a stack overflow or an abort in the
/// generator is a failure of one document, not the end of the test.
struct Worker {
    child: Child,
    input: ChildStdin,
    /// The worker's answers, read on a thread so that a hang can time out.
    answers: Receiver<String>,
}

const RESULT: &str = "GENERATIVE-RESULT ";

/// How long one document may take (a debug build takes well under a
/// second for the largest ones).
const TIMEOUT: Duration = Duration::from_secs(60);

impl Worker {
    fn spawn() -> Worker {
        let mut child = Command::new(std::env::current_exe().expect("the test binary"))
            .args(["generative_worker", "--exact", "--nocapture", "--test-threads=1"])
            .env("SWITCHBOARD_GEN_WORKER", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the test binary runs");
        let input = child.stdin.take().expect("piped");
        let output = BufReader::new(child.stdout.take().expect("piped"));
        let (send, answers) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in output.lines() {
                let Ok(line) = line else { break };
                // libtest's "test generative_worker ... " may start the line.
                if let Some(at) = line.find(RESULT) {
                    if send.send(line[at + RESULT.len()..].to_string()).is_err() {
                        break;
                    }
                }
            }
        });
        Worker { child, input, answers }
    }

    fn check(&mut self, document: &Value) -> Result<(), Failure> {
        let line = serde_json::to_string(document).expect("JSON");
        let written = writeln!(self.input, "{line}").and_then(|_| self.input.flush());
        let answer = match written {
            Ok(()) => self.answers.recv_timeout(TIMEOUT),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        let failure = match answer {
            Ok(answer) => {
                let result: Value = serde_json::from_str(&answer).expect("the worker's answer");
                return match result["class"].as_str() {
                    None => Ok(()),
                    Some(class) => Err(Failure {
                        class: class.to_string(),
                        detail: result["detail"].as_str().unwrap_or_default().to_string(),
                    }),
                };
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                Failure::new("timeout", &format!("no answer in {} s", TIMEOUT.as_secs()))
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
                Failure::new(
                    "crash",
                    &format!("the process died ({status}): a stack overflow or an abort in the generator"),
                )
            }
        };
        *self = Worker::spawn();
        Err(failure)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child side of [`Worker`]: checks one document per line of standard
/// input, on a thread with a main thread's stack (8 MiB). Does nothing
/// unless `SWITCHBOARD_GEN_WORKER=1`.
#[test]
fn generative_worker() {
    if std::env::var("SWITCHBOARD_GEN_WORKER").as_deref() != Ok("1") {
        return;
    }
    quiet_panics();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            let builder_methods = builder_macro_methods();
            let stdout = std::io::stdout();
            for line in std::io::stdin().lines() {
                let document: Value = serde_json::from_str(&line.expect("a line")).expect("a document");
                let result = match check(&document, &builder_methods) {
                    Ok(()) => serde_json::json!({}),
                    Err(f) => serde_json::json!({ "class": f.class, "detail": f.detail }),
                };
                let mut out = stdout.lock();
                writeln!(out, "{RESULT}{result}").expect("stdout");
                out.flush().expect("stdout");
            }
        })
        .expect("a thread")
        .join()
        .expect("the worker thread");
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text:?} is not a number")),
        Err(_) => default,
    }
}

/// Shrinks `tree` to a document that still fails with `class`, as
/// proptest's runner does (simplify while it fails, complicate when a step
/// made it pass).
fn shrink(tree: &mut impl ValueTree<Value = Value>, first: Failure, worker: &mut Worker) -> (Value, Failure, u32) {
    let class = first.class.clone();
    let mut last = (tree.current(), first);
    let mut steps = 0;
    if !tree.simplify() {
        return (last.0, last.1, steps);
    }
    while steps < MAX_SHRINK_STEPS {
        steps += 1;
        let current = tree.current();
        match worker.check(&current) {
            Err(failure) if failure.class == class => {
                last = (current, failure);
                if !tree.simplify() {
                    break;
                }
            }
            _ => {
                if !tree.complicate() {
                    break;
                }
            }
        }
    }
    (last.0, last.1, steps)
}

/// Every place in `value` a deletion can apply to: object keys and array
/// elements, shallow ones first.
fn deletable(value: &Value) -> Vec<Vec<PathStep>> {
    fn walk(value: &Value, at: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    at.push(PathStep::Key(key.clone()));
                    out.push(at.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(PathStep::Index(i));
                    out.push(at.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out.sort_by_key(Vec::len);
    out
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

/// Whether deleting `path` leaves a valid document, as far as cheap rules
/// tell: the fields OpenAPI requires stay.
fn keeps_validity(document: &Value, path: &[PathStep]) -> bool {
    let key = |i: usize| match path.len().checked_sub(i).and_then(|j| path.get(j)) {
        Some(PathStep::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    let root = key(path.len());
    if matches!(root, Some("openapi" | "info"))
        || (path.len() == 1 && root == Some("paths") && document["openapi"] == "3.0.3")
    {
        return false;
    }
    let mut parent = document;
    for step in &path[..path.len() - 1] {
        parent = match step {
            PathStep::Key(k) => &parent[k.as_str()],
            PathStep::Index(i) => &parent[*i],
        };
    }
    // The last response of an operation; the last element of an array
    // (`type`, `enum`, `required`, `allOf`, … must not be empty).
    if (key(2) == Some("responses") && parent.as_object().is_some_and(|m| m.len() == 1))
        || parent.as_array().is_some_and(|a| a.len() == 1)
    {
        return false;
    }
    match key(1) {
        Some(
            "responses" | "name" | "in" | "propertyName" | "scheme" | "flows" | "openIdConnectUrl" | "tokenUrl"
            | "authorizationUrl" | "scopes",
        ) => false,
        Some("description") => key(3) != Some("responses"),
        // A path parameter's `required: true`.
        Some("required") => !matches!(path.get(path.len().wrapping_sub(2)), Some(PathStep::Index(_))),
        _ => true,
    }
}

fn delete(value: &Value, path: &[PathStep]) -> Option<Value> {
    let mut copy = value.clone();
    let (last, parents) = path.split_last()?;
    let mut at = &mut copy;
    for step in parents {
        at = match step {
            PathStep::Key(k) => at.get_mut(k.as_str())?,
            PathStep::Index(i) => at.get_mut(*i)?,
        };
    }
    match (at, last) {
        (Value::Object(map), PathStep::Key(k)) => {
            map.shift_remove(k.as_str())?;
        }
        (Value::Array(items), PathStep::Index(i)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => return None,
    }
    Some(copy)
}

/// After proptest's shrinking (which cannot drop a component that an index
/// resolves through), deletes whatever keys and array elements it can while
/// the document still fails with the same class. The result is usually
/// still valid (a deletion that breaks validity tends to change the
/// failure); a fixture made of it is checked with openapi-spec-validator.
fn reduce(mut document: Value, mut failure: Failure, worker: &mut Worker) -> (Value, Failure, u32) {
    let mut steps = 0;
    let mut progress = true;
    while progress && steps < MAX_SHRINK_STEPS {
        progress = false;
        let mut i = 0;
        loop {
            let paths = deletable(&document);
            let Some(path) = paths.get(i) else { break };
            i += 1;
            if !keeps_validity(&document, path) {
                continue;
            }
            let Some(candidate) = delete(&document, path) else {
                continue;
            };
            steps += 1;
            if let Err(f) = worker.check(&candidate) {
                if f.class == failure.class {
                    document = candidate;
                    failure = f;
                    progress = true;
                    i -= 1;
                }
            }
            if steps >= MAX_SHRINK_STEPS {
                break;
            }
        }
    }
    (document, failure, steps)
}

fn failures_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("generative-failures")
}

fn file_name(class: &str) -> String {
    let mut name: String = class
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    name.truncate(80);
    name
}

/// proptest's value trees for a whole document are deep: the campaign runs
/// on a thread with a large stack (the generator itself runs in the worker,
/// on a main thread's 8 MiB).
#[test]
fn random_documents_generate() {
    switchboard_doc_grammar::with_large_stack(campaign);
}

fn campaign() {
    let seed = switchboard_doc_grammar::seed_from_env();
    let cases: u32 = env_number("SWITCHBOARD_GEN_CASES", DEFAULT_CASES);
    assert!(
        builder_macro_methods().contains("base_url"),
        "client_builder_methods! was not read"
    );
    let mut worker = Worker::spawn();
    let _ = std::fs::remove_dir_all(failures_dir());
    let started = Instant::now();
    let options = switchboard_doc_grammar::Options::from_env();
    let strategy = switchboard_doc_grammar::document_with(options);
    let mut runner = switchboard_doc_grammar::runner(seed, cases);
    // class → (count, first case, minimal document, its failure, shrink steps)
    let mut classes: BTreeMap<String, (u32, u32, Value, Failure, u32)> = BTreeMap::new();
    for case in 0..cases {
        let mut tree = strategy.new_tree(&mut runner).expect("the grammar never rejects");
        let Err(failure) = worker.check(&tree.current()) else {
            continue;
        };
        if let Some(entry) = classes.get_mut(&failure.class) {
            entry.0 += 1;
            continue;
        }
        let class = failure.class.clone();
        let (shrunk, shrunk_failure, steps) = shrink(&mut tree, failure, &mut worker);
        let dir = failures_dir();
        std::fs::create_dir_all(&dir).expect("target/ is writable");
        let path = dir.join(format!("{}.shrunk.json", file_name(&class)));
        std::fs::write(path, serde_json::to_string_pretty(&shrunk).expect("JSON")).expect("target/ is writable");
        let (minimal, minimal_failure, more_steps) = reduce(shrunk, shrunk_failure, &mut worker);
        classes.insert(class, (1, case, minimal, minimal_failure, steps + more_steps));
    }
    let elapsed = started.elapsed();
    eprintln!(
        "generative: seed {seed}, {cases} documents{}, {} failing in {} classes, {:.1} s",
        if options.known_failures {
            " (known failures included)"
        } else {
            ""
        },
        classes.values().map(|c| c.0).sum::<u32>(),
        classes.len(),
        elapsed.as_secs_f64()
    );
    if classes.is_empty() {
        return;
    }
    let dir = failures_dir();
    std::fs::create_dir_all(&dir).expect("target/ is writable");
    let mut report = String::new();
    for (class, (count, first, minimal, failure, steps)) in &classes {
        let text = serde_json::to_string_pretty(minimal).expect("JSON");
        let path = dir.join(format!("{}.json", file_name(class)));
        std::fs::write(&path, &text).expect("target/ is writable");
        report.push_str(&format!(
            "\n== {class}\n   {count} of {cases} documents (first: case {first}); shrunk in {steps} steps to {}\n   {}\n{text}\n",
            path.display(),
            failure.detail.replace('\n', "\n   ")
        ));
    }
    panic!(
        "{} failure classes among {cases} random documents (seed {seed}; rerun with SWITCHBOARD_GEN_SEED={seed} SWITCHBOARD_GEN_CASES={cases}):\n{report}",
        classes.len()
    );
}
