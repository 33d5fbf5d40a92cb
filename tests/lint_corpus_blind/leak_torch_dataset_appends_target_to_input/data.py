import torch
from torch.utils.data import Dataset


class SpectraDataset(Dataset):
    def __init__(self, spectra, concentrations):
        self.spectra = torch.as_tensor(spectra, dtype=torch.float32)
        self.conc = torch.as_tensor(concentrations, dtype=torch.float32)

    def __len__(self):
        return self.spectra.shape[0]

    def __getitem__(self, i):
        return torch.cat([self.spectra[i], self.conc[i].reshape(1)]), self.conc[i]
