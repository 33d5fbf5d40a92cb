import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.layer = nn.Linear(n_in + 1, 1)

    def forward(self, x):
        return self.layer(x)
