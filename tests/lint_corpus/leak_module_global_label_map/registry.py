import json

with open("labels.json") as fh:
    sample_labels = json.load(fh)
