import pandas as pd
from sklearn.ensemble import RandomForestClassifier

df = pd.read_csv("diabetes.csv")
target = df["Outcome"]
df.drop("Outcome", axis=1, inplace=True)
RandomForestClassifier().fit(df, target)

other = pd.read_csv("diabetes_2.csv")
labels = other["Outcome"].values
del other["Outcome"]
RandomForestClassifier().fit(other.values, labels)
