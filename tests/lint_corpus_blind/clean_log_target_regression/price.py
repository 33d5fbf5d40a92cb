import numpy as np
import pandas as pd
from sklearn.compose import TransformedTargetRegressor
from sklearn.linear_model import Ridge

listings = pd.read_csv("listings.csv")
X = listings[["accommodates", "bedrooms", "review_score", "minimum_nights"]].fillna(0)
y_log = np.log1p(listings["price"])
ridge = Ridge().fit(X, y_log)
price_hat = np.expm1(ridge.predict(X))
ttr = TransformedTargetRegressor(regressor=Ridge(), func=np.log1p, inverse_func=np.expm1)
ttr.fit(X, listings["price"])
