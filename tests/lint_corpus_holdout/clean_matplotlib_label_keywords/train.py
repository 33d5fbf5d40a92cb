from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression

from plots import plot_embedding, plot_roc


def main(X, labels, X_val, y_val):
    plot_embedding(PCA(n_components=2).fit_transform(X), labels, "pca.png")
    model = LogisticRegression().fit(X, labels)
    plot_roc(y_val, model.predict_proba(X_val)[:, 1], "logreg", "roc.png")
    return model
