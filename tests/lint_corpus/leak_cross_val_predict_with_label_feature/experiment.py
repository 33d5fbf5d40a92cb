import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import cross_val_predict


def run(df: pd.DataFrame):
    y = df["yield_t_ha"].to_numpy()
    smoothed = pd.Series(y).rolling(3, min_periods=1).mean().to_numpy()
    design = np.column_stack([df["rain_mm"], df["ndvi"], smoothed])
    return cross_val_predict(RandomForestRegressor(), design, y, cv=5)
