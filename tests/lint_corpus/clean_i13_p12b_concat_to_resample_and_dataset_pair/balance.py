import pandas as pd
from sklearn.utils import shuffle


def downsample(X_train, y_train):
    both = pd.concat([X_train, y_train], axis=1)
    pos = both[both["churned"] == 1]
    neg = both[both["churned"] == 0].sample(n=len(pos), random_state=0)
    both = shuffle(pd.concat([pos, neg]), random_state=0)
    return both.drop("churned", axis=1), both["churned"]
