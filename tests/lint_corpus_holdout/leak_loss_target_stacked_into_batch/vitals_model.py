from torch import nn


class RiskNet(nn.Module):
    def __init__(self, n_inputs):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_inputs, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, batch_in):
        return self.body(batch_in).squeeze(-1)
