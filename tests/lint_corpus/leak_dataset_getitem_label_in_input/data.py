import numpy as np
import torch
from torch.utils.data import Dataset


class ExpressionSet(Dataset):
    def __init__(self, matrix, y):
        self.matrix = matrix
        self.y = y

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        row = np.append(self.matrix[idx], self.y[idx])
        return torch.from_numpy(row).float(), torch.tensor(self.y[idx])
