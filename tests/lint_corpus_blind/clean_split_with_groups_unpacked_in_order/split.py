from sklearn.ensemble import GradientBoostingRegressor
from sklearn.model_selection import train_test_split


def fit(X, y, site):
    X_tr, X_te, y_tr, y_te, site_tr, site_te = train_test_split(
        X, y, site, test_size=0.2, random_state=0
    )
    model = GradientBoostingRegressor().fit(X_tr, y_tr)
    return model.score(X_te, y_te), sorted(set(site_te))
