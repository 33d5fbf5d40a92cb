import torch
from torch.utils.data import TensorDataset


def make_dataset(counts, responder):
    x = torch.tensor(counts, dtype=torch.float32)
    r = torch.tensor(responder, dtype=torch.float32)
    x = torch.cat([x, r.unsqueeze(1)], dim=1)
    return TensorDataset(x, r)
