import torch

from losses import make_criterion


def train(model, loader, labels, epochs=5):
    criterion = make_criterion(labels)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        for inputs, target in loader:
            optimizer.zero_grad()
            logits = model(inputs).squeeze(-1)
            loss = criterion(logits, target.float())
            loss.backward()
            optimizer.step()
    return model
