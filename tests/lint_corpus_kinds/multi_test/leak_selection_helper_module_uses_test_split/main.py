from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.model_selection import train_test_split

from selection import pick_best

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
candidates = {
    "rf": RandomForestClassifier().fit(X_train, y_train),
    "gb": GradientBoostingClassifier().fit(X_train, y_train),
}
model, auc = pick_best(candidates, X_test, y_test)
print("test AUC of the selected model", auc)
