import matplotlib.pyplot as plt
from sklearn.metrics import roc_curve


def plot_roc(y_true, scores, name, path):
    fpr, tpr, _ = roc_curve(y_true, scores)
    fig, ax = plt.subplots()
    ax.plot(fpr, tpr, label=f"{name}")
    ax.plot([0, 1], [0, 1], linestyle="--", label="chance")
    ax.legend()
    fig.savefig(path)


def plot_embedding(emb, labels, path):
    fig, ax = plt.subplots()
    for lab in sorted(set(labels)):
        pts = emb[labels == lab]
        ax.scatter(pts[:, 0], pts[:, 1], label=str(lab), s=4)
    ax.legend(title="label")
    fig.savefig(path)
