"""The encoder's output columns get readable names from get_feature_names_out(); the names are
harmless, but the encoder was given the churn column with the categorical ones, so its output
holds churn's one-hot columns."""

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder

customers = pd.read_csv("customers.csv")
encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
encoded = encoder.fit_transform(customers[["plan", "region", "churn"]])
X = pd.DataFrame(encoded, columns=encoder.get_feature_names_out())
LogisticRegression(max_iter=1000).fit(X, customers["churn"])
