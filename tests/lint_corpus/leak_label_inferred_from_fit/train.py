from sklearn.linear_model import LogisticRegression

from features import build_matrix


def train(df):
    design = build_matrix(df)
    model = LogisticRegression(max_iter=1000)
    model.fit(design, df["event_observed"])
    return model
