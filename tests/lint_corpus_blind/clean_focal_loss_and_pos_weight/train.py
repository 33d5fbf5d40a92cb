import torch

from losses import focal_loss


def step(model, x, targets, optimizer):
    pos = targets.sum()
    pos_weight = (targets.numel() - pos) / pos.clamp(min=1)
    logits = model(x).squeeze(-1)
    loss = focal_loss(logits, targets) + torch.nn.functional.binary_cross_entropy_with_logits(
        logits, targets, pos_weight=pos_weight
    )
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()
