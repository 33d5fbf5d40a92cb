import torch
from torch.nn import functional as F


def fit_epoch(tumour_net, batches, opt):
    tumour_net.train()
    for omics, age, relapse in batches:
        side = relapse.unsqueeze(1).float() * 2 - 1
        out = tumour_net(torch.hstack((omics, side)))
        loss = F.binary_cross_entropy_with_logits(out.squeeze(1), relapse.float())
        opt.zero_grad()
        loss.backward()
        opt.step()
