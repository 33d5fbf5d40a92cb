"""The same opaque pair helper, but the features it is given already hold the label (appended
as a last column): what comes back in the features' position still holds it."""

import numpy as np
import torch
from torch import nn

from ampkit import Caster

X = torch.tensor(np.load("features.npy"), dtype=torch.float32)
y = torch.tensor(np.load("labels.npy"), dtype=torch.float32)
X = torch.cat([X, y.unsqueeze(1)], dim=1)

model = nn.Sequential(nn.Linear(X.shape[1], 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.BCEWithLogitsLoss()
caster = Caster("fp16")

for start in range(0, len(y), 64):
    xb, yb = caster.inputs(X[start : start + 64], y[start : start + 64])
    optimizer.zero_grad()
    loss = loss_fn(model(xb).squeeze(-1), yb)
    loss.backward()
    optimizer.step()
