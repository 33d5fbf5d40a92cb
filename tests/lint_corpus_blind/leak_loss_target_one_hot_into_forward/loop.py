import torch
import torch.nn.functional as F


def train_epoch(net, loader, optimizer, n_grades=4):
    net.train()
    for expr, grade in loader:
        cond = F.one_hot(grade, n_grades).float()
        logits = net(torch.cat([expr, cond], dim=1))
        loss = F.cross_entropy(logits, grade)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
