"""Tumour grading pipeline."""
