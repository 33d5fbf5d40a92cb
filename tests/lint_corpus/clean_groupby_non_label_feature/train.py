from sklearn.ensemble import RandomForestClassifier

from feats import add_gene_depth

COLS = ["depth", "gene_mean_depth", "gene_n"]


def train(df):
    df = add_gene_depth(df)
    return RandomForestClassifier().fit(df[COLS], df["label"])
