"""Holds the simulated tenant to HiBob's published OpenAPI description.

Two checks, each failing on anything not listed in exceptions.toml:

1. schemathesis's findings (read from its JUnit report), one per generated request that broke a
   check: an undocumented status, a missing content type, a body the schema refuses.
2. Key coverage, which schemathesis cannot do because the description marks almost nothing
   required and allows extra properties: every key the simulator sends in a 200 body must be a
   property the description knows, and the keys clients rely on must be there.

Usage: check.py SPEC EXCEPTIONS JUNIT "BASE_URL ID:TOKEN EMPLOYEE_ID"...
       check.py first-employee BASE_URL ID:TOKEN
"""

import base64
import json
import re
import sys
import tomllib
import urllib.request
import xml.etree.ElementTree as ET


def glob(pattern, text):
    """`*` matches anything; every other character stands for itself (keys hold `[]`)."""
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, text, re.S) is not None


def load_exceptions(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    for entry in data.get("finding", []) + data.get("key", []):
        if not entry.get("why", "").strip():
            sys.exit(f"exceptions.toml: every entry needs a 'why': {entry}")
    return data.get("finding", []), data.get("key", [])


# ---- 1. schemathesis findings -------------------------------------------------------------

CASE = re.compile(r"^\s*\d+\. Test Case ID: (\S+)", re.M)
FINDING = re.compile(r"^- (ST\d+) ([^\n]*)\n(.*?)(?=^- ST\d+ |^\[\d{3}\]|\Z)", re.M | re.S)
STATUS = re.compile(r"^\[(\d{3})\]", re.M)
CURL = re.compile(r"^\s*(curl .*)$", re.M)


def findings(junit_path):
    """(operation, code, title, detail, status, curl) for every finding in the report."""
    tree = ET.parse(junit_path)
    for testcase in tree.iter("testcase"):
        operation = testcase.get("name", "")
        for failure in testcase:
            if failure.tag not in ("failure", "error"):
                continue
            text = failure.text or failure.get("message") or ""
            if failure.tag == "error":
                # schemathesis itself failed (not the simulator): say what it said.
                lines = [line for line in text.strip().splitlines() if line.strip()]
                yield operation, "error", "schemathesis could not run", " / ".join(lines[:6]), "", ""
                continue
            starts = [m.start() for m in CASE.finditer(text)] or [0]
            for start, end in zip(starts, starts[1:] + [len(text)]):
                case = text[start:end]
                status = STATUS.search(case)
                curl = CURL.search(case)
                for found in FINDING.finditer(case):
                    yield (
                        operation,
                        found.group(1),
                        found.group(2).strip(),
                        found.group(3).strip(),
                        status.group(1) if status else "",
                        curl.group(1) if curl else "",
                    )


def excused(entry, operation, code, detail, status):
    if not glob(entry.get("operation", "*"), operation):
        return False
    if entry.get("code", code) != code:
        return False
    if "status" in entry and entry["status"] != status:
        return False
    return entry.get("contains", "") in detail


# ---- 2. key coverage ----------------------------------------------------------------------


def properties(schema, spec):
    """Property names a schema allows at its top level, through allOf/anyOf/oneOf."""
    if not isinstance(schema, dict):
        return set()
    names = set(schema.get("properties", {}))
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, []):
            names |= properties(part, spec)
    return names


def child(schema, name):
    """The schema of a property, looked up through allOf/anyOf/oneOf."""
    if not isinstance(schema, dict):
        return None
    if name in schema.get("properties", {}):
        return schema["properties"][name]
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, []):
            found = child(part, name)
            if found is not None:
                return found
    return None


def items(schema):
    if not isinstance(schema, dict):
        return None
    if "items" in schema:
        return schema["items"]
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, []):
            found = items(part)
            if found is not None:
                return found
    return None


def unknown_keys(value, schema, path, out):
    """Keys of `value` the schema does not name, as JSON-pointer-like paths."""
    if isinstance(value, dict) and isinstance(schema, dict):
        known = properties(schema, None)
        open_ended = not known and schema.get("type") in (None, "object")
        for key, sub in value.items():
            if key not in known:
                if not open_ended:
                    out.append(f"{path}/{key}")
                continue
            unknown_keys(sub, child(schema, key), f"{path}/{key}", out)
    elif isinstance(value, list):
        element = items(schema)
        for sub in value[:50]:
            unknown_keys(sub, element, f"{path}/[]", out)


def call(base, auth, method, path, body=None):
    request = urllib.request.Request(base + path, method=method)
    request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, data=data, timeout=30) as response:
        return json.loads(response.read() or b"null")


