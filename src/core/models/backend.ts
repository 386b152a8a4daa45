/**
 * The one part of the generated app.py that differs between the variants:
 * how the model is loaded and how a batch of validated rows becomes labels and
 * probabilities. The scikit-learn variant unpickles (or joblib / skops loads)
 * the model; the ONNX variant opens model.onnx in an onnxruntime session, so
 * the service needs neither scikit-learn nor scipy nor pandas. Both define
 * load_model, model, CLASSES and infer(values) -> (labels, probabilities or
 * None), where values are the rows' feature values in FEATURES order.
 */
import type { OnnxConversion } from '../../shared/contract/models';
import { py } from './pyLiteral';

export interface BackendInput {
  readonly format: 'pickle' | 'joblib' | 'skops' | 'onnx';
  /** Set for the ONNX variant: what the conversion produced. */
  readonly onnx?: Pick<OnnxConversion, 'inputs' | 'classes'> | undefined;
  readonly featureTypes: readonly string[];
}

function sklearnBackend(format: BackendInput['format']): string {
  const loader =
    format === 'joblib'
      ? 'import joblib\n    return joblib.load(path)'
      : format === 'skops'
        ? 'import skops.io as sio\n    return sio.load(path, trusted=sio.get_untrusted_types(file=path))'
        : 'import pickle\n    with open(path, "rb") as f:\n        return pickle.load(f)';
  return String.raw`def load_model(path):
    ${loader}


model = load_model(MODEL_PATH)
CLASSES = list(getattr(model, "classes_", []))


# scikit-learn validates a DataFrame per call at several times the cost of the prediction itself. A plain
# estimator of these modules takes the same numbers as an array, in the order of its feature_names_in_ (the
# check is all the names are used for); pipelines and meta-estimators, which may select columns by name, get
# the DataFrame.
ARRAY_MODULES = ("sklearn.linear_model", "sklearn.tree", "sklearn.naive_bayes", "sklearn.neighbors", "sklearn.svm", "sklearn.ensemble._forest", "sklearn.ensemble._gb", "sklearn.ensemble._hist_gradient_boosting")
PLAIN_ESTIMATOR = type(model).__module__.startswith(ARRAY_MODULES)
AS_ARRAY = not NAMED_COLUMNS or (PLAIN_ESTIMATOR and [str(c) for c in getattr(model, "feature_names_in_", [])] == FEATURES)
if NAMED_COLUMNS and AS_ARRAY:
    warnings.filterwarnings("ignore", message="X does not have valid feature names")
if PLAIN_ESTIMATOR and AS_ARRAY:
    # The estimator gets the validated rows as they are, and Row refuses NaN and infinity: scikit-learn's own
    # pass over the array looking for them is skipped (set for this thread, the one predict runs on).
    import sklearn

    sklearn.set_config(assume_finite=True)


def frame(values):
    if AS_ARRAY:
        return np.asarray(values, dtype=float)
    import pandas as pd

    return pd.DataFrame(values, columns=FEATURES)


# Estimators whose predict is the class of the highest predict_proba (or of a score that predict_proba only
# rescales, keeping its order): one predict_proba call answers both. A row whose two highest probabilities are
# equal is a tie that predict may break another way, so those rows are asked predict. SVMs are not here: their
# probabilities come from a separate calibration and can disagree with predict.
ARGMAX_ESTIMATORS = ("LogisticRegression", "LogisticRegressionCV", "DecisionTreeClassifier", "ExtraTreeClassifier", "RandomForestClassifier", "ExtraTreesClassifier", "GradientBoostingClassifier", "HistGradientBoostingClassifier", "GaussianNB", "MultinomialNB", "BernoulliNB", "ComplementNB", "CategoricalNB")
PROBA_GIVES_PREDICT = (
    WITH_PROBABILITIES
    and type(model).__module__.startswith("sklearn.")
    and type(model).__name__ in ARGMAX_ESTIMATORS
    and np.ndim(getattr(model, "classes_", None)) == 1
)


def subset(x, mask):
    return x[mask] if isinstance(x, np.ndarray) else x.iloc[mask]


# A logistic regression's probabilities are the logistic (two classes) or the softmax (more) of
# x @ coef_.T + intercept_. Computed here from the fitted coefficients they skip the checks scikit-learn runs on
# every call, which cost several times the arithmetic for a 100-row batch; the rows are already validated finite
# numbers in the model's feature order. Used only if, at start, they equal scikit-learn's own predict_proba on
# probe rows around the example (a model whose probabilities are formed another way keeps scikit-learn's).
def linear_proba(x):
    scores = x @ model.coef_.T + model.intercept_
    if scores.shape[1] == 1:
        from scipy.special import expit

        p = expit(scores[:, 0])
        return np.stack([1 - p, p], axis=1)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def linear_proba_agrees():
    if not (
        PROBA_GIVES_PREDICT
        and AS_ARRAY
        and type(model).__module__ == "sklearn.linear_model._logistic"
        and isinstance(getattr(model, "coef_", None), np.ndarray)
    ):
        return False
    try:
        example = np.array([float(EXAMPLE[f]) for f in FEATURES])
        spread = np.random.default_rng(0).normal(0, 3, (62, len(FEATURES))) * np.maximum(np.abs(example), 1)
        probe = np.vstack([np.zeros(len(FEATURES)), example, example + spread])
        want = np.asarray(model.predict_proba(probe))
        got = linear_proba(probe)
        return got.shape == want.shape and bool(np.allclose(got, want, rtol=0, atol=1e-12))
    except Exception:  # anything unexpected: scikit-learn answers
        return False


LINEAR_PROBA = linear_proba_agrees()


def infer(values):
    x = frame(values)
    if PROBA_GIVES_PREDICT:
        p = linear_proba(x) if LINEAR_PROBA else np.asarray(model.predict_proba(x))
        raw = np.take(model.classes_, p.argmax(axis=1))
        if p.shape[1] > 1:
            top2 = np.partition(p, -2, axis=1)[:, -2:]
            tied = top2[:, 0] == top2[:, 1]
            if tied.any():
                raw[tied] = model.predict(subset(x, tied))
        return raw.tolist(), p.tolist()
    raw = model.predict(x).tolist()
    probs = model.predict_proba(x).tolist() if WITH_PROBABILITIES and hasattr(model, "predict_proba") else None
    return raw, probs`;
}

