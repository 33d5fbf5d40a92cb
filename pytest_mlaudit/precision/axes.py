"""The axis `@cross_precision` adds: the test receives `precision=` as a condition name
(one of `conditions.NAMES`). Other capabilities that vary precision use this name too."""

PRECISION_AXIS = "precision"
