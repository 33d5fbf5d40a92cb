import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

from prep import impute_numeric

NUMERIC = ["age", "income", "balance"]
customers = pd.read_parquet("customers.parquet")
customers = impute_numeric(customers, NUMERIC)
train_df, test_df = train_test_split(customers, test_size=0.2, random_state=7)
gbm = GradientBoostingClassifier()
gbm.fit(train_df[NUMERIC], train_df["default"])
print(accuracy_score(test_df["default"], gbm.predict(test_df[NUMERIC])))
