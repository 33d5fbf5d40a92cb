from sklearn.decomposition import PCA

from viz import plot_embedding


def run(X, labels, out):
    embedding = PCA(n_components=2).fit_transform(X)
    plot_embedding(embedding, labels, out)
