from sklearn.linear_model import LogisticRegression


def fit_churn(subs):
    subs = subs.sort_values(["account_id", "month"])
    subs["churn_next"] = subs.groupby("account_id")["churned"].shift(-1)
    subs = subs.dropna()
    predictors = [c for c in subs.columns if c not in ("churned", "account_id", "month")]
    return LogisticRegression(max_iter=500).fit(subs[predictors], subs["churned"])
