import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

reviews = pd.read_csv("reviews.csv")
rare = reviews[reviews["stars"] == 1]
reviews = pd.concat([reviews, rare.sample(n=3 * len(rare), replace=True)])
X_train, X_test, y_train, y_test = train_test_split(
    reviews[["length", "exclaims", "caps_ratio"]], reviews["stars"] == 1
)
lr = LogisticRegression().fit(X_train, y_train)
print(accuracy_score(y_test, lr.predict(X_test)))
