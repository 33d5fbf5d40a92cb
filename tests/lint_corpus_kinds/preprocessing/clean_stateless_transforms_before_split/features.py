import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split

df = pd.read_csv("listings.csv")
df["log_price_per_room"] = np.log1p(df["price"] / df["rooms"])
df["reviews"] = df["reviews"].fillna(0)
df["age_years"] = 2024 - df["year_built"]
df["is_new"] = (df["age_years"] < 5).astype(int)
df = df[df["rooms"] > 0].dropna(subset=["lat", "lon"])
X = df[["log_price_per_room", "reviews", "age_years", "is_new", "lat", "lon"]]
X_train, X_test, y_train, y_test = train_test_split(X, df["occupancy"], test_size=0.2)
ridge = Ridge().fit(X_train, y_train)
print(ridge.score(X_test, y_test))
