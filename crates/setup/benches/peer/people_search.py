"""The peer the sync benchmark measures itself against: what a small script with Python's standard
library does for the same job. One people search with the request body the preview sends, then a
flat mapping of the profile's fields. No validation, no diff, no history: a floor for the work.

Reads the search body and the mapping from standard input as JSON:
  {"url": ..., "body": {...}, "mapping": [{"target": ..., "source": ...}, ...]}
and the credentials from HIBOB_SERVICE_USER_ID and HIBOB_TOKEN. Prints one JSON line: bytes,
records, transfer_ms (the request until the body is read), beyond_ms (parsing and mapping),
peak_rss_kib.
"""

import base64
import json
import os
import resource
import sys
import time
import urllib.request


def lookup(employee, path):
    """A field by its ID, nested ("work": {"title": ...}) or as a slash key ("/work/title")."""
    node = employee
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            node = None
            break
    if node is None:
        node = employee.get("/" + path.replace(".", "/"))
    # humanReadable: APPEND puts the display value (a list item's name) beside the machine value.
    shown = employee.get("humanReadable")
    for part in path.split("."):
        shown = shown.get(part) if isinstance(shown, dict) else None
    if isinstance(shown, str):
        return shown
    if isinstance(node, dict):
        return node.get("value") or node.get("name")
    return node


def main():
    job = json.load(sys.stdin)
    secret = f"{os.environ['HIBOB_SERVICE_USER_ID']}:{os.environ['HIBOB_TOKEN']}"
    request = urllib.request.Request(
        job["url"],
        data=json.dumps(job["body"]).encode(),
        headers={
            "Authorization": "Basic " + base64.b64encode(secret.encode()).decode(),
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        method="POST",
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as answer:
        body = answer.read()
    received = time.perf_counter()
    employees = json.loads(body)["employees"]
    records = [
        {m["target"]: lookup(employee, m["source"]) for m in job["mapping"]}
        for employee in employees
    ]
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "bytes": len(body),
                "records": len(records),
                "transfer_ms": (received - started) * 1000,
                "beyond_ms": (done - received) * 1000,
                "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    main()
