"""What one run of a sweep needs (`@seed_sweep(resources={...})`): validation and its two uses.

The keys and their meaning are Ray's task options, so the mapping reaches Ray's scheduler as it is
(`remote_function.options(**resources)`). The local executor cannot place runs on GPUs or reserve
memory; it uses `num_cpus` only, to size its pool: `floor(workers / num_cpus)` runs at a time.

Kept import-light: `seed_sweep` validates at decoration time, while pytest collects.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from ...core.arguments import is_int

# Ray's resource options for a task. Amounts above 1 must be whole numbers (Ray refuses 1.5 GPUs).
AMOUNT_KEYS = ("num_cpus", "num_gpus")
KNOWN_KEYS = AMOUNT_KEYS + ("memory", "resources", "accelerator_type")


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def _amount_error(where: str, value: Any, *, zero_allowed: bool) -> str | None:
    if not _is_number(value):
        return f"{where} must be a number, got {value!r}"
    if value < 0 or (value == 0 and not zero_allowed):
        return f"{where} must be {'>= 0' if zero_allowed else '> 0'}, got {value!r}"
    if value > 1 and value != int(value):
        return f"{where} above 1 must be a whole number (Ray shares a unit only between runs asking for fractions of it), got {value!r}"
    return None


def resource_errors(resources: Any) -> list:
    """One line per problem, each naming the key and showing the bad value."""
    if resources is None:
        return []
    if not isinstance(resources, Mapping):
        return [
            f"resources must be a dict such as {{'num_cpus': 1, 'num_gpus': 0.25}}, got {resources!r}"
        ]
    errors: list[str | None] = []
    for key, value in resources.items():
        where = f"resources[{key!r}]"
        if key not in KNOWN_KEYS:
            errors.append(f"{where}: unknown resource (known: {', '.join(KNOWN_KEYS)})")
        elif key == "num_cpus":
            errors.append(_amount_error(where, value, zero_allowed=False))
        elif key == "num_gpus":
            errors.append(_amount_error(where, value, zero_allowed=True))
        elif key == "memory":
            if not (is_int(value) and value > 0):
                errors.append(f"{where} must be a positive whole number of bytes, got {value!r}")
        elif key == "accelerator_type":
            if not (isinstance(value, str) and value):
                errors.append(f"{where} must be a non-empty string such as 'A100', got {value!r}")
        elif key == "resources":
            if not isinstance(value, Mapping) or not value:
                errors.append(
                    f"{where} must be a non-empty dict of custom resource name -> amount, got {value!r}"
                )
            else:
                for name, amount in value.items():
                    if not (isinstance(name, str) and name):
                        errors.append(
                            f"{where}: custom resource names must be strings, got {name!r}"
                        )
                    else:
                        errors.append(
                            _amount_error(f"{where}[{name!r}]", amount, zero_allowed=False)
                        )
    return [error for error in errors if error]


def local_pool_size(workers: int, resources: Mapping | None) -> int:
    """How many runs the local executor runs at once: `workers` CPUs shared by runs that each
    need `num_cpus` of them, and at least one."""
    workers = max(1, int(workers))
    cpus = (resources or {}).get("num_cpus")
    if not cpus:
        return workers
    return max(1, math.floor(workers / cpus + 1e-9))


def requested(resources: Mapping | None) -> dict:
    """Ray cluster resource name -> amount one run reserves (Ray reserves 1 CPU by default)."""
    resources = dict(resources or {})
    need = {
        "CPU": resources.get("num_cpus", 1),
        "GPU": resources.get("num_gpus", 0),
        "memory": resources.get("memory", 0),
    }
    need.update(resources.get("resources") or {})
    if resources.get("accelerator_type"):
        # Ray schedules an accelerator_type as a tiny amount of this node resource.
        need[f"accelerator_type:{resources['accelerator_type']}"] = 0.001
    return {name: amount for name, amount in need.items() if amount}
