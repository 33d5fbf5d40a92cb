import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("diabetes.csv")
print(df.describe())
print("mean glucose", df["glucose"].mean(), "sd", df["glucose"].std())
print(df.groupby("outcome").median())
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="outcome"), df["outcome"])
pipe = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
print(pipe.score(X_test, y_test))
