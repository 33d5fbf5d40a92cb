"""Seed every RNG a training may use, from the cell's seed only.

Called in the process that runs the cell (the worker, for the process pool), right before the test
function, so a cell gives the same result whichever executor runs it.
"""

from __future__ import annotations

import os
import random
import sys

# cuBLAS needs this to be deterministic (torch refuses otherwise); it must be set before CUDA
# initialises, so the plugin sets it at configure time when --mlaudit-deterministic is given.
CUBLAS_WORKSPACE_VARIABLE = "CUBLAS_WORKSPACE_CONFIG"
CUBLAS_WORKSPACE_VALUE = ":4096:8"


def prepare_deterministic() -> None:
    os.environ.setdefault(CUBLAS_WORKSPACE_VARIABLE, CUBLAS_WORKSPACE_VALUE)


def torch_loaded() -> bool:
    return "torch" in sys.modules


def seed_everything(seed: int, deterministic: bool = False) -> list:
    """Seed Python's random, NumPy's global RNG and, when torch is loaded, torch (CPU and every
    CUDA device). Returns the names of what was seeded.

    torch is seeded only when already imported: importing it here would add seconds to sweeps that
    never use it. The runner re-runs a cell whose call imported torch (see runner.CellCall).
    """
    import numpy as np

    seed = int(seed)
    random.seed(seed)
    # NumPy's legacy global RNG takes 32-bit seeds; fold larger ones rather than fail.
    np.random.seed(seed % (2**32))
    seeded = ["random", "numpy"]
    if torch_loaded():
        import torch

        torch.manual_seed(seed)  # also seeds every CUDA device
        seeded.append("torch")
        if deterministic:
            torch.use_deterministic_algorithms(True)
            torch.backends.cudnn.benchmark = False
            torch.backends.cudnn.deterministic = True
            seeded.append("torch-deterministic")
    return seeded
