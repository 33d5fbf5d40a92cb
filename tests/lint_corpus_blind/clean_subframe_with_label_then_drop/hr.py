import pandas as pd
from sklearn.ensemble import RandomForestClassifier

hr = pd.read_csv("employee_attrition.csv")
hr["Attrition"] = hr["Attrition"].map({"Yes": 1, "No": 0})
sub = hr[["Attrition", "Age", "MonthlyIncome", "YearsAtCompany", "OverTime"]]
sub = pd.get_dummies(sub, columns=["OverTime"], drop_first=True)
target = sub["Attrition"]
inputs = sub.drop("Attrition", axis=1)
RandomForestClassifier(random_state=0).fit(inputs, target)
