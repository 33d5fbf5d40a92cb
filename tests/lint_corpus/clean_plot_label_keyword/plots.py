import matplotlib.pyplot as plt
from sklearn.metrics import roc_curve


def plot_roc(y_true, y_score, label):
    fpr, tpr, _ = roc_curve(y_true, y_score)
    fig, ax = plt.subplots()
    ax.plot(fpr, tpr, label=label)
    ax.legend()
    return fig
