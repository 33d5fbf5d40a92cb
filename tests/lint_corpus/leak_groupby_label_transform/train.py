from sklearn.linear_model import LogisticRegression

from features import add_class_mean_depth

COLUMNS = ["depth", "vaf", "class_mean_depth"]


def train(df):
    df = add_class_mean_depth(df)
    clf = LogisticRegression()
    clf.fit(df[COLUMNS], df["is_somatic"])
    return clf
