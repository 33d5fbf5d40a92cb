import numpy as np
from sklearn.datasets import make_regression
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.utils import check_random_state


def graded_queries(n_rows=300, n_features=6, seed=0):
    """Relevance grades drawn at random, and features of which the first two follow them."""
    draw = check_random_state(seed)
    grades = draw.choice(range(4), size=n_rows, replace=True)
    X = draw.uniform(size=(n_rows, n_features))
    X[:, 0] = 0.5 + 0.8 * grades
    X[:, 1] = grades * grades
    return X, grades


def test_model_recovers_grades():
    X, grades = graded_queries()
    model = GradientBoostingRegressor(n_estimators=20).fit(X, grades)
    assert model.score(X, grades) > 0.9


def test_noisy_copy_of_target_is_used():
    X, y = make_regression(n_samples=200, n_features=4, noise=0.1, random_state=1)
    X = np.column_stack([X, y + np.random.normal(scale=5.0, size=200)])
    model = GradientBoostingRegressor(n_estimators=20).fit(X, y)
    assert model.feature_importances_[-1] > 0
