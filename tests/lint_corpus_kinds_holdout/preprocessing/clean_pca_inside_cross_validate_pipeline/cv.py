from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.model_selection import cross_validate
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

X, y = load_digits(return_X_y=True)
pipe = Pipeline([("pca", PCA(n_components=30)), ("svc", SVC())])
print(cross_validate(pipe, X, y, cv=5)["test_score"].mean())
