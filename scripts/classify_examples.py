#!/usr/bin/env python3
"""Class the examples that do not round-trip through their generated types.

Usage: python3 scripts/classify_examples.py DOCUMENT < failures.jsonl

Reads the failures of one document, one JSON object a line (`pointer`: the
example's JSON pointer, `#/…`; `at`: the pointer inside the example where
the round trip failed; `stage`, `reason`), validates each example against
its own schema as scripts/check_examples.py does (OpenAPI 3.1 as JSON Schema
2020-12, 3.0 as draft 4 with `nullable`), and prints one JSON object a line:

  {"pointer": …, "fault": "document", "rule": "type", "where": "/id", "message": …}
      the example contradicts its own schema, and a violated rule lies on
      the path to where the round trip failed (at it, above it or below it);
  {"pointer": …, "fault": "generator", "rule": null, …}
      the example is valid, or its violations are elsewhere: the generated
      type should have taken it;
  {"pointer": …, "fault": "document", "rule": "base64", …}
      a `format: byte` / `contentEncoding: base64` string that is not
      base64 (or not in its canonical form, with non-zero padding bits),
      which JSON Schema validators do not assert;
  {"pointer": …, "fault": "generator", "rule": "undeclared property", …}
      a property the type dropped is one its schema does not declare (and
      does not forbid): generated structs keep declared properties only.

The rule is the JSON Schema keyword that fails (required, type, enum,
format, additionalProperties, oneOf …); for a failed oneOf/anyOf the keyword
of the alternative that matched best is added (`oneOf/required`).
"""

import base64
import binascii
import json
import sys

from jsonschema.exceptions import best_match

from check_examples import Checker, esc, resolve_pointer


def where(error):
    return "".join("/" + esc(p) for p in error.absolute_path)


def related(a, b):
    """One pointer is a prefix of the other (segment-wise)."""
    a_parts, b_parts = a.split("/"), b.split("/")
    n = min(len(a_parts), len(b_parts))
    return a_parts[:n] == b_parts[:n]


def rule_of(error):
    rule = error.validator
    if rule in ("oneOf", "anyOf") and error.context:
        inner = best_match(error.context)
        if inner is not None:
            inner_rule, shown = rule_of(inner)
            return "%s/%s" % (rule, inner_rule), shown
    return rule, error


def unescape(token):
    return token.replace("~1", "/").replace("~0", "~")


def deref_schema(doc, schema, depth=0):
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and depth < 32:
        ref = schema["$ref"]
        if not ref.startswith("#"):
            return {}
        try:
            schema = resolve_pointer(doc, ref[1:])
        except (KeyError, IndexError, ValueError, TypeError):
            return {}
        depth += 1
    return schema if isinstance(schema, dict) else {}


def expand(doc, schema, depth=0):
    """The schema and every schema its allOf/oneOf/anyOf reach."""
    schema = deref_schema(doc, schema)
    out = [schema]
    if depth < 16:
        for key in ("allOf", "oneOf", "anyOf"):
            for sub in schema.get(key) or []:
                out.extend(expand(doc, sub, depth + 1))
    return out


def declares(doc, schema, tokens):
    """Whether the property named by the last of `tokens` (a path inside an
    example) is declared by the schema at its parent; None when unknown."""
    schemas = [schema]
    for token in tokens[:-1]:
        following = []
        for candidate in schemas:
            for s in expand(doc, candidate):
                props = s.get("properties") or {}
                if token in props:
                    following.append(props[token])
                elif isinstance(s.get("additionalProperties"), dict):
                    following.append(s["additionalProperties"])
                if isinstance(s.get("items"), dict) and token.isdigit():
                    following.append(s["items"])
        if not following:
            return None
        schemas = following
    name = tokens[-1]
    return any(name in (s.get("properties") or {}) for c in schemas for s in expand(doc, c))


BASE64_ERRORS = ("Invalid last symbol", "Invalid symbol", "Invalid padding", "Invalid input length", "Invalid byte")


def canonical_base64(text):
    """Whether `text` is standard or URL-safe base64 in canonical form."""
    if not isinstance(text, str):
        return False
    for alphabet in (None, b"-_"):
        try:
            raw = base64.b64decode(text, altchars=alphabet, validate=True)
        except (binascii.Error, ValueError):
            continue
        again = base64.b64encode(raw, altchars=alphabet).decode("ascii")
        if again == text or again.rstrip("=") == text:
            return True
    return False


def candidates(pointer):
    """check_examples.py's pointer for one of ours (no `#`; an Example
    Object reached through `$ref` is named by its `value`)."""
    bare = pointer[1:] if pointer.startswith("#") else pointer
    return [bare, bare + "/value"]


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    failures = [json.loads(line) for line in sys.stdin if line.strip()]
    wanted = set()
    for failure in failures:
        wanted.update(candidates(failure["pointer"]))
    checker = Checker(argv[1], only=wanted)
    checker.run()
    for failure in failures:
        out = {"pointer": failure["pointer"], "fault": "generator", "rule": None, "where": None, "message": None}
        errors = None
        for candidate in candidates(failure["pointer"]):
            if candidate in checker.errors:
                errors = checker.errors[candidate]
                break
        if errors is None:
            out["message"] = "not validated (no schema found for it)"
        else:
            on_path = [e for e in errors if related(where(e), failure.get("at", ""))]
            if on_path:
                # The deepest violation on the path explains the failure best.
                error = max(on_path, key=lambda e: len(list(e.absolute_path)))
                rule, shown = rule_of(error)
                out.update(fault="document", rule=rule, where=where(shown), message=shown.message[:300])
            elif errors:
                rule, shown = rule_of(errors[0])
                out["message"] = "valid where it fails; violates %s at %s elsewhere" % (rule, where(shown) or "/")
        at = failure.get("at", "")
        reason = failure.get("reason", "")
        value = None
        for candidate in candidates(failure["pointer"]):
            value = checker.values.get(candidate, value)
        if out["fault"] == "generator" and any(e in reason for e in BASE64_ERRORS):
            try:
                text = resolve_pointer(value, at)
            except (KeyError, IndexError, ValueError, TypeError):
                text = None
            if not canonical_base64(text):
                out.update(fault="document", rule="base64", where=at,
                           message="%r is not base64 in canonical form" % (text if len(str(text)) < 80 else str(text)[:77] + "..."))
        if out["fault"] == "generator" and "dropped" in reason and at:
            schema_pointer = None
            for candidate in candidates(failure["pointer"]):
                schema_pointer = checker.schema_of.get(candidate, schema_pointer)
            if schema_pointer is not None:
                tokens = [unescape(t) for t in at.split("/")[1:]]
                schema = resolve_pointer(checker.doc, schema_pointer)
                if declares(checker.doc, schema, tokens) is False:
                    out["rule"] = "undeclared property"
                    out["where"] = at
                    out["message"] = "the schema does not declare %r (nor forbid it)" % tokens[-1]
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
