import numpy as np
import torch
from torch.utils.data import Dataset


class WellLogDataset(Dataset):
    def __init__(self, logs, depth, porosity):
        self.logs = np.asarray(logs, dtype=np.float32)
        self.depth = np.asarray(depth, dtype=np.float32)
        self.porosity = np.asarray(porosity, dtype=np.float32)

    def __len__(self):
        return len(self.logs)

    def __getitem__(self, idx):
        phi = self.porosity[idx]
        window = np.concatenate([self.logs[idx], [self.depth[idx] / 1000.0]])
        return torch.from_numpy(window), torch.tensor(phi)
