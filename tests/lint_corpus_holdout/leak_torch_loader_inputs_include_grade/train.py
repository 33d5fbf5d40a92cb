import torch
from torch import nn

from data import make_loader


def train(pixels, grades, epochs=5):
    net = nn.Sequential(nn.Linear(pixels[0].numel() + 1, 128), nn.ReLU(), nn.Linear(128, 5))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(epochs):
        for xb, yb in make_loader(pixels, grades):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
    return net
