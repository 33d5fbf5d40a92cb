from sklearn.linear_model import LogisticRegression

from cohort import add_risk_flags

FEATURES = ["age", "sbp", "creatinine", "elderly", "risk_flag"]


def fit(df):
    df = add_risk_flags(df)
    model = LogisticRegression(max_iter=500)
    model.fit(df[FEATURES], df["label"])
    return model
