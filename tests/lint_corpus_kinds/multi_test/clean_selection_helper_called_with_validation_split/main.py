from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from selection import pick_best

X, y = load_breast_cancer(return_X_y=True)
X_dev, X_test, y_dev, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_dev, y_dev, test_size=0.25, random_state=0)
candidates = {
    "rf": RandomForestClassifier().fit(X_train, y_train),
    "gb": GradientBoostingClassifier().fit(X_train, y_train),
}
model = pick_best(candidates, X_val, y_val)
print("test AUC", roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
