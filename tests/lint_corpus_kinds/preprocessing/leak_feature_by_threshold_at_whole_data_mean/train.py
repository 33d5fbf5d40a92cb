import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

patients = pd.read_csv("patients.csv")
# a feature from a threshold at the mean of every row, test rows included
patients["high_bmi"] = (patients["bmi"] > patients["bmi"].mean()).astype(int)
features = patients[["age", "high_bmi", "glucose"]]
target = patients["diabetic"]

X_train, X_test, y_train, y_test = train_test_split(features, target, random_state=0)
model = LogisticRegression().fit(X_train, y_train)
print(accuracy_score(y_test, model.predict(X_test)))
