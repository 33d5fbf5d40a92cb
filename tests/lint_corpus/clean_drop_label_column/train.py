from sklearn.ensemble import HistGradientBoostingClassifier

from prep import split_frame


def train(df):
    X, y = split_frame(df)
    return HistGradientBoostingClassifier().fit(X, y)
