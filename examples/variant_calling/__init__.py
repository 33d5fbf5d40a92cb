"""The audited variant-calling paper reproduced end to end on read pileups (see docs/variant_calling.md)."""
