import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

df = pd.read_csv("leads.csv")
X, y = df.drop(columns="converted"), df["converted"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
gbc = GradientBoostingClassifier().fit(X_train, y_train)
print("held-out AUC", roc_auc_score(y_test, gbc.predict_proba(X_test)[:, 1]))
final = GradientBoostingClassifier().fit(X, y)
joblib.dump(final, "model.joblib")
