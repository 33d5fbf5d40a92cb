import torch
from torch import nn

from runtime import checkpoint_target, pick_target


def train(model, loader, run_dir, epochs=3):
    target = pick_target()
    model = model.to(target)
    optimizer = torch.optim.AdamW(model.parameters())
    for epoch in range(epochs):
        for inputs, labels in loader:
            inputs, labels = inputs.to(target), labels.to(target)
            loss = nn.functional.cross_entropy(model(inputs), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        torch.save(model.state_dict(), checkpoint_target(run_dir, epoch))
    return model
