import pandas as pd

from churn_model import fit_churn

fit_churn(pd.read_csv("subscriptions.csv"))
