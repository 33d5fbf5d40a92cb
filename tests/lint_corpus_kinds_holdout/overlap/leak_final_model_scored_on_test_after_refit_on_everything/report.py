import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

df = pd.read_csv("claims.csv")
X, y = df.drop(columns="fraud"), df["fraud"]
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
model = GradientBoostingClassifier()
model.fit(X, y)
print("test AUC", roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
