import pandas as pd
from xgboost import XGBClassifier

from table import site_table

sites = pd.DataFrame(site_table("hg001.happy.annotated.vcf.gz"))
labels = sites["is_tp"]
X = sites.drop(columns=["qual"])
XGBClassifier(n_estimators=200, max_depth=4).fit(X, labels)
