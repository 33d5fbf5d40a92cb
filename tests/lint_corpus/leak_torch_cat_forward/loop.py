import torch

from model import Net


def train(loader, n_in):
    net = Net(n_in)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    criterion = torch.nn.BCEWithLogitsLoss()
    for x, target in loader:
        inp = torch.cat([x, target.float().unsqueeze(1)], dim=1)
        logits = net(inp)
        loss = criterion(logits.squeeze(1), target.float())
        opt.zero_grad()
        loss.backward()
        opt.step()
