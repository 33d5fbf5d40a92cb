import pandas as pd
from sklearn.ensemble import RandomForestClassifier

telco = pd.read_csv("telco.csv")
telco["TotalCharges"] = pd.to_numeric(telco["TotalCharges"], errors="coerce").fillna(0)
telco = pd.get_dummies(telco, columns=["Contract", "PaymentMethod", "InternetService"])
y = telco.Churn
X = telco.drop("Churn", axis=1)
X = X.drop(["customerID"], axis=1)
RandomForestClassifier(n_estimators=200).fit(X, y)
