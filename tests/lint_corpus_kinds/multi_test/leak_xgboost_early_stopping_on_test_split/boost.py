import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier

df = pd.read_csv("events.csv")
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="y"), df["y"], test_size=0.2)
xgb = XGBClassifier(n_estimators=2000, learning_rate=0.05, early_stopping_rounds=50)
xgb.fit(X_train, y_train, eval_set=[(X_test, y_test)], verbose=False)
print("test AUC", roc_auc_score(y_test, xgb.predict_proba(X_test)[:, 1]))
