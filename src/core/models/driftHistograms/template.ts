/**
 * The drift part of the generated app.py: every numeric feature's values go
 * into the model_feature_value histogram (one child per feature), which core
 * compares with the training reference. A batch costs one increment per
 * bucket it touches, not one per value: under PROMETHEUS_MULTIPROC_DIR every
 * increment is a write to a shared file.
 */
export const DRIFT_HISTOGRAMS_PY = String.raw`def observe_many(histogram, values):
    # One increment per bucket, not per value: under PROMETHEUS_MULTIPROC_DIR each increment is a file
    # write, and a 100-row batch would otherwise pay one per value and feature. Same result as observe().
    bounds = getattr(histogram, "_upper_bounds", None)
    buckets = getattr(histogram, "_buckets", None)
    total = getattr(histogram, "_sum", None)
    if bounds is None or buckets is None or total is None:
        for v in values:
            histogram.observe(v)
        return
    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return
    at = np.searchsorted(bounds, arr, side="left")
    # NaN lands past the last bound: observe() counts it in no bucket either.
    for i, n in enumerate(np.bincount(at[at < len(bounds)], minlength=len(bounds))):
        if n:
            buckets[i].inc(int(n))
    total.inc(float(arr.sum()))


DRIFT_FEATURES = [f for f, numeric in zip(FEATURES, NUMERIC) if numeric]
drift_histograms = {}


def observe_drift(rows):
    if not DRIFT_FEATURES:
        return
    # One pass over the rows for every feature; the children are looked up once per worker, on first use.
    values = np.array([[getattr(r, f) for f in DRIFT_FEATURES] for r in rows], dtype=float)
    for j, f in enumerate(DRIFT_FEATURES):
        if f not in drift_histograms:
            drift_histograms[f] = FEATURE_VALUES.labels(feature=f)
        observe_many(drift_histograms[f], values[:, j])`;
