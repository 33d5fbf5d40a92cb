"""The axis `@counterfactual_noise` adds: the test receives `counterfactual=` as one of ARMS and, in
the "noise" arm, replaces the suspect column with noise."""

COUNTERFACTUAL_AXIS = "counterfactual"
ARMS = ("original", "noise")
