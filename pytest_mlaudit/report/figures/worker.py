"""``python -m pytest_mlaudit.report.figures.worker``: draws the figures another process sends.

Reads {"formats": [...], "specs": [FigureSpec as a dict, ...]} as JSON on stdin and writes
[{"id", "files": {format: base64}, "error"}, ...] as JSON on stdout. `drawing.render` starts one per
core when there are many figures, each spec as `dataclasses.asdict` writes it; every value is plain
JSON (a spec's payload comes from the report). Only this module imports `drawing`, never the reverse
(tests/test_architecture.py forbids the cycle).
"""

from __future__ import annotations

import base64
import json
import sys

from .plan import FigureSpec


def main() -> int:
    from .drawing import render_one

    request = json.load(sys.stdin)
    answers = []
    for record in request["specs"]:
        item = render_one(FigureSpec(**record), request["formats"])
        answers.append(
            {
                "id": item.spec.id,
                "files": {
                    fmt: base64.b64encode(data).decode("ascii") for fmt, data in item.files.items()
                },
                "error": item.error,
            }
        )
    json.dump(answers, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
