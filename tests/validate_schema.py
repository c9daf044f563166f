#!/usr/bin/env python3
"""validate_schema.py SCHEMA FILE... -- each FILE against the JSON Schema
SCHEMA (draft 2020-12), one line per file: "ok FILE" or "bad FILE: why".
Exit 0 when all are valid, 1 when one is not, 77 without python3-jsonschema
(tests/cli/schema.sh)."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("no python3-jsonschema", file=sys.stderr)
    sys.exit(77)

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
status = 0
for path in sys.argv[2:]:
    with open(path) as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.path)
        print("bad %s: %s: %s" % (path, where or "(top)", e.message))
        status = 1
    else:
        print("ok %s" % path)
sys.exit(status)
