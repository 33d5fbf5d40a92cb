"""Per-run resources (`@seed_sweep(resources=...)`): validation, the local pool size, what Ray gets."""

import pytest

from pytest_mlaudit.runner.executors import ExecutorUnavailable
from pytest_mlaudit.runner.executors.ray import capacity
from pytest_mlaudit.runner.executors.resources import local_pool_size, requested, resource_errors


@pytest.mark.parametrize(
    "resources",
    [
        None,
        {},
        {"num_cpus": 1},
        {"num_cpus": 0.5, "num_gpus": 0.25},
        {"num_cpus": 4, "num_gpus": 2, "memory": 2 * 1024**3},
        {"resources": {"TPU": 1}, "accelerator_type": "A100"},
        {"num_gpus": 0},
    ],
)
def test_valid_resources_have_no_errors(resources):
    assert resource_errors(resources) == []


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([("num_cpus", 1)], "resources must be a dict"),
        ({"num_cpu": 1}, "resources['num_cpu']: unknown resource (known: num_cpus, num_gpus"),
        ({"num_cpus": 0}, "resources['num_cpus'] must be > 0, got 0"),
        ({"num_cpus": "2"}, "resources['num_cpus'] must be a number, got '2'"),
        ({"num_cpus": True}, "resources['num_cpus'] must be a number, got True"),
        ({"num_gpus": -1}, "resources['num_gpus'] must be >= 0, got -1"),
        ({"num_gpus": 1.5}, "resources['num_gpus'] above 1 must be a whole number"),
        ({"num_gpus": float("nan")}, "resources['num_gpus'] must be a number, got nan"),
        (
            {"memory": 1.5e9},
            "resources['memory'] must be a positive whole number of bytes, got 1500000000.0",
        ),
        ({"accelerator_type": ""}, "resources['accelerator_type'] must be a non-empty string"),
        ({"resources": {"TPU": 0}}, "resources['resources']['TPU'] must be > 0, got 0"),
        ({"resources": {}}, "resources['resources'] must be a non-empty dict"),
    ],
)
def test_each_bad_resource_is_one_line_naming_the_key_and_value(resources, expected):
    errors = resource_errors(resources)
    assert len(errors) == 1 and errors[0].startswith(expected), errors
    assert "\n" not in errors[0]


def test_every_bad_key_is_reported_not_just_the_first():
    assert len(resource_errors({"num_cpus": 0, "num_gpus": -1, "disk": 3})) == 3


@pytest.mark.parametrize(
    ("workers", "resources", "size"),
    [
        (4, None, 4),
        (4, {"num_cpus": 1}, 4),
        (4, {"num_cpus": 2}, 2),
        (5, {"num_cpus": 2}, 2),
        (2, {"num_cpus": 4}, 1),  # a run bigger than the pool still runs, alone
        (2, {"num_cpus": 0.5}, 4),
        (4, {"num_gpus": 1}, 4),  # the local pool does not place GPUs
    ],
)
def test_the_local_pool_runs_floor_workers_over_num_cpus_at_a_time(workers, resources, size):
    assert local_pool_size(workers, resources) == size


def test_what_one_run_reserves_on_ray_defaults_to_one_cpu():
    assert requested(None) == {"CPU": 1}
    assert requested({"num_cpus": 2, "num_gpus": 0.25, "memory": 10}) == {
        "CPU": 2,
        "GPU": 0.25,
        "memory": 10,
    }
    assert requested({"resources": {"TPU": 1}, "accelerator_type": "A100"}) == {
        "CPU": 1,
        "TPU": 1,
        "accelerator_type:A100": 0.001,
    }


CLUSTER = {"CPU": 8.0, "GPU": 2.0, "memory": 64e9, "node:10.0.0.1": 1.0}


@pytest.mark.parametrize(
    ("need", "slots"),
    [
        ({"CPU": 1}, 8),
        ({"CPU": 1, "GPU": 0.25}, 8),
        ({"CPU": 1, "GPU": 0.5}, 4),
        ({"CPU": 3}, 2),
        ({}, 8),
    ],
)
def test_capacity_is_the_scarcest_resource(need, slots):
    assert capacity(CLUSTER, need) == slots


def test_a_run_no_node_can_hold_is_refused_in_one_line_naming_what_is_missing():
    with pytest.raises(ExecutorUnavailable) as raised:
        capacity(CLUSTER, {"CPU": 1, "TPU": 1})
    message = str(raised.value)
    assert (
        message.startswith("resources: each run needs TPU=1 but the Ray cluster has 0")
        and "\n" not in message
    )
    assert "node:" not in message  # Ray's per-node bookkeeping is noise to the user
    with pytest.raises(ExecutorUnavailable, match="each run needs A100 but"):
        capacity(CLUSTER, {"CPU": 1, "accelerator_type:A100": 0.001})
