"""``python -m pytest_mlaudit.report.figures.worker``: draws the figures another process sends.

Reads {"formats": [...], "specs": [FigureSpec as a dict, ...]} as JSON on stdin and writes
[{"id", "files": {format: base64}, "error"}, ...] as JSON on stdout. `drawing.render` starts one per
core when there are many figures; every value is plain JSON (a spec's payload comes from the report).
"""

from __future__ import annotations

import base64
import dataclasses
import json
import sys
from typing import Any

from .plan import FigureSpec


def spec_record(spec: FigureSpec) -> dict[str, Any]:
    return dataclasses.asdict(spec)


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
