import pandas as pd
from sklearn.linear_model import Ridge

cars = pd.read_csv("used_cars.csv")
cars["age"] = 2024 - cars["year"]
cars["premium"] = (cars["listing_price"] > 30000).astype(int)
cars = cars.dropna()

cols = [c for c in cars.columns if "price" not in c and c != "vin"]
X = cars[cols]
y = cars["listing_price"]

ridge = Ridge(alpha=1.0).fit(X, y)
print(ridge.score(X, y))
