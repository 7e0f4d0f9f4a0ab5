#!/usr/bin/env python3
"""Check the webhook delivery samples against the effective Chatwoot document.

Usage: python3 tests/data/chatwoot/webhooks/validate.py EFFECTIVE [EFFECTIVE ...]

EFFECTIVE is a Chatwoot document with specs/chatwoot.overlay.yaml applied
(YAML or JSON), as written by `switchboard-codegen apply`. For each one:
  - every `<event>.json` in this directory must be declared under `webhooks`
    with that key, and every declared webhook must have its sample;
  - the sample's `event` field must equal the file's event name;
  - the sample must validate, as JSON Schema 2020-12 with format checks,
    against the `application/json` request-body schema of the webhook's
    `post` operation, local `$ref`s resolved against the whole document.
Prints one line per sample and exits 1 if any check fails. Needs the
packages of scripts/requirements.txt (scripts/setup-test-tools installs them
into .tools/venv); the date-time checks use rfc3339-validator, which
openapi-spec-validator pulls in. Not run by CI; see
tests/data/chatwoot/README.md for the commands.
"""

import glob
import json
import os
import sys

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC_URI = "urn:switchboard:chatwoot-effective"


def check(path):
    with open(path) as f:
        document = yaml.safe_load(f)
    registry = Registry().with_resource(SPEC_URI, Resource(contents=document, specification=DRAFT202012))
    webhooks = document.get("webhooks") or {}
    failures = 0
    samples = sorted(glob.glob(os.path.join(HERE, "*.json")))
    seen = set()
    for sample in samples:
        event = os.path.splitext(os.path.basename(sample))[0]
        seen.add(event)
        with open(sample) as f:
            body = json.load(f)
        problems = []
        if event not in webhooks:
            problems.append("no webhook declared with this key")
        else:
            if body.get("event") != event:
                problems.append(f"event field is {body.get('event')!r}")
            pointer = f"/webhooks/{event}/post/requestBody/content/application~1json/schema"
            validator = Draft202012Validator(
                {"$ref": f"{SPEC_URI}#{pointer}"},
                registry=registry,
                format_checker=FormatChecker(),
            )
            for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
                where = "/".join(str(p) for p in error.absolute_path) or "(root)"
                problems.append(f"{where}: {error.message[:300]}")
        name = os.path.relpath(sample)
        if problems:
            failures += 1
            for problem in problems:
                print(f"{path}: {name}: FAIL {problem}")
        else:
            print(f"{path}: {name}: OK")
    for event in sorted(set(webhooks) - seen):
        failures += 1
        print(f"{path}: webhook {event}: FAIL no sample {event}.json")
    return failures


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failures = sum(check(path) for path in argv[1:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
