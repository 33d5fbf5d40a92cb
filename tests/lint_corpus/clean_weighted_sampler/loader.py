import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler


def make_loader(X, y, batch_size=32):
    counts = np.bincount(y)
    weights = 1.0 / counts[y]
    sampler = WeightedRandomSampler(torch.as_tensor(weights), num_samples=len(y))
    dataset = TensorDataset(torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y))
    return DataLoader(dataset, batch_size=batch_size, sampler=sampler)
