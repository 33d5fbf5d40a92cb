"""MLA003 overlap-leak: the same rows (or copies) are trained on and evaluated as unseen."""
