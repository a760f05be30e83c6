"""The project's own axe-core runs, kept for the accessibility statement.

Every `assert_accessible(page)` of the browser tests runs axe-core in Chromium; when the variable
RALLYNOV_AXE_LOG names a file, each run appends one JSON line there (page, screen size, browser,
rules passed and failed). `rallynov accessibility-audit FILE` turns those lines into the figures
the accessibility statement shows (rallynov/site/data/accessibility-audit.json). Append mode:
the workers of one run can share the file.
"""

import json
import os
from urllib.parse import urlsplit


def record_axe_run(response):
    path = os.environ.get("RALLYNOV_AXE_LOG")
    if not path:
        return
    environment = response.get("testEnvironment") or {}
    line = {
        "path": urlsplit(response.get("url", "")).path,
        "width": environment.get("windowWidth"),
        "height": environment.get("windowHeight"),
        "user_agent": environment.get("userAgent", ""),
        "axe": (response.get("testEngine") or {}).get("version", ""),
        "timestamp": response.get("timestamp", ""),
        "test": os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0],
        "passes": sorted(rule["id"] for rule in response.get("passes", [])),
        "violations": sorted(rule["id"] for rule in response.get("violations", [])),
        "incomplete": sorted(rule["id"] for rule in response.get("incomplete", [])),
        "inapplicable": len(response.get("inapplicable", [])),
    }
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(line, ensure_ascii=False) + "\n")
