import torch


def make_criterion(labels):
    pos = labels.sum()
    neg = labels.numel() - pos
    return torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(neg / pos))
