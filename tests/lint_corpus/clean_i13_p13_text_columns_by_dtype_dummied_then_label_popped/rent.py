"""The text columns, found by their dtype, are one-hot encoded and replaced by their dummies; the
rent is then popped out of the frame, which leaves only the features."""
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split

flats = pd.read_csv("flats.csv")
flats["rent"] = np.log(flats["rent"])
text_columns = flats.columns[flats.dtypes == "object"]
encoded = pd.get_dummies(flats[text_columns], drop_first=True)
flats = pd.concat([flats, encoded], axis=1).drop(text_columns, axis="columns")
target = flats.pop("rent")
inputs = flats
fit_rows, held_rows, fit_target, held_target = train_test_split(inputs, target, test_size=0.25)
print(Ridge(alpha=1.0).fit(fit_rows, fit_target).score(held_rows, held_target))
