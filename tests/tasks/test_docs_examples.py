"""The worked scikit-learn examples of the task-kind docs run as the docs say.

Every fenced python block whose first line is `# test_<name>.py` is a complete test module a user
can copy. Each is run here through pytest (pytester) with `--mlaudit`, and what the page says about
it is asserted: which tests pass or fail and lines of what they print. A page that gains an example
must gain its expectations here (the last test says so).
"""

import re
from pathlib import Path

import pytest

from pytest_mlaudit import options

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = (
    "tasks/binary.md",
    "tasks/multiclass.md",
    "tasks/regression.md",
    "metrics.md",
    "compare.md",
)
BLOCK = re.compile(r"```python\n(# (test_\w+\.py)\n.*?)```", re.S)

# file -> (outcomes, lines the output must contain, in order; fnmatch patterns)
EXPECTED = {
    "test_binary_forest.py": (
        {"passed": 1},
        [
            "*F1 mean ± sd*AUROC*",
            "*resolution: one test example changes f1 by * (n_test 450); * distinct values in 10 runs*",
        ],
    ),
    "test_binary_rare.py": (
        {"passed": 1, "failed": 1},
        [
            "*FAILED collapse rate*",
            "*6 of the 6 collapsed runs rank positives well (mean AUROC 0.7*) but predict almost nothing*",
        ],
    ),
    "test_binary_fixed_split.py": (
        {"passed": 2},
        [
            "*warn: seed effect: f1 is * in all 5 seeds: the seed changed nothing (the predictions are identical too)*"
        ],
    ),
    "test_multiclass_forest.py": (
        {"passed": 2},
        [
            "*macro_f1 mean ± sd*accuracy*AUROC*",
            "*resolution: one test example changes macro_f1 by*",
        ],
    ),
    "test_multiclass_mistakes.py": (
        {"failed": 1},
        [
            "*mlaudit stopped the sweep at its first malformed run (seed=0)*y_true has 270 values but y_score has 810*"
        ],
    ),
    "test_regression_forest.py": (
        {"passed": 1},
        ["*RMSE mean ± sd*R²*MAE*", "*resolution: rmse is continuous (n_test 111)*"],
    ),
    "test_user_metrics.py": ({"passed": 1}, ["*macro_f1 mean ± sd*mcc*cost*"]),
    "test_compare_models.py": (
        {"passed": 2},
        ["*compare model:*paired t by seed,*pass*", "*equivalence*TOST, paired t,*pass*"],
    ),
}


def examples():
    found = []
    for page in PAGES:
        for match in BLOCK.finditer((DOCS / page).read_text(encoding="utf-8")):
            found.append(pytest.param(match.group(2), match.group(1), id=match.group(2)))
    return found


@pytest.mark.parametrize(("name", "source"), examples())
def test_a_worked_example_runs_as_its_page_says(pytester, report_of, name, source):
    outcomes, lines = EXPECTED[name]
    pytester.makepyfile(**{name[:-3]: source})
    result = pytester.runpytest(options.FLAG, options.REPORT, "r.json", name)
    result.assert_outcomes(**outcomes)
    for line in lines:
        result.stdout.fnmatch_lines([line])
    report = report_of(pytester)
    assert report["sweeps"], "the example ran no sweep"


def test_every_example_has_expectations_and_every_expectation_an_example():
    names = [p.values[0] for p in examples()]
    assert len(names) == len(set(names)), "two examples share a file name"
    assert set(names) == set(EXPECTED)
