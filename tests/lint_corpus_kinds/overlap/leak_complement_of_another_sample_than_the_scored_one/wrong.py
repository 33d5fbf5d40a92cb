# The complement is taken of the wrong sample: the validation rows scored are mostly training rows.
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score

df = pd.read_csv("data.csv")
valid = df.sample(frac=0.2, random_state=0)
holdout = df.sample(frac=0.2, random_state=1)
train = df[~df.index.isin(holdout.index)]
features = ["age", "fare"]
model = LogisticRegression().fit(train[features], train["survived"])
print(accuracy_score(valid["survived"], model.predict(valid[features])))
