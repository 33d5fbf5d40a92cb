# np.split of a shuffled frame at two cut points, but the scaler learns from every row first.
import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score

df = pd.read_csv("data.csv")
train, validate, test = np.split(df.sample(frac=1, random_state=42), [int(0.6 * len(df)), int(0.8 * len(df))])
features = ["a", "b"]
scaler = StandardScaler().fit(df[features])
model = LogisticRegression().fit(scaler.transform(train[features]), train["y"])
print(accuracy_score(test["y"], model.predict(scaler.transform(test[features]))))
