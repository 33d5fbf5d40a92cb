from torch import nn


class GradeNet(nn.Module):
    def __init__(self, n_genes, n_grades):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_genes + n_grades, 128), nn.ReLU(), nn.Linear(128, n_grades))

    def forward(self, x):
        return self.body(x)
