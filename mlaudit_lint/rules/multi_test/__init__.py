"""MLA004 multi-test: an evaluation split chooses something and is then reported."""
