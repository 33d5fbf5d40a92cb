import torch
from torch.utils.data import DataLoader

from dataset import ReadsDataset


def train(model, tensors, labels):
    loader = DataLoader(ReadsDataset(tensors, labels), batch_size=64, shuffle=True)
    opt = torch.optim.Adam(model.parameters())
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for xb, yb in loader:
        opt.zero_grad()
        loss_fn(model(xb).squeeze(-1), yb).backward()
        opt.step()
