import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

AGE_EDGES = [0, 18, 35, 50, 65, 120]
patients = pd.read_csv("patients.csv")
patients["age_band"] = pd.cut(patients["age"], bins=AGE_EDGES, labels=False)
patients["bmi_band"] = pd.cut(patients["bmi"], [0, 18.5, 25, 30, 100], labels=False)
X = patients[["age_band", "bmi_band", "smoker"]]
X_train, X_test, y_train, y_test = train_test_split(X, patients["stroke"], stratify=patients["stroke"])
model = LogisticRegression().fit(X_train, y_train)
print(model.score(X_test, y_test))
