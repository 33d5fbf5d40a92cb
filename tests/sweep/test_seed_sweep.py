"""The plugin through pytest itself (pytester): options, markers, collection, reports."""

import pytest

from pytest_mlaudit import options

PASSING_SWEEP = """
import pytest
import fake
from pytest_mlaudit import seed_sweep

CALLS = []

@pytest.fixture
def data():
    CALLS.append(1)
    return fake.labels()

@seed_sweep(n=5, max_collapse_rate=0.0, min_f1=0.3)
def test_sweep(data, seed):
    assert len(CALLS) == 1, "the fixture must be computed once for the whole sweep"
    return fake.train(data)
"""


def test_sweeps_are_skipped_without_the_flag_and_the_reason_names_it(project):
    project.makepyfile(test_a=PASSING_SWEEP)
    result = project.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines([f"*{options.FLAG}*"])


def test_a_passing_sweep_runs_every_seed_with_fixtures_computed_once(project, load_report):
    project.makepyfile(test_a=PASSING_SWEEP)
    result = project.runpytest(options.FLAG, options.REPORT, "report.json")
    result.assert_outcomes(passed=1)
    sweep = load_report(project.path / "report.json")["sweeps"][0]
    assert [run["seed"] for run in sweep["runs"]] == [0, 1, 2, 3, 4]
    assert all(run["error"] is None and not run["collapsed"] for run in sweep["runs"])


def test_markers_are_registered_under_strict_markers(project):
    project.makepyfile(
        test_a=PASSING_SWEEP
        + """
@pytest.mark.mlaudit
def test_marked_by_hand():
    pass
"""
    )
    result = project.runpytest("--strict-markers", options.FLAG)
    result.assert_outcomes(passed=2)
    result = project.runpytest("--strict-markers")
    result.assert_outcomes(skipped=2)


def test_seeds_option_overrides_n_and_truncates_explicit_seeds(project, load_report):
    project.makepyfile(
        test_a="""
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=50)
def test_range(seed):
    return fake.train(fake.labels())

@seed_sweep(seeds=[11, 7, 5, 3])
def test_listed(seed):
    return fake.train(fake.labels())
"""
    )
    result = project.runpytest(options.FLAG, options.SEEDS, "2", options.REPORT, "r.json")
    result.assert_outcomes(passed=2)
    sweeps = {s["nodeid"].split("::")[1]: s for s in load_report(project.path / "r.json")["sweeps"]}
    assert [r["seed"] for r in sweeps["test_range"]["runs"]] == [0, 1]
    assert [r["seed"] for r in sweeps["test_listed"]["runs"]] == [11, 7]
    assert "--mlaudit-seeds 2" in sweeps["test_range"]["reproduce"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("n=0", "n must be an integer >= 1, got 0"),
        ("alpha=1.5", "alpha must be in (0, 1), got 1.5"),
        ("alpha=0", "alpha must be in (0, 1), got 0"),
        ("reference=(5, 3)", "reference must satisfy 0 <= collapses <= runs"),
        ("reference=(1,)", "reference must be (collapses, runs)"),
        ("reference={'fp32': (-1, 50)}", "reference['fp32'] must satisfy"),
        ("max_collapse_rate=2", "max_collapse_rate must be in [0, 1]"),
        ("allow_errors=-1", "allow_errors must be an integer >= 0"),
        ("timeout=0", "timeout must be a positive number"),
        ("seeds=[1, 1]", "seeds must not repeat"),
    ],
)
def test_bad_decorator_arguments_are_one_line_collection_errors(project, arguments, message):
    project.makepyfile(
        test_bad=f"""
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep({arguments})
def test_sweep(seed):
    return fake.train(fake.labels())
"""
    )
    result = project.runpytest(options.FLAG)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    output = result.stdout.str()
    matching = [line for line in output.splitlines() if message in line]
    assert matching, output
    assert "test_bad.py:4: test_sweep: seed_sweep:" in matching[0]  # the decorator's line
    assert "Traceback" not in output


def test_a_test_without_a_seed_parameter_is_a_one_line_collection_error(project):
    project.makepyfile(
        test_bad="""
from pytest_mlaudit import seed_sweep

@seed_sweep(n=3)
def test_sweep(data):
    pass
"""
    )
    result = project.runpytest(options.FLAG)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        ["*test_bad.py:3: test_sweep: seed_sweep: the test function has no 'seed' parameter*"]
    )
    assert "Traceback" not in result.stdout.str()


