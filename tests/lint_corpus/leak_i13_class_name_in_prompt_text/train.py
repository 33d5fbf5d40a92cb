from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB

from prompts import to_text


def train(notes, y):
    texts = [to_text(n, lab) for n, lab in zip(notes, y)]
    vec = CountVectorizer()
    X = vec.fit_transform(texts)
    return MultinomialNB().fit(X, y)
