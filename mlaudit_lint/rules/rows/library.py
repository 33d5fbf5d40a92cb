"""What the row rules (MLA002-MLA004) know about ML libraries: names, grouped by what they do to rows.

Names are matched on the last component of a call or of the class a receiver was built from
(`sklearn.preprocessing.StandardScaler` and `preprocessing.StandardScaler` are both
`StandardScaler`), because scripts import them every way there is.
"""

from __future__ import annotations

# Transformers whose `fit` learns a statistic of the rows it sees (means, variances, quantiles,
# components, vocabularies with document frequencies, selected columns, clusters).
STATEFUL_TRANSFORMERS = frozenset(
    {
        # scalers and distribution transforms
        "StandardScaler",
        "MinMaxScaler",
        "MaxAbsScaler",
        "RobustScaler",
        "QuantileTransformer",
        "PowerTransformer",
        "KBinsDiscretizer",
        "SplineTransformer",
        "KernelCenterer",
        # imputers
        "SimpleImputer",
        "Imputer",
        "IterativeImputer",
        "KNNImputer",
        "MissingIndicator",
        # decompositions and embeddings
        "PCA",
        "KernelPCA",
        "IncrementalPCA",
        "SparsePCA",
        "MiniBatchSparsePCA",
        "TruncatedSVD",
        "FastICA",
        "NMF",
        "MiniBatchNMF",
        "FactorAnalysis",
        "LatentDirichletAllocation",
        "DictionaryLearning",
        "MiniBatchDictionaryLearning",
        "TSNE",
        "Isomap",
        "MDS",
        "LocallyLinearEmbedding",
        "SpectralEmbedding",
        "UMAP",
        "LinearDiscriminantAnalysis",
        # feature selection
        "SelectKBest",
        "SelectPercentile",
        "GenericUnivariateSelect",
        "SelectFpr",
        "SelectFdr",
        "SelectFwe",
        "SelectFromModel",
        "RFE",
        "RFECV",
        "VarianceThreshold",
        "SequentialFeatureSelector",
        # text
        "CountVectorizer",
        "TfidfVectorizer",
        "TfidfTransformer",
        "Tokenizer",
        # clustering used as a feature, neighbours
        "KMeans",
        "MiniBatchKMeans",
        "GaussianMixture",
        "BayesianGaussianMixture",
        "AgglomerativeClustering",
        "Birch",
        "DBSCAN",
        "OPTICS",
        "MeanShift",
        "SpectralClustering",
        "FeatureAgglomeration",
        "NearestNeighbors",
        # target and frequency encoders learn from the rows (and the label)
        "TargetEncoder",
        "WOEEncoder",
        "CatBoostEncoder",
        "JamesSteinEncoder",
        "MEstimateEncoder",
        "LeaveOneOutEncoder",
        "CountEncoder",
        "GLMMEncoder",
        # sklearn-pandas
        "DataFrameMapper",
    }
)

# Encoders whose fitted state is only the list of categories: a category seen only in test rows
# changes no statistic the model trains on (Yang et al. do not count them either). One-hot
# encoders that drop rare categories (`min_frequency`, `max_categories`) count frequencies and are
# stateful; `CATEGORY_FREQUENCY_OPTIONS` names those keywords.
CATEGORY_ENCODERS = frozenset(
    {
        "OneHotEncoder",
        "OrdinalEncoder",
        "LabelEncoder",
        "LabelBinarizer",
        "MultiLabelBinarizer",
        "DictVectorizer",
        "FeatureHasher",
        "HashingVectorizer",
    }
)
CATEGORY_FREQUENCY_OPTIONS = frozenset({"min_frequency", "max_categories", "min_df", "max_df"})

# Transformers that learn nothing from the rows (row-wise or fixed functions).
STATELESS_TRANSFORMERS = frozenset(
    {
        "Normalizer",
        "Binarizer",
        "FunctionTransformer",
        "PolynomialFeatures",
        "GaussianRandomProjection",
        "SparseRandomProjection",
        "RBFSampler",
        "Nystroem",
    }
)

