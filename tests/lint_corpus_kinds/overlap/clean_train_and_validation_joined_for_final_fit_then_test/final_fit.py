import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

X = np.load("X.npy")
y = np.load("y.npy")
X_dev, X_test, y_dev, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_dev, y_dev, test_size=0.25, random_state=0)
depths = [4, 8, 16]
val_acc = [RandomForestClassifier(max_depth=d).fit(X_train, y_train).score(X_val, y_val) for d in depths]
best_depth = depths[int(np.argmax(val_acc))]
final = RandomForestClassifier(max_depth=best_depth).fit(np.vstack([X_train, X_val]), np.concatenate([y_train, y_val]))
print("test accuracy", accuracy_score(y_test, final.predict(X_test)))
