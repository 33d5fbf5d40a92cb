import torch
from torch.utils.data import Dataset


class ReadsDataset(Dataset):
    def __init__(self, tensors, labels):
        self.tensors = tensors
        self.labels = labels

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return self.tensors[idx], torch.tensor(self.labels[idx], dtype=torch.float32)
