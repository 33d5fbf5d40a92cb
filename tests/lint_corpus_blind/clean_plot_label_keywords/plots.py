import matplotlib.pyplot as plt
from sklearn.metrics import roc_curve


def plot_rocs(models, X_test, y_test, path):
    fig, ax = plt.subplots()
    for name, model in models.items():
        fpr, tpr, _ = roc_curve(y_test, model.predict_proba(X_test)[:, 1])
        ax.plot(fpr, tpr, label=name)
    ax.plot([0, 1], [0, 1], linestyle="--", label="chance")
    ax.set_xlabel("FPR")
    ax.set_ylabel("TPR")
    ax.legend(title="label")
    fig.savefig(path)
