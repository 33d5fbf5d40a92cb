from .settings import ID_COLUMNS, TARGET


def feature_columns(frame):
    return [c for c in frame.columns if c != TARGET and c not in ID_COLUMNS]
