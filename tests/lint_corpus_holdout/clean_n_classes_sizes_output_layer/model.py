from torch import nn


class Classifier(nn.Module):
    def __init__(self, n_features, n_classes):
        super().__init__()
        self.hidden = nn.Linear(n_features, 64)
        self.head = nn.Linear(64, n_classes)

    def forward(self, x):
        return self.head(self.hidden(x).relu())
