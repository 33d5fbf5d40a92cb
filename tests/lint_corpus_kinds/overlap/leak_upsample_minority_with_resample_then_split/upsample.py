import pandas as pd
from sklearn.metrics import recall_score
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC
from sklearn.utils import resample

df = pd.read_csv("readmissions.csv")
majority = df[df.readmitted == 0]
minority = df[df.readmitted == 1]
minority_up = resample(minority, replace=True, n_samples=len(majority), random_state=1)
balanced = pd.concat([majority, minority_up])
X_train, X_test, y_train, y_test = train_test_split(
    balanced.drop(columns="readmitted"), balanced["readmitted"], test_size=0.2
)
svc = SVC().fit(X_train, y_train)
print("recall", recall_score(y_test, svc.predict(X_test)))
