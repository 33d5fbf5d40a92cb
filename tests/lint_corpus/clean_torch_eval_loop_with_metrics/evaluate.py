import torch
from sklearn.metrics import average_precision_score, roc_auc_score


@torch.no_grad()
def evaluate(model, loader, device="cpu"):
    model.eval()
    scores, targets = [], []
    for inputs, target in loader:
        logits = model(inputs.to(device))
        scores.append(torch.sigmoid(logits).cpu())
        targets.append(target)
    y_score = torch.cat(scores).numpy()
    y_true = torch.cat(targets).numpy()
    return {"auroc": roc_auc_score(y_true, y_score), "auprc": average_precision_score(y_true, y_score)}