STACKED = """
import fake
import pytest
from pytest_mlaudit.core.check import Check, CheckResult
from pytest_mlaudit import Axis, extend_sweep
from pytest_mlaudit import seed_sweep

class PairedGap(Check):
    name = "paired gap"
    needs = ("variant", "seed")

    def evaluate(self, results, spec):
        by_seed = {}
        for result in results:
            by_seed.setdefault(result.cell[spec.pairing_axis], {})[result.cell["variant"]] = result.metric("f1")
        gaps = [abs(row["a"] - row["b"]) for row in by_seed.values()]
        return CheckResult(self.name, "max paired gap", max(gaps), None, max(gaps) < 0.5, f"{len(gaps)} pairs")

def variants(*names):
    def decorate(function):
        return extend_sweep(function, decorator="variants", params={"names": list(names)},
                            axis=Axis("variant", names), checks=[PairedGap()])
    return decorate

SEEN = []

@variants("a", "b")
@seed_sweep(n=3)
def test_above(seed, variant, data):
    SEEN.append(("above", variant, seed))
    return fake.train(data, signal=0.6 if variant == "a" else 0.5)

@seed_sweep(n=3)
@variants("a", "b")
def test_below(data, variant, seed):
    SEEN.append(("below", variant, seed))
    return fake.train(data, signal=0.6 if variant == "a" else 0.5)

@pytest.fixture
def data():
    return fake.labels()
"""


def test_decorators_stack_in_any_order_with_the_same_grid(project, load_report):
    project.makepyfile(test_stacked=STACKED)
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=2)
    sweeps = load_report(project.path / "r.json")["sweeps"]
    grids = [
        [(run["condition"]["variant"], run["seed"]) for run in sweep["runs"]] for sweep in sweeps
    ]
    assert grids[0] == grids[1] == [("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 1), ("b", 2)]
    for sweep in sweeps:
        names = [check["name"] for check in sweep["checks"]]
        assert "paired gap" in names and "errors" in names
        # the seed sweep's checks judge each condition separately
        assert {c["condition"] for c in sweep["checks"] if c["name"] == "trivial baseline"} == {
            "variant=a",
            "variant=b",
        }
    result.stdout.fnmatch_lines(["*variant=a*", "*variant=b*"])


def test_a_check_needing_a_missing_axis_is_a_collection_error(project):
    project.makepyfile(
        test_bad=STACKED.replace(
            'needs = ("variant", "seed")', 'needs = ("variant", "seed", "precision")'
        )
    )
    result = project.runpytest(options.FLAG)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        ["*check 'paired gap' needs axis 'precision', which no decorator adds*"]
    )


def test_report_schema_is_the_issue_schema(project, load_report):
    project.makepyfile(test_a=PASSING_SWEEP)
    project.runpytest(options.FLAG, options.REPORT, "r.json").assert_outcomes(passed=1)
    report = load_report(project.path / "r.json")
    assert {"environment", "sweeps"} <= set(report)
    sweep = report["sweeps"][0]
    assert {"nodeid", "runs", "checks"} <= set(sweep)
    run = sweep["runs"][0]
    assert {"seed", "condition", "metrics", "collapsed", "error", "seconds"} <= set(run)
    assert set(run["metrics"]) == {"f1", "auroc", "auprc", "brier", "ece", "positive_rate"}
    assert isinstance(run["collapsed"], bool) and isinstance(run["seconds"], float)
    check = sweep["checks"][0]
    assert {"name", "passed", "statistic", "p_value", "detail"} <= set(check)
    environment = report["environment"]
    assert {"python", "packages", "cpu", "threads", "deterministic"} <= set(environment)
    assert environment["packages"]["pytest-mlaudit"]


def test_report_path_that_is_a_directory_is_a_one_line_usage_error(project):
    (project.path / "out").mkdir()
    result = project.runpytest(options.FLAG, options.REPORT, "out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--mlaudit-report out: is a directory*"])
    assert "Traceback" not in result.stderr.str()


