"""The axes `@variance_sources` adds, one per source of run-to-run variance it varies: source name
-> the keyword the test receives. The precision axis is the one `@cross_precision` uses too (so the
two cannot both sweep it)."""

from ..precision.axes import PRECISION_AXIS

SOURCE_AXES = {
    "init": "init_seed",
    "data_order": "data_order_seed",
    "split": "split_seed",
    "precision": PRECISION_AXIS,
    "device": "device",
}


def source_of(axis: str) -> str:
    """The source an axis varies (the axis name itself for axes no source owns)."""
    return next((source for source, name in SOURCE_AXES.items() if name == axis), axis)
