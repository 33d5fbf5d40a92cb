# Column subsets compared on a validation split; the test split is scored once, at the end.
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("d.csv")
X_rest, X_test, y_rest, y_test = train_test_split(df[["a", "b", "c"]], df["t"], random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, random_state=1)
best_cols, best = None, -1.0
for cols in [["a"], ["a", "b"], ["a", "b", "c"]]:
    model = LogisticRegression().fit(X_train[cols], y_train)
    score = model.score(X_val[cols], y_val)
    if score > best:
        best_cols, best = cols, score
final = LogisticRegression().fit(X_rest[best_cols], y_rest)
print("test accuracy", final.score(X_test[best_cols], y_test))
