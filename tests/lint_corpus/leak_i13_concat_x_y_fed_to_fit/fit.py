import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier


def fit(X_train, y_train):
    both = pd.concat([X_train, y_train], axis=1)
    model = GradientBoostingClassifier()
    model.fit(both, y_train)
    return model
