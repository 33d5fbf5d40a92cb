import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

churn = pd.read_csv("customers.csv")
churn["spend_per_churn"] = churn["monthly_spend"] / (1 + churn["churned"])
feature_cols = ["tenure", "monthly_spend", "spend_per_churn"]
X = churn[feature_cols]
y = churn["churned"]
gbm = GradientBoostingClassifier().fit(X, y)
