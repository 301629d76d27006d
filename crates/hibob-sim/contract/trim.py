"""Cuts HiBob's published OpenAPI description down to the operations the simulator serves.

Usage (PyYAML, which schemathesis brings, must be importable):
    python3 trim.py FULL.yml > hibob-openapi-subset.json

Keeps `openapi`, `info`, `servers`, the Basic security scheme and the listed operations with
their schemas unchanged; drops every other path and method. See SOURCE.md for where FULL.yml
comes from.
"""

import json
import sys

import yaml

# Every route of the simulator's router (src/routes/mod.rs) that the description also has.
OPERATIONS = {
    "/company/people/fields": ["get"],
    "/company/named-lists": ["get"],
    "/company/named-lists/{listName}": ["get"],
    "/people/search": ["post"],
    "/people/{identifier}": ["post"],
    "/people/{id}/work": ["get"],
    "/people/{id}/employment": ["get"],
    "/people/{id}/lifecycle": ["get"],
    "/people/{id}/salaries": ["get"],
    "/people/{id}/bank-accounts": ["get"],
    "/bulk/people/work": ["get"],
    "/bulk/people/employment": ["get"],
    "/bulk/people/lifecycle": ["get"],
    "/bulk/people/salaries": ["get"],
    "/docs/people/{id}": ["get"],
    "/timeoff/whosout": ["get"],
    "/timeoff/outtoday": ["get"],
    "/timeoff/policy-types": ["get"],
    "/timeoff/employees/{id}/balance": ["get"],
}


def main(path):
    with open(path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    paths = {}
    for route, methods in OPERATIONS.items():
        item = spec["paths"][route]
        paths[route] = {m: item[m] for m in methods}
        if "parameters" in item:
            paths[route]["parameters"] = item["parameters"]
    trimmed = {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "servers": spec.get("servers", []),
        "security": [{"Basic": []}],
        "components": {"securitySchemes": spec["components"]["securitySchemes"]},
        "paths": paths,
    }
    json.dump(trimmed, sys.stdout, indent=1, sort_keys=True, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