function onnxBackend(onnx: NonNullable<BackendInput['onnx']>, types: readonly string[]): string {
  return String.raw`import onnxruntime as ort

ONNX_INPUTS = ${py(onnx.inputs)}
FEATURE_TYPES = ${py(types)}
DTYPES = {"number": np.float32, "integer": np.int64, "string": object, "boolean": np.bool_}


def load_model(path):
    options = ort.SessionOptions()
    # One thread per session: gunicorn runs one process per worker, and Lambda gives a function a slice of a core.
    options.intra_op_num_threads = int(os.environ.get("ORT_THREADS", "1"))
    return ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])


model = load_model(MODEL_PATH)
CLASSES = ${py(onnx.classes)}


def feeds(values):
    if ONNX_INPUTS == "tensor":
        return {"X": np.asarray(values, dtype=np.float32)}
    return {f: np.asarray([v[j] for v in values], dtype=DTYPES[t]).reshape(-1, 1) for j, (f, t) in enumerate(zip(FEATURES, FEATURE_TYPES))}


def infer(values):
    outputs = model.run(None, feeds(values))
    raw = np.asarray(outputs[0]).ravel().tolist()
    probs = np.asarray(outputs[1], dtype=float).tolist() if WITH_PROBABILITIES and len(outputs) > 1 else None
    return raw, probs`;
}

export function backendPy(b: BackendInput): string {
  return b.onnx === undefined ? sklearnBackend(b.format) : onnxBackend(b.onnx, b.featureTypes);
}
