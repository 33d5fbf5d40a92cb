from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score

from happy_table import load_sites

X_train, y_train = load_sites("hg001.happy.vcf.gz", "chr20")
X_test, y_test = load_sites("hg001.happy.vcf.gz", "chr21")
model = HistGradientBoostingClassifier(max_iter=400).fit(X_train, y_train)
print(average_precision_score(y_test, model.predict_proba(X_test)[:, 1]))
