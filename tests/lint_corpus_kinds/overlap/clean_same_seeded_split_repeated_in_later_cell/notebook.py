# %%
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split

cells = pd.read_csv("cell_counts.csv")
features = cells.drop(columns=["viability"])
target = cells["viability"]

# %%
Xtr, Xte, ytr, yte = train_test_split(features, target, test_size=0.2, random_state=11)
forest = RandomForestRegressor(n_estimators=300).fit(Xtr, ytr)

# %%
# the same cut again, to get the held-out rows back in a fresh cell
_, X_holdout, _, y_holdout = train_test_split(features, target, test_size=0.2, random_state=11)
print("MAE", mean_absolute_error(y_holdout, forest.predict(X_holdout)))
