"""Environment fingerprint recorded with every report: what a reader needs to tell whether two
sweeps ran under the same conditions (§8 of the audited paper; Gundersen et al.'s sources).

- Python, platform, CPU model, thread counts; GPU details only when torch is already loaded.
- BLAS: the vendor, version and thread pool of every BLAS/OpenMP library loaded (threadpoolctl).
- git: the commit of the repository holding the test files, and whether tracked files differ
  from it (dirty).
- packages: the versions of the distributions the test modules import (read from their source,
  and from the project modules they import), plus pytest, pytest-mlaudit and numpy; from
  importlib.metadata, nothing imported.
- datasets: what `record_dataset(name, data)` hashed in this process.
- deterministic flags, and whether a few variables that change numerics are set.

Never records environment-variable values (they hold secrets). threadpoolctl, numpy and the git
subprocess are used lazily, never when the plugin loads.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import platform
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Always reported beside the test modules' own imports.
PACKAGES = ("pytest-mlaudit", "pytest", "numpy")
# Names whose presence changes threading or determinism. Their values are never read.
VARIABLES_THAT_MATTER = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "CUBLAS_WORKSPACE_CONFIG",
    "PYTHONHASHSEED",
    "CUDA_VISIBLE_DEVICES",
)
GIT_TIMEOUT_SECONDS = 5.0
# How deep imports are followed into the project's own modules (not installed distributions).
LOCAL_IMPORT_DEPTH = 2

_DATASETS: dict[str, dict[str, Any]] = {}


# -- datasets ------------------------------------------------------------------------------------
def _update(digest: Any, part: Any) -> str:
    """Feed one part into `digest`; return a short description of it."""
    module = type(part).__module__.split(".")[0]
    if isinstance(part, (bytes, bytearray, memoryview)):
        digest.update(b"bytes\0" + bytes(part))
        return f"{len(part)} bytes"
    if isinstance(part, (str, Path)):
        return _update_path(digest, Path(part))
    if module == "pandas":
        import pandas as pd

        frame = part.to_frame() if isinstance(part, pd.Series) else part
        header = repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode()
        digest.update(b"pandas\0" + header)
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
        return f"DataFrame {frame.shape[0]}x{frame.shape[1]}"
    if module == "torch":
        part = part.detach().cpu().numpy()
    if isinstance(part, dict):
        digest.update(b"dict\0")
        return "{" + ", ".join(f"{k}: {_update(digest, part[k])}" for k in sorted(part)) + "}"
    import numpy as np

    array = np.ascontiguousarray(np.asarray(part))
    if array.dtype == object:
        raise TypeError(
            f"record_dataset: cannot hash an array of Python objects ({type(part).__name__}); "
            "give numbers, a DataFrame, bytes or a file path"
        )
    digest.update(f"array\0{array.dtype.str}\0{array.shape}\0".encode())
    digest.update(array.tobytes())
    return f"array {array.dtype} {tuple(array.shape)}"


def _update_path(digest: Any, path: Path) -> str:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            digest.update(b"file\0" + file.relative_to(path).as_posix().encode() + b"\0")
            _stream(digest, file)
        return f"directory {path} ({len(files)} files)"
    if not path.is_file():
        raise FileNotFoundError(f"record_dataset: {path} is neither a file nor a directory")
    digest.update(b"file\0")
    _stream(digest, path)
    return f"file {path}"


def _stream(digest: Any, path: Path) -> None:
    with path.open("rb") as handle:
        for block in iter(functools.partial(handle.read, 1 << 20), b""):
            digest.update(block)


def dataset_hash(*parts: Any) -> str:
    """SHA-256 (hex) of the data: numpy arrays (dtype, shape and bytes), pandas DataFrames and
    Series (column names, dtypes, and pandas' row hashes with the index), torch tensors, bytes,
    files and directories (given as paths: their bytes; a directory's files in sorted order with
    their relative names), dicts of these (by sorted key). The same data gives the same hash on
    any machine; a changed value, dtype, shape, column name or file changes it."""
    digest = hashlib.sha256()
    for part in parts:
        _update(digest, part)
    return digest.hexdigest()


def record_dataset(name: str, *parts: Any) -> str:
    """Hash the data (see `dataset_hash`) and put it in the report's environment under
    `datasets[name]`; returns the hash. Call it where the data is loaded (a fixture, or the test
    module), in the pytest process: `record_dataset("test split", X_test, y_test)`."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"record_dataset: name must be a non-empty string, got {name!r}")
    digest = hashlib.sha256()
    described = [_update(digest, part) for part in parts]
    _DATASETS[name] = {"sha256": digest.hexdigest(), "parts": described}
    return _DATASETS[name]["sha256"]


def recorded_datasets() -> dict[str, dict[str, Any]]:
    return {name: dict(entry) for name, entry in _DATASETS.items()}


# -- packages ------------------------------------------------------------------------------------
def _top_level_imports(path: Path) -> set[str]:
    """Top-level names of every module `path` imports (anywhere in the file)."""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@functools.lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    from importlib import metadata

    return dict(metadata.packages_distributions())


def _local_file(name: str) -> Path | None:
    """The source file of an already imported project module (not an installed distribution)."""
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    if not file or name in _distributions():
        return None
    path = Path(file)
    if any(part in ("site-packages", "dist-packages") for part in path.parts):
        return None
    if path.name == "__init__.py":
        return path
    return path if path.suffix == ".py" else None


def imported_distributions(paths: Iterable[str | Path]) -> set[str]:
    """Distributions imported by the files at `paths`, following imports into the project's own
    (already imported) modules up to LOCAL_IMPORT_DEPTH levels."""
    stdlib = set(getattr(sys, "stdlib_module_names", ()))
    found: set[str] = set()
    seen: set[Path] = set()
    frontier = [Path(p) for p in paths]
    for _ in range(LOCAL_IMPORT_DEPTH + 1):
        following: list[Path] = []
        for path in frontier:
            if path in seen:
                continue
            seen.add(path)
            for name in _top_level_imports(path):
                if name in stdlib:
                    continue
                found.update(_distributions().get(name, ()))
                local = _local_file(name)
                if local is not None:
                    following.append(local)
        frontier = following
    return found


def package_versions(paths: Iterable[str | Path] = ()) -> dict[str, str | None]:
    from importlib import metadata

    names: set[str] = set(PACKAGES) | imported_distributions(paths)
    if "torch" in sys.modules:
        names.add("torch")
    versions: dict[str, str | None] = {}
    for name in sorted(names, key=str.lower):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


# -- BLAS and git --------------------------------------------------------------------------------
def blas_pools() -> list[dict[str, Any]] | None:
    """Every BLAS/OpenMP library loaded in this process with its vendor, version and thread
    pool (threadpoolctl); None when threadpoolctl is not installed."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    keys = (
        "user_api",
        "internal_api",
        "version",
        "num_threads",
        "threading_layer",
        "architecture",
        "prefix",
    )
    return [{key: pool.get(key) for key in keys if key in pool} for pool in threadpool_info()]


@functools.lru_cache(maxsize=16)
def _git(directory: str) -> dict[str, Any] | None:
    def run(*arguments: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", directory, *arguments],
                capture_output=True,
                text=True,
                timeout=GIT_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    commit = run("rev-parse", "HEAD")
    if commit is None:
        return None
    status = run("status", "--porcelain", "--untracked-files=no")
    root = run("rev-parse", "--show-toplevel")
    return {
        "commit": commit.strip(),
        "dirty": None if status is None else bool(status.strip()),
        "root": None if root is None else root.strip(),
    }


def git_state(paths: Iterable[str | Path]) -> dict[str, Any] | None:
    """The commit of the git repository holding the first of `paths`, and whether tracked files
    differ from it; None outside a git tree (or without git)."""
    for path in paths:
        folder = Path(path)
        folder = folder if folder.is_dir() else folder.parent
        return _git(str(folder.resolve()))
    return None


# -- the fingerprint -----------------------------------------------------------------------------
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


def fingerprint(deterministic: bool = False, test_paths: Iterable[str | Path] = ()) -> dict:
    """The environment of this process; `test_paths` are the test modules of the sweep (their
    imports name the packages reported, their folder the git repository)."""
    paths = [Path(p) for p in test_paths]
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
        "blas": blas_pools(),
        "git": git_state(paths),
        "packages": package_versions(paths),
        "datasets": recorded_datasets(),
        "gpu": gpu,
        "deterministic": flags,
        "variables_set": sorted(name for name in VARIABLES_THAT_MATTER if name in os.environ),
    }
