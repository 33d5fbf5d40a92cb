from sklearn.ensemble import RandomForestClassifier

from cv import FEATURES, patient_split


def train(df):
    train_df, test_df = patient_split(df)
    model = RandomForestClassifier().fit(train_df[FEATURES], train_df["label"])
    return model.score(test_df[FEATURES], test_df["label"])
