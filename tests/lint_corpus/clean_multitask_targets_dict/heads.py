import torch
from torch import nn


class MultiHead(nn.Module):
    def __init__(self, n_in):
        super().__init__()
        self.trunk = nn.Linear(n_in, 32)
        self.mortality = nn.Linear(32, 1)
        self.los = nn.Linear(32, 1)

    def forward(self, x):
        h = torch.relu(self.trunk(x))
        return self.mortality(h), self.los(h)
