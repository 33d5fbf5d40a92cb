from sklearn.ensemble import GradientBoostingRegressor

from windows import make_windows


def fit(series):
    X, y = make_windows(series, horizon=6)
    return GradientBoostingRegressor().fit(X, y)
