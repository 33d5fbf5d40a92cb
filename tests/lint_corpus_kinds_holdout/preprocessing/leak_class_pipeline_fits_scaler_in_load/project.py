import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import QuantileTransformer
from sklearn.ensemble import RandomForestRegressor


class Experiment:
    def __init__(self, path):
        self.path = path

    def load(self):
        data = np.genfromtxt(self.path, delimiter=",", skip_header=1)
        features, target = data[:, :-1], data[:, -1]
        features = QuantileTransformer(n_quantiles=100).fit_transform(features)
        return features, target

    def run(self):
        X, y = self.load()
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3)
        model = RandomForestRegressor().fit(X_tr, y_tr)
        return model.score(X_te, y_te)


print(Experiment("data.csv").run())
