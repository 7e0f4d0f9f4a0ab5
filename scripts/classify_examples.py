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


def deref(doc, pointer, depth=0):
    """Follow local `$ref`s from the schema at `pointer`; its final pointer."""
    while depth < 32:
        try:
            schema = resolve_pointer(doc, pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            return None
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if not isinstance(ref, str):
            return pointer if isinstance(schema, dict) else None
        if not ref.startswith("#"):
            return None
        pointer = ref[1:]
        depth += 1
    return None


def expand(checker, pointer, value, depth=0):
    """The schema at `pointer` and the schemas its allOf reaches, and those
    of its oneOf/anyOf alternatives that `value` matches (all of them when
    it matches none), as pointers."""
    pointer = deref(checker.doc, pointer)
    if pointer is None or depth > 16:
        return []
    schema = resolve_pointer(checker.doc, pointer)
    out = [pointer]
    for i, _ in enumerate(schema.get("allOf") or []):
        out.extend(expand(checker, "%s/allOf/%d" % (pointer, i), value, depth + 1))
    for key in ("oneOf", "anyOf"):
        alternatives = ["%s/%s/%d" % (pointer, key, i) for i, _ in enumerate(schema.get(key) or [])]
        matching = [a for a in alternatives if checker.is_valid(value, a)]
        for alternative in matching or alternatives:
            out.extend(expand(checker, alternative, value, depth + 1))
    return out


def declares(checker, pointer, example, tokens):
    """Whether the property named by the last of `tokens` (a path inside
    `example`) is declared by the schema at its parent, among the union
    alternatives the value there matches; None when unknown."""
    pointers = [pointer]
    value = example
    for token in tokens[:-1]:
        following = []
        for candidate in pointers:
            for p in expand(checker, candidate, value):
                s = resolve_pointer(checker.doc, p)
                props = s.get("properties") or {}
                if token in props:
                    following.append("%s/properties/%s" % (p, esc(token)))
                elif isinstance(s.get("additionalProperties"), dict):
                    following.append(p + "/additionalProperties")
                if isinstance(s.get("items"), dict) and token.isdigit():
                    following.append(p + "/items")
        try:
            value = value[int(token)] if isinstance(value, list) else value[token]
        except (KeyError, IndexError, ValueError, TypeError):
            return None
        if not following:
            return None
        pointers = following
    name = tokens[-1]
    return any(
        name in (resolve_pointer(checker.doc, p).get("properties") or {})
        for c in pointers
        for p in expand(checker, c, value)
    )


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
                if declares(checker, schema_pointer, value, tokens) is False:
                    out["rule"] = "undeclared property"
                    out["where"] = at
                    out["message"] = ("the schema does not declare %r (nor forbid it), or only union "
                                      "alternatives the value does not match do" % tokens[-1])
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
