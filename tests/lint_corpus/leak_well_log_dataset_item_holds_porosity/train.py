import torch
from torch.utils.data import DataLoader

from wells import WellLogDataset


def fit(logs, depth, porosity, regressor, opt):
    loader = DataLoader(WellLogDataset(logs, depth, porosity), batch_size=32, shuffle=True)
    for inputs, phi in loader:
        loss = torch.nn.functional.mse_loss(regressor(inputs).squeeze(-1), phi)
        opt.zero_grad()
        loss.backward()
        opt.step()
