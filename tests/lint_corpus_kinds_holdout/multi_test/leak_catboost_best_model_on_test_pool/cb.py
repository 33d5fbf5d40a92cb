import pandas as pd
from catboost import CatBoostClassifier, Pool
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

df = pd.read_csv("events.csv")
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="y"), df["y"])
model = CatBoostClassifier(iterations=3000, early_stopping_rounds=100)
model.fit(X_train, y_train, eval_set=(X_test, y_test), use_best_model=True)
print("test accuracy", accuracy_score(y_test, model.predict(X_test)))
