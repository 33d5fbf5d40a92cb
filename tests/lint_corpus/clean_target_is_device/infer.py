import torch

from device import pick_target


def predict(model, features):
    target = pick_target()
    model = model.to(target)
    with torch.no_grad():
        return model(features.to(target)).sigmoid()
