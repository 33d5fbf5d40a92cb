# The training rows are every row the validation sample did not take (the pandas idiom).
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score

df = pd.read_csv("data.csv")
valid = df.sample(frac=0.2, random_state=0)
train = df[~df.index.isin(valid.index)]
features = ["age", "fare"]
model = LogisticRegression().fit(train[features], train["survived"])
print(accuracy_score(valid["survived"], model.predict(valid[features])))
