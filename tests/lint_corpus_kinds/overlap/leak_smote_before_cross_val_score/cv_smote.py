from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

X, y = make_classification(n_samples=2000, weights=[0.95], random_state=0)
X_over, y_over = SMOTE().fit_resample(X, y)
print(cross_val_score(LogisticRegression(), X_over, y_over, cv=5, scoring="f1").mean())
