import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import MultinomialNB

messages = pd.read_csv("sms.tsv", sep="\t", names=["label", "text"])
vectorizer = TfidfVectorizer(min_df=2, stop_words="english")
matrix = vectorizer.fit_transform(messages.text)
is_spam = (messages.label == "spam").astype(int)
m_train, m_test, s_train, s_test = train_test_split(matrix, is_spam, stratify=is_spam)
nb = MultinomialNB()
nb.fit(m_train, s_train)
print("F1:", f1_score(s_test, nb.predict(m_test)))
