import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.model_selection import train_test_split
from sklearn.utils import resample

df = pd.read_csv("readmissions.csv")
train, test = train_test_split(df, test_size=0.2, stratify=df["readmitted"])
majority = train[train.readmitted == 0]
minority = train[train.readmitted == 1]
upsampled = pd.concat([majority, resample(minority, n_samples=len(majority), replace=True)])
lr = LogisticRegression().fit(upsampled.drop(columns="readmitted"), upsampled["readmitted"])
print(recall_score(test["readmitted"], lr.predict(test.drop(columns="readmitted"))))
