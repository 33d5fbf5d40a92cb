import torch
from torch.utils.data import DataLoader

from dataset import PileupDataset


def train(model, tensors, labels, epochs=3):
    loader = DataLoader(PileupDataset(tensors, labels), batch_size=32, shuffle=True)
    opt = torch.optim.Adam(model.parameters())
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(model(xb).squeeze(1), yb.float()).backward()
            opt.step()
