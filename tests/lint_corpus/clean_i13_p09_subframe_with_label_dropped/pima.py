import pandas as pd
from sklearn.tree import DecisionTreeClassifier

pima = pd.read_csv("pima.csv")
sub = pima[["Outcome", "Glucose", "BMI", "Age"]]
sub = sub.dropna()
X = sub.drop(columns="Outcome")
y = sub["Outcome"]
DecisionTreeClassifier(max_depth=4).fit(X, y)
