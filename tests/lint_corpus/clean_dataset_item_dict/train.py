import torch
from torch.utils.data import DataLoader

from ds import SpectraDataset


def train(model, spectra, labels):
    opt = torch.optim.Adam(model.parameters())
    for batch in DataLoader(SpectraDataset(spectra, labels), batch_size=16):
        out = model(batch["x"])
        loss = torch.nn.functional.cross_entropy(out, batch["label"])
        opt.zero_grad()
        loss.backward()
        opt.step()
