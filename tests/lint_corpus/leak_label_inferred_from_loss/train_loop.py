import torch

from batches import assemble


def run_epoch(model, loader, optimizer):
    bce = torch.nn.BCEWithLogitsLoss()
    for batch in loader:
        inputs = assemble(batch)
        loss = bce(model(inputs).squeeze(-1), batch["mortality"].float())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