def test_report_never_overwrites_a_file_that_is_not_an_mlaudit_report(project):
    project.makepyfile(test_a=PASSING_SWEEP)
    precious = project.path / "notes.json"
    precious.write_text('{"my": "data"}')
    result = project.runpytest(options.FLAG, options.REPORT, str(precious))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert precious.read_text() == '{"my": "data"}'
    # an earlier mlaudit report is replaced when the user asks (issue 14: never silently)
    project.runpytest(options.FLAG, options.REPORT, "r.json").assert_outcomes(passed=1)
    project.runpytest(
        options.FLAG, options.REPORT, "r.json", options.REPORT_OVERWRITE
    ).assert_outcomes(passed=1)


def test_report_never_contains_environment_variable_values(project, monkeypatch, load_report):
    secret = "s3cr3t-token-value-8812"
    monkeypatch.setenv("MLAUDIT_TEST_API_TOKEN", secret)
    monkeypatch.setenv("OMP_NUM_THREADS", "7-" + secret)
    project.makepyfile(test_a=PASSING_SWEEP)
    project.runpytest(options.FLAG, options.REPORT, "r.json").assert_outcomes(passed=1)
    text = (project.path / "r.json").read_text()
    assert secret not in text
    assert "OMP_NUM_THREADS" in load_report(project.path / "r.json")["environment"]["variables_set"]


def test_a_failing_sweep_explains_itself_like_hypothesis(project):
    project.makepyfile(
        test_a="""
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=20, reference=(12, 50))
def test_reference(seed):
    return fake.train(fake.labels())
"""
    )
    result = project.runpytest(options.FLAG, options.SEEDS, "20")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*mlaudit sweep failed: 1 of 3 checks failed.*",
            "*FAILED reference collapses (Fisher exact, two-sided; observed 0, vs 0.24, statistic 0, p = 0.014)*",
            "*observed 0/20 collapses vs reference 12/50: the reference result does not reproduce*",
            "*What these checks assume:*",
            "*What to try:*",
            "*Reproduce this sweep with:*",
            "*pytest --mlaudit --mlaudit-seeds 20 'test_a.py::test_reference'  # seeds 0..19*",
        ]
    )


def test_terminal_summary_has_one_table_per_sweep_and_the_header_names_the_options(project):
    project.makepyfile(test_a=PASSING_SWEEP)
    # a subprocess: --mlaudit-deterministic changes torch's global state when torch is loaded
    result = project.runpytest_subprocess(options.FLAG, options.SEEDS, "4", options.DETERMINISTIC)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "mlaudit: --mlaudit --mlaudit-seeds 4 --mlaudit-deterministic*",
            "*mlaudit sweeps*",
            "*mlaudit sweep test_a.py::test_sweep*",
            "*condition*runs*collapses*errors*F1 mean ± sd ?min, max?*AUROC*",
            "*all*4*0*0*",
            "*collapse rate*exact binomial*pass*",
            "reproduce: pytest --mlaudit --mlaudit-seeds 4 --mlaudit-deterministic 'test_a.py::test_sweep'*",
        ]
    )


def test_trivial_baseline_warns_by_default_and_can_fail(project):
    project.makepyfile(
        test_a="""
import numpy as np
import fake
from pytest_mlaudit import Run, seed_sweep

def weak(seed):
    y = fake.labels(2000)
    # predicts ~30% positive at random: F1 ~ 0.27 < 0.40 = all-positive F1 at 25% prevalence
    return Run(y, (np.random.random(y.size) < 0.3).astype(float))

@seed_sweep(n=4)
def test_warn(seed):
    return weak(seed)

@seed_sweep(n=4, trivial_baseline="fail")
def test_fail(seed):
    return weak(seed)
"""
    )
    result = project.runpytest(options.FLAG)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*FAILED trivial baseline*", "*is below 0.39*the F1 of predicting every example positive*"]
    )
    result.stdout.fnmatch_lines(["*trivial baseline*warn*"])


def test_junit_xml_carries_the_sweep(project):
    project.makepyfile(test_a=PASSING_SWEEP)
    project.runpytest(options.FLAG, "--junit-xml=junit.xml").assert_outcomes(passed=1)
    xml = (project.path / "junit.xml").read_text()
    assert f'property name="{options.USER_PROPERTY}"' in xml


