from sklearn.linear_model import LogisticRegression

from encode import prepare


def train(df):
    X, y, encoder = prepare(df)
    model = LogisticRegression().fit(X, y)
    return model, encoder.classes_
