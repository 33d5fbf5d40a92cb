from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def fit_router(tickets):
    docs = [f"{t['subject']} {t['body']} queue:{t['queue']}" for t in tickets]
    queues = [t["queue"] for t in tickets]
    tfidf = TfidfVectorizer(min_df=2, ngram_range=(1, 2))
    X = tfidf.fit_transform(docs)
    return tfidf, LogisticRegression(max_iter=1000).fit(X, queues)
