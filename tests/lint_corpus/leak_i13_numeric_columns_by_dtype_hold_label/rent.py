"""The numeric columns, found by their dtype, are taken as the inputs; the rent is numeric, so it
is among them."""
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

flats = pd.read_csv("flats.csv")
flats["log_rent"] = np.log(flats["rent"])
flats = flats.drop(columns=["rent"])
numeric_columns = flats.columns[flats.dtypes != "object"]
inputs = flats[numeric_columns]
Ridge(alpha=1.0).fit(inputs, flats["log_rent"])