def test_xdist_gathers_every_sweep_in_the_controller(project, load_report):
    project.makepyfile(
        test_a=PASSING_SWEEP,
        test_b=PASSING_SWEEP.replace("def test_sweep", "def test_other_sweep"),
    )
    result = project.runpytest_subprocess("-n", "2", options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=2)
    sweeps = load_report(project.path / "r.json")["sweeps"]
    assert sorted(s["nodeid"] for s in sweeps) == [
        "test_a.py::test_sweep",
        "test_b.py::test_other_sweep",
    ]
    assert all(len(s["runs"]) == 5 for s in sweeps)
    result.stdout.fnmatch_lines(["*mlaudit sweep test_*", "*mlaudit sweep test_*"])


def test_calling_a_decorated_test_directly_runs_the_sweep(project):
    project.makepyfile(
        check_direct="""
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=3, reference=(50, 50))
def sweep(seed):
    return fake.train(fake.labels())

try:
    sweep()
except AssertionError as exc:
    print("RAISED", str(exc).splitlines()[0])
"""
    )
    result = project.runpython(project.path / "check_direct.py")
    result.stdout.fnmatch_lines(["RAISED mlaudit sweep failed: 1 of 3 checks failed."])


def test_unknown_executor_is_a_usage_error(project):
    result = project.runpytest(options.FLAG, options.EXECUTOR, "gpu-farm")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--mlaudit-executor gpu-farm: unknown executor*"])


def test_user_properties_hold_json(project):
    project.makepyfile(
        test_a=PASSING_SWEEP,
        conftest="""
import json
def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "mlaudit_sweep":
            print("SWEEP-RUNS", len(json.loads(value)["runs"]))
""",
    )
    result = project.runpytest(options.FLAG, "-s")
    result.stdout.fnmatch_lines(["*SWEEP-RUNS 5*"])


REFERENCE_BY_CONDITION = """
import fake
from pytest_mlaudit import Axis, extend_sweep
from pytest_mlaudit import seed_sweep

def precisions(*names):
    def decorate(function):
        return extend_sweep(function, decorator="precisions", params={"names": list(names)}, axis=Axis("precision", names))
    return decorate

@seed_sweep(n=20, reference=REFERENCE)
@precisions("fp32", "bf16", "fp16")
def test_table_3(precision, seed):
    return fake.train(fake.labels())
"""


def test_reference_counts_per_condition_reproduce_the_table_3_verdicts(project, load_report):
    project.makepyfile(
        test_a=REFERENCE_BY_CONDITION.replace(
            "REFERENCE", '{"fp32": (12, 50), "precision=bf16": (9, 50), "fp16": (0, 50)}'
        )
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    checks = {
        c["condition"]: c
        for c in load_report(project.path / "r.json")["sweeps"][0]["checks"]
        if c["name"] == "reference collapses"
    }
    assert (
        checks["precision=fp32"]["passed"] is False and checks["precision=fp32"]["p_value"] < 0.05
    )
    assert checks["precision=fp16"]["passed"] is True and checks["precision=fp16"]["p_value"] == 1.0
    assert checks["precision=bf16"]["detail"].startswith(
        "observed 0/20 collapses vs reference 9/50"
    )


def test_reference_mapping_missing_a_condition_is_a_collection_error(project):
    project.makepyfile(
        test_a=REFERENCE_BY_CONDITION.replace("REFERENCE", '{"fp32": (12, 50), "bf16": (9, 50)}')
    )
    result = project.runpytest(options.FLAG)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        ["*seed_sweep: reference has no count for condition 'precision=fp16'*"]
    )


def test_sweeps_work_with_parametrize_and_in_classes(project, load_report):
    project.makepyfile(
        test_a="""
import pytest
import fake
from pytest_mlaudit import seed_sweep

@pytest.mark.parametrize("signal", [0.5, 0.7])
@seed_sweep(n=3)
def test_parametrized(signal, seed):
    return fake.train(fake.labels(), signal=signal)

class TestInAClass:
    @seed_sweep(n=3)
    def test_method(self, seed):
        assert isinstance(self, TestInAClass)
        return fake.train(fake.labels())
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=3)
    nodeids = sorted(s["nodeid"] for s in load_report(project.path / "r.json")["sweeps"])
    assert nodeids == [
        "test_a.py::TestInAClass::test_method",
        "test_a.py::test_parametrized[0.5]",
        "test_a.py::test_parametrized[0.7]",
    ]


def test_resources_are_validated_at_collection_and_size_the_process_pool(project):
    project.makepyfile(
        test_bad="""
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=2, resources={"num_cpus": -1})
def test_sweep(seed):
    return fake.train(fake.labels())
