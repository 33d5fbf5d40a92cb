"""A mixed-precision helper from another package casts a batch and hands it back as a pair.

The helper is opaque to the linter; unpacked into as many names as it was given, each name is
what it was given in that position: the labels' half stays the labels.
"""

import numpy as np
import torch
from torch import nn

from ampkit import Caster, to_device

features = np.load("features.npy")
labels = np.load("labels.npy")
X = torch.tensor(features, dtype=torch.float32)
y = torch.tensor(labels, dtype=torch.float32)

model = nn.Sequential(nn.Linear(X.shape[1], 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.BCEWithLogitsLoss()
caster = Caster("bf16")

for epoch in range(5):
    for start in range(0, len(y), 32):
        xb, yb = caster.inputs(X[start : start + 32], y[start : start + 32])
        xb, yb = to_device(xb, yb, device="cpu")
        optimizer.zero_grad()
        loss = loss_fn(model(xb).squeeze(-1), yb)
        loss.backward()
        optimizer.step()
