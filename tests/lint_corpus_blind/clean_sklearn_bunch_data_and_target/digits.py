from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

cancer = load_breast_cancer()
X = cancer.data
y = cancer.target
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
clf = LogisticRegression(max_iter=5000).fit(X_train, y_train)
print(clf.score(X_test, y_test))

digits = load_digits(as_frame=True)
frame = digits.frame
print(frame.shape, digits.target_names)
