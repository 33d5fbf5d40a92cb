import pandas as pd
from sklearn.linear_model import Lasso

from prep import add_flags

df = add_flags(pd.read_csv("train.csv"))
numeric = df.select_dtypes("number")
X = numeric[[c for c in numeric.columns if "Price" not in c]]
Lasso(alpha=0.001).fit(X, df["SalePrice"])
