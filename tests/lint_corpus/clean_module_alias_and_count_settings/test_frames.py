import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

pl = pytest.importorskip("polars")


def synthetic_table(n_rows, n_features, *, n_targets=1, seed=0):
    """Random columns `f0..fk` and `n_targets` outcome columns computed from them."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(rng.normal(size=(n_rows, n_features)))
    table.columns = [f"f{i}" for i in range(n_features)]
    outcome_cols = [f"out_{i}" for i in range(n_targets)] if n_targets > 1 else ["out"]
    for name in outcome_cols:
        table[name] = table["f0"] * 2.0 + rng.normal(size=n_rows)
    X = table[table.columns.difference(outcome_cols)]
    y = table[outcome_cols]
    if n_targets == 1:
        y = y[outcome_cols[0]]
    return X, y


def test_polars_frames_are_accepted():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(80, 5))
    y = (X[:, 1] > 0).astype(int)
    X_pl = pl.DataFrame(X)
    y_pl = pl.Series(y)
    model = RandomForestClassifier(n_estimators=10).fit(X_pl, y_pl)
    assert model.predict(X_pl).shape == (80,)


@pytest.mark.parametrize("multi_target", [False, True])
def test_regressor_on_synthetic_table(multi_target):
    X, y = synthetic_table(120, 6, n_targets=3 if multi_target else 1)
    model = RandomForestRegressor(n_estimators=10).fit(X, y)
    assert model.predict(X).shape[0] == 120
