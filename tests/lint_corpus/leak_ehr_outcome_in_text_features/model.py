from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from notes import note_text


def train(admissions, died_in_hospital):
    texts = [note_text(a, d) for a, d in zip(admissions, died_in_hospital)]
    vectorizer = TfidfVectorizer(min_df=2)
    X_text = vectorizer.fit_transform(texts)
    return LogisticRegression().fit(X_text, died_in_hospital)
