import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split

tx = pd.read_csv("creditcard.csv")
X, y = tx.drop(columns="Class"), tx["Class"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y)
X_res, y_res = SMOTE(random_state=0).fit_resample(X_train, y_train)
rf = RandomForestClassifier().fit(X_res, y_res)
print(classification_report(y_test, rf.predict(X_test)))
