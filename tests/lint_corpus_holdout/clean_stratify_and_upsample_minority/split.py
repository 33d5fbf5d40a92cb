from sklearn.model_selection import train_test_split


def split(X, y, seed=0):
    return train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)
