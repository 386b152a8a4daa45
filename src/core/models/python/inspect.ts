/**
 * The model inspection, run by the runtime's Python in a child process
 * (`python -I -c INSPECT_PY path format memoryMb cpuSeconds`), never in core.
 * It sets its own memory (RLIMIT_AS) and CPU (RLIMIT_CPU) limits before it
 * imports anything; core adds a wall-clock kill, a temporary cwd and a clean
 * environment. It prints one JSON object: either the report or
 * `{ok: false, kind, error}` where kind is corrupt / not-a-model /
 * missing-package / load-error / limit, so core can say what went wrong.
 */
export const INSPECT_PY = String.raw`
import json, resource, sys, traceback

def limit(mb, cpu):
    if mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))
    if cpu > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

def jsonable(v):
    try:
        import numpy as np
        if isinstance(v, np.ndarray):
            return [jsonable(x) for x in v.tolist()]
        if isinstance(v, np.generic):
            return v.item()
    except ImportError:
        pass
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)

def fail(kind, message):
    sys.stdout.write(json.dumps({"ok": False, "kind": kind, "error": message}))
    sys.exit(0)

def load(path, fmt):
    if fmt == "joblib":
        import joblib
        return joblib.load(path)
    if fmt == "skops":
        import skops.io as sio
        return sio.load(path, trusted=sio.get_untrusted_types(file=path))
    import pickle
    with open(path, "rb") as f:
        return pickle.load(f)

def main():
    path, fmt, mb, cpu = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    limit(mb, cpu)
    import pickle, warnings
    caught = []
    try:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            model = load(path, fmt)
            caught = [str(x.message) for x in w]
    except ModuleNotFoundError as e:
        fail("missing-package", "the model needs the Python package '%s', which the runtime does not have" % e.name)
    except (pickle.UnpicklingError, EOFError, ValueError, IndexError, KeyError) as e:
        fail("corrupt", "the file is not a readable %s: %s: %s" % (fmt, type(e).__name__, e))
    except MemoryError:
        fail("limit", "loading the model went over the memory limit (%d MB)" % mb)
    except Exception as e:
        fail("load-error", "loading failed: %s: %s" % (type(e).__name__, e))
    if not hasattr(model, "predict"):
        fail("not-a-model", "the file holds a %s.%s, which has no predict()" % (type(model).__module__, type(model).__qualname__))
    try:
        import sklearn
        installed = sklearn.__version__
    except ImportError:
        installed = None
    steps = None
    if hasattr(model, "steps"):
        steps = [{"name": n, "class": type(s).__module__ + "." + type(s).__qualname__} for n, s in model.steps]
    names = getattr(model, "feature_names_in_", None)
    n = getattr(model, "n_features_in_", None)
    report = {
        "ok": True,
        "estimator": type(model).__module__ + "." + type(model).__qualname__,
        "steps": steps,
        "installedSklearn": installed,
        "nFeaturesIn": int(n) if n is not None else None,
        "featureNamesIn": [str(x) for x in names] if names is not None else None,
        "classes": jsonable(getattr(model, "classes_", None)),
        "hasPredictProba": hasattr(model, "predict_proba"),
        "hasDecisionFunction": hasattr(model, "decision_function"),
        "warnings": caught[:10],
        "zeroRow": None,
    }
    if n is not None:
        try:
            if names is not None:
                import pandas as pd
                row = pd.DataFrame([[0.0] * int(n)], columns=list(names))
            else:
                import numpy as np
                row = np.zeros((1, int(n)))
            zero = {"prediction": jsonable(model.predict(row))[0]}
            if report["hasPredictProba"]:
                zero["probabilities"] = jsonable(model.predict_proba(row))[0]
            report["zeroRow"] = zero
        except Exception as e:
            report["zeroRow"] = {"error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(report))

try:
    main()
except SystemExit:
    raise
except BaseException as e:
    fail("load-error", "%s: %s" % (type(e).__name__, e))
`;
