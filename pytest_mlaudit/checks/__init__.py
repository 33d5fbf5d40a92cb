"""Checks judge the cell results of a sweep: one small class per check (see base.py)."""
