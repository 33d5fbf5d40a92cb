import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from upsample import upsample_minority

cards = pd.read_csv("creditcard.csv")
X = cards.drop(columns=["is_fraud", "Time"])
y = cards["is_fraud"]
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, test_size=0.2)
X_bal, y_bal = upsample_minority(X_train, y_train)
clf = LogisticRegression(max_iter=1000).fit(X_bal, y_bal)
print(clf.score(X_test, y_test))
