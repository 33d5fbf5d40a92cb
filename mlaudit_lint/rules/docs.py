"""Write docs/rules/<CODE>.md from each rule (`python -m mlaudit_lint.rules.docs [DOCS_DIR]`)."""

from __future__ import annotations

import sys
from pathlib import Path

from . import ALL_RULES


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "docs" / "rules"
    out.mkdir(parents=True, exist_ok=True)
    for rule in ALL_RULES:
        page = out / f"{rule.CODE}.md"
        page.write_text(rule.explain())
        print(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
