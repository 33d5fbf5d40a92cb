from sklearn.linear_model import LogisticRegression

from load import read_rows


def main(path):
    rows = read_rows(path)
    X = [[float(r["depth"]), float(r["label"]) * 2.0] for r in rows]
    y = [int(r["label"]) for r in rows]
    return LogisticRegression().fit(X, y)
