import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

df = pd.read_csv("bank.csv")
y = df.pop("subscribed")
X_train, X_test, y_train, y_test = train_test_split(df, y, test_size=0.2, stratify=y)
prep = ColumnTransformer([
    ("num", Pipeline([("imp", SimpleImputer()), ("sc", StandardScaler())]), ["age", "balance"]),
    ("cat", OneHotEncoder(handle_unknown="ignore"), ["job", "marital"]),
])
search = GridSearchCV(Pipeline([("prep", prep), ("rf", RandomForestClassifier())]),
                      {"rf__max_depth": [4, 8, None]}, cv=5)
search.fit(X_train, y_train)
print(search.score(X_test, y_test))
