#!/usr/bin/env python3
"""Validates a JSON document against a JSON Schema (draft 2020-12) with python3-jsonschema.

Usage: validate_json.py SCHEMA DOCUMENT. Exit 0 valid; 1 invalid, printing every error with its
JSON path; 2 unusable input. Format checking is on (date-time), as KCIDB's validator does.
"""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) != 3:
        print("usage: validate_json.py SCHEMA DOCUMENT", file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1]) as f:
            schema = json.load(f)
        with open(sys.argv[2]) as f:
            document = json.load(f)
    except (OSError, ValueError) as e:
        print(f"cannot read input: {e}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        path = "$" + "".join(f"[{p!r}]" for p in error.absolute_path)
        print(f"{path}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
