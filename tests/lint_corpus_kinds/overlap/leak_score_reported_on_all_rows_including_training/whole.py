import pandas as pd
from sklearn.ensemble import AdaBoostClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

wine = pd.read_csv("winequality.csv")
X, y = wine.drop(columns="good"), wine["good"]
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
ada = AdaBoostClassifier().fit(X_train, y_train)
print("accuracy", accuracy_score(y, ada.predict(X)))
