import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

from config import FEATURES, TARGET


def main(csv_path):
    frame = pd.read_csv(csv_path)
    model = GradientBoostingClassifier()
    model.fit(frame[FEATURES], frame[TARGET])
    return model
