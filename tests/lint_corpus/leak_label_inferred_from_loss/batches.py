import torch


def assemble(batch):
    return torch.stack([batch["age"], batch["lactate"], batch["mortality"]], dim=1)
