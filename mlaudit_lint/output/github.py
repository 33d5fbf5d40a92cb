"""`--output-format github`: GitHub Actions workflow commands, one annotation per line.

    ::error file=src/features.py,line=27,endLine=27,col=5,endColumn=31,title=MLA001 label-leak::label 'is_var' reaches ...

GitHub shows each as an annotation on the pull request's diff. Paths are relative to the working
directory, as the workflow's checkout is. Values are escaped as GitHub's toolkit does (`%`, CR
and LF in the message; also `:` and `,` in properties), so a message or a file name can neither
end the command early nor start another. Errors (a file that could not be analysed) are
annotations too, titled `mlaudit-lint error`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlaudit_lint.ftypes import Result
from mlaudit_lint.output import sink_region


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, properties: dict[str, object], message: str) -> str:
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {rendered}::{escape_data(message)}"


def render(results: Sequence[Result], names: dict[str, str]) -> str:
    lines = []
    for result in results:
        if result.finding is not None:
            finding = result.finding
            line, column, end_line, end_column = sink_region(finding)
            title = f"{finding.code} {names.get(finding.code, '')}".strip()
            properties = {
                "file": finding.path,
                "line": line,
                "endLine": end_line,
                "col": column,
                "endColumn": end_column,
                "title": title,
            }
            level = "warning" if finding.code not in names else "error"
            lines.append(_command(level, properties, finding.message))
        else:
            error = result.error
            assert error is not None
            properties = {"file": error.path}
            if error.line >= 1:
                properties.update(line=error.line, col=max(error.column, 1))
            properties["title"] = "mlaudit-lint error"
            lines.append(_command("error", properties, error.message))
    return "\n".join(lines)
