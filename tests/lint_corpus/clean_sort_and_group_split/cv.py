from sklearn.model_selection import GroupShuffleSplit

FEATURES = ["depth", "alt_freq", "mapq"]


def patient_split(df, seed=0):
    df = df.sort_values("label").reset_index(drop=True)
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=seed)
    train_idx, test_idx = next(splitter.split(df[FEATURES], df["label"], groups=df["patient"]))
    return df.iloc[train_idx], df.iloc[test_idx]
