import torch
from torch.utils.data import Dataset


class SpectraDataset(Dataset):
    def __init__(self, spectra, labels):
        self.spectra = spectra
        self.labels = labels

    def __len__(self):
        return len(self.spectra)

    def __getitem__(self, i):
        return {"x": torch.as_tensor(self.spectra[i]), "label": torch.as_tensor(self.labels[i])}
