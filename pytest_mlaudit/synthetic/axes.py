"""The two axes `@synthetic_real_consistency` adds: the test receives `loss=` (one of the losses it
was given) and `domain=` (one of DOMAINS)."""

LOSS_AXIS = "loss"
DOMAIN_AXIS = "domain"
DOMAINS = ("synthetic", "real")
