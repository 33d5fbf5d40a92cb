from sklearn.ensemble import RandomForestClassifier

from stats import site_positive_rate

FEATURE_COLS = ["depth", "qual", "site_rate"]


def fit(train_df):
    merged = train_df.merge(site_positive_rate(train_df), on="site_id")
    forest = RandomForestClassifier()
    forest.fit(merged[FEATURE_COLS], merged["label"])
    return forest
