from sklearn.linear_model import LogisticRegression

from prepare import prepare


def fit(path, outcome_col):
    trial = prepare(path)
    columns = ["baseline_score", "dose_mg", "baseline_x_response"]
    return LogisticRegression().fit(trial[columns], trial[outcome_col])
