from pathlib import Path

import torch


def pick_target(prefer_gpu=True):
    return torch.device("cuda" if prefer_gpu and torch.cuda.is_available() else "cpu")


def checkpoint_target(run_dir, epoch):
    target = Path(run_dir) / "checkpoints"
    target.mkdir(parents=True, exist_ok=True)
    return target / f"epoch_{epoch:03d}.pt"
