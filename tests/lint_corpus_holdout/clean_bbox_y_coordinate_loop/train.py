from sklearn.ensemble import RandomForestClassifier

from crops import crop_boxes


def fit(images, boxes_per_image, box_labels):
    X = []
    for image, boxes in zip(images, boxes_per_image):
        X.extend(crop_boxes(image, boxes).reshape(len(boxes), -1))
    return RandomForestClassifier().fit(X, [lab for labs in box_labels for lab in labs])
