import torch
from torch.utils.data import DataLoader

from balance import downsample
from data import ChurnRows


def train(X_train, y_train, net):
    X_bal, y_bal = downsample(X_train, y_train)
    loader = DataLoader(ChurnRows(X_bal, y_bal), batch_size=128, shuffle=True)
    opt = torch.optim.Adam(net.parameters())
    for xb, yb in loader:
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xb).squeeze(1), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
