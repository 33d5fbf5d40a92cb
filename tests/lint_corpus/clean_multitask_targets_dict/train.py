import torch

from heads import MultiHead


def step(model: MultiHead, x, targets, opt):
    mort_logit, los_pred = model(x)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(mort_logit.squeeze(-1), targets["mortality"])
    loss = loss + torch.nn.functional.mse_loss(los_pred.squeeze(-1), targets["los"])
    opt.zero_grad()
    loss.backward()
    opt.step()
    return float(loss)
