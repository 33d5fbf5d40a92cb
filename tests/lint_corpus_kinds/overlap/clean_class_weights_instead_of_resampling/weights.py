import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split

claims = pd.read_csv("claims.csv")
X_train, X_test, y_train, y_test = train_test_split(
    claims.drop(columns="fraud"), claims["fraud"], stratify=claims["fraud"]
)
clf = LogisticRegression(class_weight="balanced").fit(X_train, y_train)
print(balanced_accuracy_score(y_test, clf.predict(X_test)))
