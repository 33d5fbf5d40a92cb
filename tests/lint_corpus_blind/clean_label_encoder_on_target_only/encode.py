from sklearn.preprocessing import LabelEncoder


def encode_target(labels):
    le = LabelEncoder()
    le.fit(labels)
    return le, le.transform(labels)
