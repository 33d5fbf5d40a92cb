"""MLA002 preprocessing-leak: a transformation learns from rows that later become evaluation rows."""
