"""A classifier fills the missing roof material, a regressor fills the missing veneer area, and
the price model then uses both columns as features; the price is dropped from its input."""
import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
from sklearn.neighbors import KNeighborsRegressor

train = pd.read_csv("houses_train.csv")
test = pd.read_csv("houses_test.csv")
train["log_price"] = np.log1p(train["price"])
test["log_price"] = np.nan
test["price"] = np.nan
homes = pd.concat([train, test], keys=["train", "test"])

# roof material: learnt from the homes that have one, predicted for the others
inputs = pd.get_dummies(homes.drop(["price", "log_price", "roof", "veneer_area"], axis=1))
known = homes["roof"].dropna()
roof_model = RandomForestClassifier(n_estimators=50)
roof_model.fit(inputs.loc[known.index], known)
missing = inputs.index.difference(known.index)
guessed = pd.DataFrame(roof_model.predict(inputs.loc[missing])).set_index(missing)
guessed.columns = ["roof"]
homes.loc["train"].update(guessed)
homes.loc["test"].update(guessed)

# veneer area: the same, written back row by row
inputs = pd.get_dummies(homes.drop(["price", "log_price", "veneer_area"], axis=1))
have_area = homes["veneer_area"].notna().to_numpy()
area_model = KNeighborsRegressor(n_neighbors=3)
area_model.fit(inputs[have_area], homes["veneer_area"][have_area])
area_guess = area_model.predict(inputs[~have_area])
homes["veneer_area"].iloc[np.flatnonzero(~have_area)] = area_guess[: int((~have_area).sum())]

features = pd.get_dummies(homes.drop(["price", "log_price"], axis=1))
price_model = GradientBoostingRegressor()
price_model.fit(features.loc["train"], homes.log_price.loc["train"])
print(price_model.predict(features.loc["test"])[:5])
