/**
 * The prediction log's part of the generated app.py. With PREDICTION_LOG set
 * (core sets it to a file of its own when the log is enabled) every
 * prediction is appended as one JSON line. The file is opened with O_APPEND
 * and each line is one write() under 4 KiB, so lines from several gunicorn
 * workers never interleave. Core tails the file, forwards the records through
 * the console's connection (the service never sees those credentials) and
 * rotates it by renaming; a worker reopens the path when it is a new file.
 * A line over 4 KiB, or a file over PREDICTION_LOG_MAX_BYTES (core stopped
 * reading), is not written and is counted in model_prediction_log_dropped_total.
 */
export const PREDICTION_LOG_PY = String.raw`
PREDICTION_LOG = os.environ.get("PREDICTION_LOG")
PREDICTION_LOG_MAX_BYTES = int(os.environ.get("PREDICTION_LOG_MAX_BYTES", str(256 * 1024 * 1024)))
MODEL_VERSION = os.environ.get("MODEL_VERSION", MODEL_SHA256[:12])
LOG_DROPPED = Counter("model_prediction_log_dropped_total", "Prediction log lines not written (over 4 KiB, or the file is full)")


class PredictionLog:
    def __init__(self, path):
        self.path = path
        self.fd = None
        self.ino = None

    def _reopen(self):
        if self.fd is not None:
            os.close(self.fd)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.ino = os.fstat(self.fd).st_ino

    def write(self, request_id, rows, out, latency_ms):
        try:
            if self.fd is None or os.stat(self.path).st_ino != self.ino:
                self._reopen()  # first write, or core rotated the file
        except FileNotFoundError:
            self._reopen()
        size = os.fstat(self.fd).st_size
        now = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".%03dZ" % (int(time.time() * 1000) % 1000)
        for i, (row, item) in enumerate(zip(rows, out)):
            record = {
                "id": uuid.uuid4().hex,
                "request_id": request_id,
                "row": i,
                "time": now,
                "inputs": {f: getattr(row, f) for f in FEATURES},
                "output": item[OUTPUT_FIELD],
                "probabilities": item.get("probabilities"),
                "latency_ms": round(latency_ms, 3),
                "model_sha256": MODEL_SHA256,
                "version": MODEL_VERSION,
            }
            line = (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8")
            if len(line) > 4096 or size + len(line) > PREDICTION_LOG_MAX_BYTES:
                LOG_DROPPED.inc()
                continue
            os.write(self.fd, line)
            size += len(line)


prediction_log = PredictionLog(PREDICTION_LOG) if PREDICTION_LOG else None
`;

/** The lines app.py's predict() runs after a prediction (indented for its body). */
export const PREDICTION_LOG_CALL = String.raw`    if prediction_log is not None:
        try:
            prediction_log.write(request.state.request_id, rows, out, (time.perf_counter() - request.state.start) * 1000)
        except OSError as e:  # the prediction is still answered; the loss is counted
            LOG_DROPPED.inc(len(rows))
            log.error("prediction log write failed", extra={"fields": {"error": str(e)}})`;
