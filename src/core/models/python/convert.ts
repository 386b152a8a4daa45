/**
 * The ONNX conversion, run by the runtime's Python in a child process
 * (`python -I -c CONVERT_PY model format out.onnx spec.json memoryMb cpuSeconds`),
 * never in core: it loads the trusted scikit-learn model, converts it with
 * skl2onnx (initial types from the service schema, zipmap off so the
 * probabilities are an array), writes out.onnx, then runs the schema's example
 * row and generated rows through both the original model and onnxruntime. It
 * also measures the installed size of the two dependency sets (scikit-learn
 * stack vs onnxruntime stack) from the interpreter's own package records. It
 * prints one JSON object: the report, or `{ok: false, kind, error}`.
 */
export const CONVERT_PY = String.raw`
import json, os, resource, re, sys

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

def closure(roots):
    # The installed distributions a requirement set pulls in (extras skipped), with their files' sizes.
    from importlib import metadata
    seen, missing, total, todo = set(), [], 0, list(roots)
    while todo:
        name = re.split(r"[<>=!~;\[ (]", todo.pop(), maxsplit=1)[0].strip().lower().replace("_", "-")
        if not name or name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        for f in dist.files or []:
            size = f.size
            if size is None:
                try:
                    size = os.path.getsize(f.locate())
                except OSError:
                    size = 0
            total += size
        for req in dist.requires or []:
            if "extra ==" not in req and "extra==" not in req:
                todo.append(req)
    return {"bytes": total, "packages": sorted(seen - set(missing)), "missing": sorted(missing)}

def rows_for(spec):
    import numpy as np
    rng = np.random.default_rng(7)
    example = {f["name"]: f["example"] for f in spec["features"]}
    rows = [example]
    for _ in range(spec["generated"]):
        row = {}
        for f in spec["features"]:
            v = f["example"]
            if f["type"] == "number" and isinstance(v, (int, float)):
                v = float(v) + float(rng.normal(0, max(1.0, abs(float(v)))))
            elif f["type"] == "integer" and isinstance(v, (int, float)):
                v = int(round(float(v) + float(rng.normal(0, max(1.0, abs(float(v)))))))
            elif f["type"] == "boolean":
                v = bool(rng.random() < 0.5)
            row[f["name"]] = v
        rows.append(row)
    return rows

def main():
    path, fmt, out, spec_path, mb, cpu = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
    if mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))
    if cpu > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    with open(spec_path) as f:
        spec = json.load(f)
    try:
        import numpy as np
        import onnxruntime as ort
        from skl2onnx import to_onnx
        from skl2onnx.common.data_types import BooleanTensorType, FloatTensorType, Int64TensorType, StringTensorType
    except ModuleNotFoundError as e:
        fail("missing-package", "the ONNX variant needs the Python package '%s' in the runtime (pip install skl2onnx==1.20.0 onnxruntime==1.31.1)" % e.name)
    try:
        model = load(path, fmt)
    except Exception as e:
        fail("load-error", "loading failed: %s: %s" % (type(e).__name__, e))
    features = spec["features"]
    names = [f["name"] for f in features]
    numeric = all(f["type"] in ("number", "integer") for f in features)
    # All-numeric rows go in as one float matrix (what a plain estimator expects); mixed rows as one
    # column per feature, so a ColumnTransformer can pick its columns by name.
    if numeric:
        initial = [("X", FloatTensorType([None, len(features)]))]
    else:
        kinds = {"number": FloatTensorType, "integer": Int64TensorType, "string": StringTensorType, "boolean": BooleanTensorType}
        initial = [(f["name"], kinds[f["type"]]([None, 1])) for f in features]
    try:
        onx = to_onnx(model, initial_types=initial, options={id(model): {"zipmap": False}})
    except Exception as e:
        fail("unsupported", "skl2onnx cannot convert this %s: %s: %s" % (type(model).__qualname__, type(e).__name__, str(e).strip().split("\n")[0]))
    data = onx.SerializeToString()
    with open(out, "wb") as f:
        f.write(data)
    session = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    rows = rows_for(spec)
    values = [[r[n] for n in names] for r in rows]
    if getattr(model, "feature_names_in_", None) is not None:
        import pandas as pd
        x = pd.DataFrame(values, columns=names)
    else:
        x = np.asarray(values, dtype=float) if numeric else np.asarray(values, dtype=object)
    if numeric:
        feeds = {"X": np.asarray(values, dtype=np.float32)}
    else:
        dtypes = {"number": np.float32, "integer": np.int64, "string": object, "boolean": np.bool_}
        feeds = {f["name"]: np.asarray([r[f["name"]] for r in rows], dtype=dtypes[f["type"]]).reshape(-1, 1) for f in features}
    outputs = session.run(None, feeds)
    want = [str(v) for v in model.predict(x).tolist()]
    got = [str(v) for v in np.asarray(outputs[0]).ravel().tolist()]
    max_diff = None
    if hasattr(model, "predict_proba") and len(outputs) > 1:
        max_diff = float(np.max(np.abs(np.asarray(model.predict_proba(x), dtype=float) - np.asarray(outputs[1], dtype=float))))
    classes = getattr(model, "classes_", None)
    common = ["fastapi", "uvicorn", "gunicorn", "pydantic", "prometheus-client"]
    sys.stdout.write(json.dumps({
        "ok": True,
        "inputs": "tensor" if numeric else "columns",
        "classes": [c.item() if hasattr(c, "item") else c for c in classes] if classes is not None else [],
        "onnxBytes": len(data),
        "opset": max(o.version for o in onx.opset_import),
        "parity": {
            "rows": len(rows),
            "labelsAgree": want == got,
            "mismatches": sum(1 for a, b in zip(want, got) if a != b),
            "maxAbsDiff": max_diff,
        },
        "sizes": {
            "sklearn": closure(["scikit-learn", "numpy", "scipy", "pandas", "joblib"] + common),
            "onnx": closure(["onnxruntime", "numpy"] + common),
        },
    }))

try:
    main()
except SystemExit:
    raise
except MemoryError:
    fail("limit", "the conversion went over the memory limit")
except BaseException as e:
    fail("convert-error", "%s: %s" % (type(e).__name__, e))
`;
