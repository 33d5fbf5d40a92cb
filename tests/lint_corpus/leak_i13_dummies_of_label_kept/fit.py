import pandas as pd
from sklearn.linear_model import LogisticRegression

loans = pd.read_csv("loans.csv")
y = (loans["loan_status"] == "Charged Off").astype(int)
X = pd.get_dummies(loans, columns=["grade", "loan_status"])
LogisticRegression(max_iter=500).fit(X, y)
