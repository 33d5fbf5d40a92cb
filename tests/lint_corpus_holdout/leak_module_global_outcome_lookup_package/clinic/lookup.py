import pandas as pd

_outcomes = pd.read_csv("data/outcomes.csv")
MORTALITY_BY_PATIENT = dict(zip(_outcomes["patient_id"], _outcomes["mortality"]))
