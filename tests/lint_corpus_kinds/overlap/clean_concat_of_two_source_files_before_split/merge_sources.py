import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split

site_a = pd.read_csv("site_a.csv").assign(site="a")
site_b = pd.read_csv("site_b.csv").assign(site="b")
both = pd.concat([site_a, site_b], ignore_index=True)
X_train, X_test, y_train, y_test = train_test_split(both[["x1", "x2", "x3"]], both["yield"])
rf = RandomForestRegressor().fit(X_train, y_train)
print(rf.score(X_test, y_test))
