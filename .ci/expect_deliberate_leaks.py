"""The examples that keep the paper's label leak on purpose must be flagged there, and only there.

A plain `mlaudit-lint examples` would fail CI on these deliberate findings; excluding them would
stop CI noticing if the linter lost the paper's leak. So: lint them, and compare with the list.
"""

import json
import subprocess
import sys

DELIBERATE = {
    ("examples/leaky_pipeline/features.py", "MLA001"),
    ("examples/variant_calling/features.py", "MLA001"),
}

completed = subprocess.run(
    ["mlaudit-lint", "--format", "json", "examples/leaky_pipeline", "examples/variant_calling"],
    capture_output=True,
    text=True,
)
if completed.returncode not in (0, 1):
    sys.exit(f"mlaudit-lint failed (exit {completed.returncode}): {completed.stderr.strip()}")
found = {(finding["path"], finding["code"]) for finding in json.loads(completed.stdout)}
missing, unexpected = DELIBERATE - found, found - DELIBERATE
for path, code in sorted(missing):
    print(f"{path}: the deliberate {code} leak was not found")
for path, code in sorted(unexpected):
    print(f"{path}: unexpected {code} finding")
if missing or unexpected:
    sys.exit(1)
print(f"deliberate leaks flagged, nothing else: {len(found)} findings")
