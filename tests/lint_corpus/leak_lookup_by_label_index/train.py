from sklearn.ensemble import ExtraTreesClassifier

from encoders import attach_centroids


def main(values, labels):
    features = attach_centroids(values, labels)
    return ExtraTreesClassifier().fit(features, labels)
