#!/usr/bin/env python3
"""Validate every example in the OpenAPI specs against its schema.

Usage: python3 scripts/check_examples.py [SPEC ...]
       (default: every specs/*.yaml next to this script's parent directory)

For each spec it finds:
  - schema-level `example` and (3.1) `examples` arrays, in every schema
    reachable from components and operations (properties, items, allOf, ...);
  - media-type `example` and `examples` (inline values or `$ref`s to
    components/examples) in request bodies and responses;
  - parameter and header `example` / `examples`.
Each one is validated against the schema it belongs to, with local `$ref`s
resolved against the whole document. OpenAPI 3.1 schemas are validated as
JSON Schema 2020-12; OpenAPI 3.0 schemas as draft 4 after turning
`nullable: true` into a null-accepting type.

Prints one line per example, `spec: pointer: OK` or `spec: pointer: FAIL
reason`, and exits 1 if any example fails (2 on a usage or load error).
"""

import copy
import glob
import json
import os
import sys

import yaml
from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

SPEC_URI = "urn:switchboard:spec"

# Keywords whose value is a schema, a list of schemas or a map of schemas.
SCHEMA_VALUED = ("items", "additionalProperties", "not", "contains",
                 "propertyNames", "if", "then", "else",
                 "unevaluatedItems", "unevaluatedProperties", "additionalItems")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions",
               "dependentSchemas")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def esc(token):
    """Escape one JSON-pointer token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def resolve_pointer(doc, pointer):
    """Return the value at a JSON pointer ("/a/b") in doc."""
    node = doc
    if not pointer:
        return node
    for raw in pointer.lstrip("/").split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(token)]
        else:
            node = node[token]
    return node


def deref(doc, obj):
    """Follow a local `$ref` (non-schema objects: parameters, responses...)."""
    seen = set()
    while isinstance(obj, dict) and "$ref" in obj:
        ref = obj["$ref"]
        if not ref.startswith("#") or ref in seen:
            raise ValueError("unsupported or cyclic $ref: %s" % ref)
        seen.add(ref)
        obj = resolve_pointer(doc, ref[1:])
    return obj


def nullable_to_type(node):
    """OpenAPI 3.0: rewrite `nullable: true` so draft 4 accepts null."""
    if isinstance(node, list):
        return [nullable_to_type(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: nullable_to_type(v) for k, v in node.items()}
    if out.pop("nullable", False) is True:
        t = out.get("type")
        if isinstance(t, str):
            out["type"] = [t, "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = list(out["enum"]) + [None]
        elif isinstance(t, list):
            if "null" not in t:
                out["type"] = t + ["null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def load_document(path):
    """A YAML or JSON document (JSON files through the faster json module)."""
    with open(path, encoding="utf-8") as fh:
        if path.endswith(".json"):
            return json.load(fh)
        return yaml.safe_load(fh)


class Checker:
    """Validates examples; `only` (a set of pointers) limits which ones."""

    def __init__(self, path, only=None):
        self.path = path
        self.name = os.path.relpath(path)
        self.only = only
        self.doc = load_document(path)
        version = str(self.doc.get("openapi", ""))
        self.is31 = version.startswith("3.1")
        if not (self.is31 or version.startswith("3.0")):
            raise ValueError("%s: unsupported openapi version %r" % (path, version))
        if self.is31:
            self.schema_doc = self.doc
            spec, self.validator_cls = DRAFT202012, Draft202012Validator
        else:
            self.schema_doc = nullable_to_type(copy.deepcopy(self.doc))
            spec, self.validator_cls = DRAFT4, Draft4Validator
        resource = Resource.from_contents(self.schema_doc, default_specification=spec)
        self.registry = Registry().with_resource(SPEC_URI, resource)
        self.results = []  # (pointer, ok, reason)
        # pointer -> the jsonschema ValidationErrors of the example
        self.errors = {}
        # pointer -> the pointer of the schema it was validated against, the value
        self.schema_of = {}
        self.values = {}

    # -- validation -------------------------------------------------------
    def validate(self, pointer, value, schema_pointer):
        """Validate `value` against the schema at `schema_pointer`."""
        if self.only is not None and pointer not in self.only:
            return
        self.schema_of[pointer] = schema_pointer
        self.values[pointer] = value
        schema = {"$ref": SPEC_URI + "#" + schema_pointer}
        if not self.is31:
            schema["$schema"] = "http://json-schema.org/draft-04/schema#"
        validator = self.validator_cls(schema, registry=self.registry,
                                       format_checker=FormatChecker())
        errors = sorted(validator.iter_errors(value), key=lambda e: [str(p) for p in e.path])
        self.errors[pointer] = errors
        if errors:
            reasons = []
            for err in errors[:5]:
                where = "/".join(esc(p) for p in err.absolute_path)
                message = err.message
                if len(message) > 300:
                    message = message[:297] + "..."
                reasons.append("at /%s: %s" % (where, message))
            self.results.append((pointer, False, "; ".join(reasons)))
        else:
            self.results.append((pointer, True, ""))

    def is_valid(self, value, schema_pointer):
        """Whether `value` matches the schema at `schema_pointer`."""
        schema = {"$ref": SPEC_URI + "#" + schema_pointer}
        if not self.is31:
            schema["$schema"] = "http://json-schema.org/draft-04/schema#"
        return self.validator_cls(schema, registry=self.registry).is_valid(value)

    def fail(self, pointer, reason):
        self.results.append((pointer, False, reason))

    # -- walking ----------------------------------------------------------
    def walk_schema(self, schema, pointer):
        """Check `example`/`examples` in a schema and all its subschemas."""
        if not isinstance(schema, dict):
            return
        if "$ref" in schema and len(schema) == 1:
            return  # the target is checked where it is defined
        if "example" in schema:
            self.validate(pointer + "/example", schema["example"], pointer)
        if self.is31 and isinstance(schema.get("examples"), list):
            for i, value in enumerate(schema["examples"]):
                self.validate("%s/examples/%d" % (pointer, i), value, pointer)
        for key in SCHEMA_VALUED:
            if isinstance(schema.get(key), dict):
                self.walk_schema(schema[key], pointer + "/" + esc(key))
            elif key == "items" and isinstance(schema.get(key), list):
                for i, sub in enumerate(schema[key]):
                    self.walk_schema(sub, "%s/items/%d" % (pointer, i))
        for key in SCHEMA_LISTS:
            if isinstance(schema.get(key), list):
                for i, sub in enumerate(schema[key]):
                    self.walk_schema(sub, "%s/%s/%d" % (pointer, key, i))
        for key in SCHEMA_MAPS:
            if isinstance(schema.get(key), dict):
                for name, sub in schema[key].items():
                    self.walk_schema(sub, "%s/%s/%s" % (pointer, key, esc(name)))

    def schema_pointer(self, schema, schema_ptr):
        """Pointer to validate against; a bare $ref is followed."""
        if isinstance(schema, dict) and set(schema) == {"$ref"} and schema["$ref"].startswith("#"):
            return schema["$ref"][1:]
        return schema_ptr

    def check_examples_of(self, obj, pointer, schema, schema_ptr):
        """`example` / `examples` of a media type, parameter or header."""
        if schema is None:
            if "example" in obj or "examples" in obj:
                self.fail(pointer, "example without a schema")
            return
        target = self.schema_pointer(schema, schema_ptr)
        if "example" in obj:
            self.validate(pointer + "/example", obj["example"], target)
        for name, ex in (obj.get("examples") or {}).items():
            ex_ptr = "%s/examples/%s" % (pointer, esc(name))
            try:
                ex_obj = deref(self.doc, ex)
            except (KeyError, ValueError, IndexError) as err:
                self.fail(ex_ptr, "cannot resolve example: %s" % err)
                continue
            if "externalValue" in ex_obj and "value" not in ex_obj:
                self.fail(ex_ptr, "externalValue examples are not checked")
                continue
            if "value" not in ex_obj:
                self.fail(ex_ptr, "example object has no value")
                continue
            self.validate(ex_ptr + "/value", ex_obj["value"], target)

    def walk_parameter_like(self, obj, pointer):
        """A parameter or header object (not a $ref)."""
        if "$ref" in obj:
            return
        if "schema" in obj:
            self.walk_schema(obj["schema"], pointer + "/schema")
            self.check_examples_of(obj, pointer, obj["schema"], pointer + "/schema")
        for mt, media in (obj.get("content") or {}).items():
            self.walk_media(media, "%s/content/%s" % (pointer, esc(mt)))

    def walk_media(self, media, pointer):
        schema = media.get("schema")
        if schema is not None:
            self.walk_schema(schema, pointer + "/schema")
        self.check_examples_of(media, pointer, schema, pointer + "/schema")
        for name, enc in (media.get("encoding") or {}).items():
            for hname, header in (enc.get("headers") or {}).items():
                self.walk_parameter_like(
                    header, "%s/encoding/%s/headers/%s" % (pointer, esc(name), esc(hname)))

    def walk_body_or_response(self, obj, pointer):
        if "$ref" in obj:
            return
        for mt, media in (obj.get("content") or {}).items():
            self.walk_media(media, "%s/content/%s" % (pointer, esc(mt)))
        for hname, header in (obj.get("headers") or {}).items():
            self.walk_parameter_like(header, "%s/headers/%s" % (pointer, esc(hname)))

    def walk_operation(self, op, pointer):
        for i, param in enumerate(op.get("parameters") or []):
            self.walk_parameter_like(param, "%s/parameters/%d" % (pointer, i))
        if isinstance(op.get("requestBody"), dict):
            self.walk_body_or_response(op["requestBody"], pointer + "/requestBody")
        for code, resp in (op.get("responses") or {}).items():
            self.walk_body_or_response(resp, "%s/responses/%s" % (pointer, esc(code)))

    def run(self):
        for path, item in (self.doc.get("paths") or {}).items():
            ptr = "/paths/" + esc(path)
            if not isinstance(item, dict) or "$ref" in item:
                continue
            for i, param in enumerate(item.get("parameters") or []):
                self.walk_parameter_like(param, "%s/parameters/%d" % (ptr, i))
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    self.walk_operation(item[method], ptr + "/" + method)
        comps = self.doc.get("components") or {}
        for name, schema in (comps.get("schemas") or {}).items():
            self.walk_schema(schema, "/components/schemas/" + esc(name))
        for name, param in (comps.get("parameters") or {}).items():
            self.walk_parameter_like(param, "/components/parameters/" + esc(name))
        for name, header in (comps.get("headers") or {}).items():
            self.walk_parameter_like(header, "/components/headers/" + esc(name))
        for name, body in (comps.get("requestBodies") or {}).items():
            self.walk_body_or_response(body, "/components/requestBodies/" + esc(name))
        for name, resp in (comps.get("responses") or {}).items():
            self.walk_body_or_response(resp, "/components/responses/" + esc(name))
        return self.results


def main(argv):
    if len(argv) > 1:
        specs = argv[1:]
    else:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        specs = sorted(glob.glob(os.path.join(root, "specs", "*.yaml")))
    if not specs:
        print("no specs found", file=sys.stderr)
        return 2
    failures = 0
    total = 0
    for spec in specs:
        try:
            results = Checker(spec).run()
        except Exception as err:  # load or resolution error: report and fail
            print("%s: /: FAIL cannot check: %s" % (os.path.relpath(spec), err))
            total += 1
            failures += 1
            continue
        name = os.path.relpath(spec)
        for pointer, ok, reason in results:
            total += 1
            if ok:
                print("%s: %s: OK" % (name, pointer))
            else:
                failures += 1
                print("%s: %s: FAIL %s" % (name, pointer, reason))
    print("%d passed, %d failed" % (total - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
