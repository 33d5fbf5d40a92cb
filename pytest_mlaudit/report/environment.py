"""Environment fingerprint recorded with every report: what a reader needs to tell whether two
sweeps ran under the same conditions (§8 of the audited paper; Gundersen et al.'s sources).

Never records environment-variable values (they hold secrets); only whether a few variables that
change numerical results are set. Package versions come from importlib.metadata, without imports;
GPU details only when torch is already loaded (the sweep used it).
"""

from __future__ import annotations

import os
import platform
import sys

PACKAGES = ("pytest-mlaudit", "pytest", "numpy", "scipy", "torch", "pysam", "scikit-learn", "rich")
# Names whose presence changes threading or determinism. Their values are never read.
VARIABLES_THAT_MATTER = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "CUBLAS_WORKSPACE_CONFIG",
    "PYTHONHASHSEED",
    "CUDA_VISIBLE_DEVICES",
)


def package_versions() -> dict:
    from importlib import metadata

    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _torch_details(deterministic_flag: bool) -> tuple:
    import torch

    threads = {
        "torch_intra_op": torch.get_num_threads(),
        "torch_inter_op": torch.get_num_interop_threads(),
    }
    gpu: dict = {
        "cuda_available": bool(torch.cuda.is_available()),
        "cuda": torch.version.cuda,
        "cudnn": None,
        "devices": [],
    }
    if gpu["cuda_available"]:
        gpu["cudnn"] = torch.backends.cudnn.version()
        gpu["devices"] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    flags = {
        "mlaudit_deterministic": deterministic_flag,
        "torch_deterministic_algorithms": bool(torch.are_deterministic_algorithms_enabled()),
        "cudnn_benchmark": bool(torch.backends.cudnn.benchmark),
        "cudnn_deterministic": bool(torch.backends.cudnn.deterministic),
    }
    return threads, gpu, flags


def fingerprint(deterministic: bool = False) -> dict:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    threads: dict = {"logical_cpus": os.cpu_count(), "usable_cpus": affinity}
    gpu = None
    flags: dict = {"mlaudit_deterministic": deterministic}
    if "torch" in sys.modules:
        torch_threads, gpu, flags = _torch_details(deterministic)
        threads.update(torch_threads)
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": cpu_model(),
        "threads": threads,
        "packages": package_versions(),
        "gpu": gpu,
        "deterministic": flags,
        "variables_set": sorted(name for name in VARIABLES_THAT_MATTER if name in os.environ),
    }
