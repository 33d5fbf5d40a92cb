"""ICU mortality model."""
