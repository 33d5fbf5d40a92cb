import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC


def run(signals, arrhythmia):
    sig_train, arr_train, sig_test, arr_test = train_test_split(
        signals, arrhythmia, test_size=0.25, random_state=7
    )
    svc = SVC(kernel="rbf", C=3.0)
    svc.fit(sig_train, arr_train)
    acc = np.mean(svc.predict(sig_test) == arr_test)
    return svc, acc
