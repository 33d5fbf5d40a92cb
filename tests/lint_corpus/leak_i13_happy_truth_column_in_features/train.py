from sklearn.ensemble import RandomForestClassifier

from calls import load_calls

calls = load_calls("happy_sites.tsv")
features = calls[["QUAL", "DP", "GQ", "TRUTH"]]
RandomForestClassifier().fit(features, calls["TRUTH"])
