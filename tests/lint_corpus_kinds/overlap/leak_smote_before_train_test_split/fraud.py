import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split

tx = pd.read_csv("creditcard.csv")
X, y = tx.drop(columns="Class"), tx["Class"]
X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, test_size=0.3, random_state=0)
rf = RandomForestClassifier(n_estimators=100).fit(X_train, y_train)
print(classification_report(y_test, rf.predict(X_test)))
