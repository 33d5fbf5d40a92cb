import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import LabelEncoder

train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")
for col in ["city", "device"]:
    encoder = LabelEncoder()
    encoder.fit(pd.concat([train[col], test[col]]).astype(str))
    train[col] = encoder.transform(train[col].astype(str))
    test[col] = encoder.transform(test[col].astype(str))
full = pd.get_dummies(pd.concat([train, test]), columns=["plan"])
train, test = full[: len(train)], full[len(train):]
features = ["city", "device", "plan_basic", "plan_pro", "tenure"]
rf = RandomForestClassifier().fit(train[features], train["clicked"])
pd.Series(rf.predict(test[features])).to_csv("submission.csv")
