from sklearn.datasets import make_regression
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split

X, y = make_regression(n_samples=800, n_features=12, noise=5.0, random_state=3)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=3)
ridge = Ridge(alpha=1.0).fit(X_train, y_train)
baseline = DummyRegressor().fit(X_train, y_train)
r2_ridge = r2_score(y_test, ridge.predict(X_test))
r2_baseline = r2_score(y_test, baseline.predict(X_test))
# the gain is reported, floored at zero: a bound, not a pick between the two models
gain = max(0.0, r2_ridge - r2_baseline)
print(f"ridge {r2_ridge:.3f}  baseline {r2_baseline:.3f}  gain {gain:.3f}")
