import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

df = pd.read_csv("heart.csv")
y = df["target"]
X = df.drop("target", axis=1)
X_train, y_train, X_test, y_test = train_test_split(X, y, test_size=0.3)
lr = LogisticRegression().fit(X_train, y_train)
print(lr.score(X_test, y_test))
