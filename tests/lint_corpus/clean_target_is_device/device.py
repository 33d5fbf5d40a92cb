import torch


def pick_target():
    target = "cuda" if torch.cuda.is_available() else "cpu"
    return target
