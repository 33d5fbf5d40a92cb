import csv


def read_rows(path):
    with open(path) as fh:
        return list(csv.DictReader(fh))