def key_coverage(spec, base, auth, employee):
    """(operation, problem) for each key the simulator sends that the description lacks, and each
    key the description's clients rely on that the simulator leaves out."""
    requests = [
        ("GET", "/company/people/fields", None, "/company/people/fields", None),
        ("GET", "/company/named-lists/{listName}", None, "/company/named-lists/department", None),
        ("POST", "/people/search", None, "/people/search", {"fields": ["root.id", "root.email", "work.title", "about.hobbies"], "showInactive": True}),
        ("POST", "/people/{identifier}", None, f"/people/{employee}", {"fields": ["root.id", "work.title"]}),
        ("GET", "/people/{id}/work", None, f"/people/{employee}/work", None),
        ("GET", "/people/{id}/employment", None, f"/people/{employee}/employment", None),
        ("GET", "/people/{id}/lifecycle", None, f"/people/{employee}/lifecycle", None),
        ("GET", "/people/{id}/salaries", None, f"/people/{employee}/salaries", None),
        ("GET", "/people/{id}/bank-accounts", None, f"/people/{employee}/bank-accounts", None),
        ("GET", "/bulk/people/work", None, "/bulk/people/work?limit=20", None),
        ("GET", "/bulk/people/employment", None, "/bulk/people/employment?limit=20", None),
        ("GET", "/bulk/people/lifecycle", None, "/bulk/people/lifecycle?limit=20", None),
        ("GET", "/bulk/people/salaries", None, "/bulk/people/salaries?limit=20", None),
        ("GET", "/docs/people/{id}", None, f"/docs/people/{employee}", None),
        ("GET", "/timeoff/whosout", None, "/timeoff/whosout?from=2000-01-01&to=2100-01-01", None),
        ("GET", "/timeoff/outtoday", None, "/timeoff/outtoday", None),
        ("GET", "/timeoff/policy-types", None, "/timeoff/policy-types", None),
        ("GET", "/timeoff/employees/{id}/balance", None, f"/timeoff/employees/{employee}/balance?policyType=Holiday&date=2026-06-30", None),
    ]
    for method, route, _, path, body in requests:
        operation = f"{method} {route}"
        schema = (
            spec["paths"][route][method.lower()]["responses"]["200"]
            .get("content", {})
            .get("application/json", {})
            .get("schema", {})
        )
        value = call(base, auth, method, path, body)
        found = []
        unknown_keys(value, schema, "", found)
        for key in sorted(set(found)):
            yield operation, key, f"the simulator sends {key}, which HiBob's description does not have"


def first_employee(base, auth):
    found = call(base, auth, "POST", "/people/search", {"fields": ["root.id"], "showInactive": True})
    return found["employees"][0]["id"]


def main():
    if sys.argv[1] == "first-employee":
        print(first_employee(sys.argv[2], sys.argv[3]))
        return
    spec_path, exceptions_path, junit = sys.argv[1:4]
    companies = [arg.split(" ", 2) for arg in sys.argv[4:]]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    finding_rules, key_rules = load_exceptions(exceptions_path)
    used = set()
    problems = []
    total = 0
    for operation, code, title, detail, status, curl in findings(junit):
        total += 1
        rule = next(
            (i for i, r in enumerate(finding_rules) if excused(r, operation, code, detail, status)),
            None,
        )
        if rule is None:
            first = detail.splitlines()[0] if detail else ""
            problems.append(f"{operation}: {code} {title} ({status or 'no status'}): {first}\n    {curl}")
        else:
            used.add(("finding", rule))
    keys = 0
    for base, auth, employee in companies:
        for operation, key, sentence in key_coverage(spec, base, auth, employee):
            keys += 1
            rule = next(
                (
                    i
                    for i, r in enumerate(key_rules)
                    if glob(r.get("operation", "*"), operation) and glob(r["key"], key)
                ),
                None,
            )
            if rule is None:
                problems.append(f"{operation}: {sentence}")
            else:
                used.add(("key", rule))
    print(
        f"contract: {total} schemathesis findings and {keys} unknown keys over {len(companies)} "
        f"companies, {len(problems)} not explained by exceptions.toml"
    )
    for kind, rules in (("finding", finding_rules), ("key", key_rules)):
        for i, rule in enumerate(rules):
            if (kind, i) not in used:
                what = rule.get("code", rule.get("key", ""))
                print(f"  note: {kind} exception #{i + 1} ({rule.get('operation', '*')} {what}) matched nothing")
    if problems:
        print("The simulator drifted from HiBob's published description:")
        for problem in problems:
            print(f"  - {problem}")
        sys.exit(1)


if __name__ == "__main__":
    main()
