import torch
from torch import nn
from torch.utils.data import DataLoader

from ds import TileDataset


def train(tiles, grades, model: nn.Module, epochs=5):
    loader = DataLoader(TileDataset(tiles, grades), batch_size=32, shuffle=True)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    for _ in range(epochs):
        for img, grade in loader:
            loss = nn.functional.cross_entropy(model(img), grade)
            opt.zero_grad()
            loss.backward()
            opt.step()
