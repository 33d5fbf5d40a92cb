from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from notes import note_text


def train(admissions, died_in_hospital):
    texts = [note_text(a) for a in admissions]
    X_text = TfidfVectorizer(min_df=2).fit_transform(texts)
    print(f"mortality {sum(died_in_hospital) / len(died_in_hospital):.2%}")
    return LogisticRegression(class_weight="balanced").fit(X_text, died_in_hospital)