# Composites: stateful when a step is; a model when the last step is one.
COMPOSITES = frozenset(
    {"Pipeline", "ColumnTransformer", "FeatureUnion", "TransformedTargetRegressor"}
)
COMPOSITE_FACTORIES = {
    "make_pipeline": "Pipeline",
    "make_column_transformer": "ColumnTransformer",
    "make_union": "FeatureUnion",
}

# Functions that transform the rows they get with statistics of those same rows.
STATISTIC_FUNCTIONS = frozenset(
    {
        # sklearn.preprocessing function forms
        "scale",
        "minmax_scale",
        "maxabs_scale",
        "robust_scale",
        "quantile_transform",
        "power_transform",
        # scipy.stats
        "zscore",
        "boxcox",
        "yeojohnson",
        "rankdata",
        # numpy reductions (axis-aware: `axis=1` is per row)
        "mean",
        "nanmean",
        "median",
        "nanmedian",
        "std",
        "nanstd",
        "var",
        "nanvar",
        "percentile",
        "nanpercentile",
        "quantile",
        "nanquantile",
        "average",
        "amin",
        "amax",
        "nanmin",
        "nanmax",
        "ptp",
        "corrcoef",
        "cov",
        "histogram",
        # univariate scores used to pick columns
        "f_classif",
        "f_regression",
        "chi2",
        "mutual_info_classif",
        "mutual_info_regression",
        "r_regression",
        # pandas
        "qcut",
    }
)
# numpy/pandas reductions that are functions when called on `np`, methods on a frame/array.
STATISTIC_METHODS = frozenset(
    {
        "mean",
        "median",
        "std",
        "var",
        "sem",
        "mode",
        "min",
        "max",
        "quantile",
        "skew",
        "kurt",
        "kurtosis",
        "corr",
        "cov",
        "rank",
        "value_counts",
        "ptp",
        "nanmean",
        "idxmax",
        "idxmin",
    }
)
# `min`/`max` over a single python iterable are builtins too; they count only as methods or
# `np.` functions. `pd.cut` learns its edges when `bins` is a number; a sequence is fixed.
BINNING_FUNCTIONS = frozenset({"cut"})

# Resamplers that duplicate or synthesise minority rows (a copy on each side of a later split).
OVERSAMPLERS = frozenset(
    {
        "RandomOverSampler",
        "SMOTE",
        "SMOTENC",
        "SMOTEN",
        "ADASYN",
        "BorderlineSMOTE",
        "KMeansSMOTE",
        "SVMSMOTE",
        "SMOTEENN",
        "SMOTETomek",
        "ImageDataGenerator",
    }
)
# Resamplers that only drop rows: no copies.
UNDERSAMPLERS = frozenset(
    {
        "RandomUnderSampler",
        "TomekLinks",
        "NearMiss",
        "ClusterCentroids",
        "EditedNearestNeighbours",
        "RepeatedEditedNearestNeighbours",
        "AllKNN",
        "CondensedNearestNeighbour",
        "OneSidedSelection",
        "NeighbourhoodCleaningRule",
        "InstanceHardnessThreshold",
    }
)
RESAMPLE_METHODS = frozenset({"fit_resample", "fit_sample"})

# Splits: `train_test_split` returns (train, test) per array; splitters' `.split` yields index
# pairs; `random_split` returns one part per length.
SPLIT_FUNCTIONS = frozenset({"train_test_split", "random_split", "array_split"})
SPLITTERS = frozenset(
    {
        "KFold",
        "StratifiedKFold",
        "GroupKFold",
        "StratifiedGroupKFold",
        "ShuffleSplit",
        "StratifiedShuffleSplit",
        "GroupShuffleSplit",
        "TimeSeriesSplit",
        "LeaveOneOut",
        "LeavePOut",
        "LeaveOneGroupOut",
        "LeavePGroupsOut",
        "RepeatedKFold",
        "RepeatedStratifiedKFold",
        "PredefinedSplit",
    }
)
# Calls that split their data internally and both train and evaluate on the parts.
CV_FUNCTIONS = frozenset(
    {
        "cross_val_score",
        "cross_val_predict",
        "cross_validate",
        "learning_curve",
        "validation_curve",
        "permutation_test_score",
    }
)
SEARCH_CLASSES = frozenset(
    {
        "GridSearchCV",
        "RandomizedSearchCV",
        "HalvingGridSearchCV",
        "HalvingRandomSearchCV",
        "BayesSearchCV",
        "LassoCV",
        "RidgeCV",
        "ElasticNetCV",
        "LogisticRegressionCV",
        "LassoLarsCV",
        "LarsCV",
        "OrthogonalMatchingPursuitCV",
        "RFECV",
    }
)

