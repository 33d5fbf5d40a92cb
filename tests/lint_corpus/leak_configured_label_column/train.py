from sklearn.linear_model import LogisticRegression

from prepare import add_interaction


def train(variants):
    variants = add_interaction(variants)
    X = variants[["cadd", "revel", "cadd_x_path"]]
    return LogisticRegression().fit(X, variants["pathogenic"])
