from sklearn.svm import SVC

from prep import prepare


def main(df):
    X = prepare(df)
    return SVC().fit(X, df["responder"])