"""
    )
    result = project.runpytest(options.FLAG)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*seed_sweep: resources?'num_cpus'? must be > 0, got -1*"])


def test_resources_num_cpus_limits_concurrent_runs_in_the_pool():
    import os
    import time

    from pytest_mlaudit.core.spec import CellResult
    from pytest_mlaudit.runner.executors import load

    def call(cell):
        start = time.time()
        time.sleep(0.3)
        return CellResult(
            cell=cell,
            seconds=time.time() - start,
            run=None,
            metrics={"pid": os.getpid(), "start": start},
        )

    executor = load("process", 4, resources={"num_cpus": 2})
    results = list(executor.map(call, [{"seed": s} for s in range(4)]))
    assert len({r.metrics["pid"] for r in results}) == 2  # floor(4 workers / 2 cpus per run)


def test_resume_without_the_cache_provider_is_a_usage_error(project):
    result = project.runpytest(options.FLAG, options.RESUME, "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*--mlaudit-resume reads completed runs from pytest's cache, which -p no:cacheprovider turned off*"
        ]
    )


def test_a_lambda_can_be_swept(project, load_report):
    # pytest.mark(...) mistakes a function named "<lambda>" for a mark argument; the sweep
    # wrapper must still be a test carrying the mlaudit marker.
    project.makepyfile(
        """
        from pytest_mlaudit import seed_sweep
        from fake import labels, train

        test_lambda = seed_sweep(n=3)(lambda seed: train(labels()))
        """
    )
    result = project.runpytest("--mlaudit", "--mlaudit-report", "report.json")
    result.assert_outcomes(passed=1)
    (sweep,) = load_report(project.path / "report.json")["sweeps"]
    assert [run["seed"] for run in sweep["runs"]] == [0, 1, 2]


def test_a_cell_that_cannot_run_here_is_skipped_not_an_error(project, load_report):
    # pytest.skip inside a run, or an exception class with `skips_cell = True` (a CUDA build on a
    # CPU-only machine), marks that cell skipped: the errors check does not count it, and the
    # report says why.
    project.makepyfile(
        """
        import pytest
        from pytest_mlaudit import seed_sweep
        from fake import labels, train

        class NoDevice(RuntimeError):
            skips_cell = True

        @seed_sweep(n=4)
        def test_skips(seed):
            if seed == 1:
                pytest.skip("needs a GPU")
            if seed == 2:
                raise NoDevice("no CUDA device")
            return train(labels())

        @seed_sweep(n=2)
        def test_raises(seed):
            raise RuntimeError("a real error")
        """
    )
    result = project.runpytest("--mlaudit", "--mlaudit-report", "report.json")
    result.assert_outcomes(passed=1, failed=1)
    sweeps = {
        s["nodeid"].split("::")[-1]: s for s in load_report(project.path / "report.json")["sweeps"]
    }
    runs = sweeps["test_skips"]["runs"]
    assert [run["skipped"] for run in runs] == [None, "needs a GPU", "no CUDA device", None]
    assert all(run["error"] is None for run in runs)
    assert [run["error"] is not None for run in sweeps["test_raises"]["runs"]] == [True, True]


def test_report_folder_is_made_and_a_file_in_the_way_is_a_one_line_error(project, load_report):
    project.makepyfile(test_a=PASSING_SWEEP)
    result = project.runpytest(options.FLAG, options.REPORT, "out/nested/report.json")
    result.assert_outcomes(passed=1)
    assert load_report(project.path / "out" / "nested" / "report.json")["sweeps"]

    (project.path / "blocker").write_text("not a folder")
    result = project.runpytest(options.FLAG, options.REPORT, "blocker/report.json")
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*blocker is a file, not a folder*"])
    assert "Traceback" not in result.stderr.str()
    assert (project.path / "blocker").read_text() == "not a folder"