# Methods that train a model, and those that use a trained one.
TRAINING_METHODS = frozenset({"fit", "partial_fit", "fit_generator", "train_on_batch"})
TRAINING_FUNCTIONS = frozenset({"train"})  # xgboost.train, lightgbm.train
INFERENCE_METHODS = frozenset(
    {
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
        "score",
        "evaluate",
        "predict_generator",
        "evaluate_generator",
        "predict_on_batch",
        "fit_predict",
    }
)
# Unsupervised models: fitting them is a statistic of the rows, not a model's training.
UNSUPERVISED_MODELS = STATEFUL_TRANSFORMERS

# Metrics: `metric(y_true, y_pred, ...)`; the first argument's rows are the evaluated rows.
METRIC_FUNCTIONS = frozenset(
    {
        "accuracy_score",
        "balanced_accuracy_score",
        "f1_score",
        "fbeta_score",
        "precision_score",
        "recall_score",
        "roc_auc_score",
        "average_precision_score",
        "log_loss",
        "brier_score_loss",
        "matthews_corrcoef",
        "cohen_kappa_score",
        "jaccard_score",
        "hamming_loss",
        "zero_one_loss",
        "hinge_loss",
        "top_k_accuracy_score",
        "confusion_matrix",
        "classification_report",
        "mean_squared_error",
        "root_mean_squared_error",
        "mean_absolute_error",
        "median_absolute_error",
        "mean_absolute_percentage_error",
        "r2_score",
        "explained_variance_score",
        "max_error",
        "mean_squared_log_error",
        "mean_pinball_loss",
        "d2_absolute_error_score",
        "precision_recall_fscore_support",
        "ndcg_score",
        "dcg_score",
    }
)
# Curves: per-threshold scores on the evaluated rows; an argmax over them picks a threshold.
CURVE_FUNCTIONS = frozenset({"roc_curve", "precision_recall_curve", "det_curve"})

# Choices over a collection of scores.
CHOICE_FUNCTIONS = frozenset({"max", "min", "argmax", "argmin", "nanargmax", "nanargmin", "sorted"})
CHOICE_METHODS = frozenset(
    {"idxmax", "idxmin", "argmax", "argmin", "sort_values", "nlargest", "nsmallest", "sort"}
)

# Early stopping: an evaluation set watched during training chooses the number of rounds/epochs.
EVAL_SET_KEYWORDS = frozenset({"eval_set", "validation_data", "valid_sets", "evals"})
EARLY_STOPPING_KEYWORDS = frozenset({"early_stopping_rounds", "early_stopping"})
EARLY_STOPPING_CALLBACKS = frozenset({"EarlyStopping", "early_stopping", "ModelCheckpoint"})

# Row-wise spellings of reductions: `axis=1` / `axis="columns"` reduce across columns.
ROW_WISE_AXES = frozenset({1, "1", "columns"})

# Stacking along rows joins row sets (and duplicates rows that are in two of the parts); along
# columns it keeps the rows of its parts.
ROW_STACKING_FUNCTIONS = frozenset(
    {"concat", "vstack", "concatenate", "append", "row_stack", "cat"}  # `cat`: torch's
)
COLUMN_STACKING_FUNCTIONS = frozenset({"hstack", "column_stack", "dstack"})

# Containers of rows (and their targets), not models: they keep the rows they are given.
DATA_CONTAINERS = frozenset(
    {
        "Dataset",
        "DMatrix",
        "Pool",
        "TensorDataset",
        "DataLoader",
        "DataFrame",
        "Series",
        "Subset",
        "ConcatDataset",
        "QuantileDMatrix",
        "DataFrameMapper_",
    }
)

# Calls that read a table or an array from the file named by their first argument.
FILE_READERS = ("read_", "load", "genfromtxt", "fromfile")  # prefixes: `load` covers `loadtxt`

# A fitted transformer's methods that give transformed data.
TRANSFORM_METHODS = frozenset({"transform", "fit_transform"})
