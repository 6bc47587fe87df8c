#!/usr/bin/env python3
"""Parses a KTAP file with the kernel's own KTAP parser (tools/testing/kunit/kunit_parser.py).

Usage: ktap_check.py KUNIT_TOOL_DIR KTAP_FILE. Prints one JSON object: the parser's error count
and the tree of test names and statuses it understood. Exit 0 when it parsed (errors are in the
output for the caller to judge), 2 when the parser could not be loaded or the file not read.
"""
import json
import sys


def tree(test):
    return {
        "name": test.name,
        "status": test.status.name,
        "errors": test.counts.errors,
        "subtests": [tree(t) for t in test.subtests],
    }


def main():
    if len(sys.argv) != 3:
        print("usage: ktap_check.py KUNIT_TOOL_DIR KTAP_FILE", file=sys.stderr)
        return 2
    sys.path.insert(0, sys.argv[1])
    try:
        import kunit_parser
        import kunit_printer
        with open(sys.argv[2]) as f:
            lines = f.readlines()
    except (ImportError, OSError) as e:
        print(f"cannot load the parser or the file: {e}", file=sys.stderr)
        return 2
    test = kunit_parser.parse_run_tests(lines, kunit_printer.null_printer)
    print(json.dumps({"errors": test.counts.errors, "root": tree(test)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
