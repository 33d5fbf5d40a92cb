from sklearn.datasets import make_classification
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

X, y = make_classification(n_samples=200, n_features=5000, n_informative=5, random_state=0)
selector = SelectKBest(f_classif, k=20)
X_selected = selector.fit_transform(X, y)
scores = cross_val_score(LogisticRegression(), X_selected, y, cv=10)
print(f"accuracy {scores.mean():.3f}")
