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


DRIFT_COLUMNS = [j for j, numeric in enumerate(NUMERIC) if numeric]
drift_histograms = {}


def observe_drift(values):
    """values: the rows' values in FEATURES order, as the model got them."""
    if not DRIFT_COLUMNS:
        return
    if len(DRIFT_COLUMNS) == len(FEATURES):
        numbers = np.asarray(values, dtype=float)
    else:
        numbers = np.array([[v[j] for j in DRIFT_COLUMNS] for v in values], dtype=float)
    # The children are looked up once per worker, on first use.
    for k, j in enumerate(DRIFT_COLUMNS):
        if j not in drift_histograms:
            drift_histograms[j] = FEATURE_VALUES.labels(feature=FEATURES[j])
        observe_many(drift_histograms[j], numbers[:, k])`;
