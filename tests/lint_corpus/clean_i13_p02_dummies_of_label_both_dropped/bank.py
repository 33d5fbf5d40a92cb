import pandas as pd
from sklearn.linear_model import LogisticRegression

bank = pd.read_csv("bank_marketing.csv")
bank = pd.get_dummies(bank)
y = bank.deposit_yes
X = bank.drop(["deposit_yes", "deposit_no"], axis=1)
LogisticRegression(max_iter=1000).fit(X, y)
