import matplotlib.pyplot as plt


def plot_embedding(embedding, labels, path):
    fig, ax = plt.subplots()
    for lab in sorted(set(labels)):
        pts = embedding[labels == lab]
        ax.scatter(pts[:, 0], pts[:, 1], label=str(lab), s=4)
    ax.legend()
    fig.savefig(path)
