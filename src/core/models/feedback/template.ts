/**
 * The feedback part of the generated app.py: `POST /feedback` with a request id
 * and the true label. Every request's predictions are remembered under its
 * request id in one SQLite file that all gunicorn workers share (WAL), so
 * feedback answered by another worker than the prediction still finds it. The
 * store is bounded to the newest FEEDBACK_KEEP predictions. A worker writes what it answered
 * within 10 ms, many requests to a transaction (a request id the client chose at once), and
 * feedback for an id not yet written waits up to 0.5 s for it. Each feedback is counted once in
 * model_feedback_total{outcome="correct"|"incorrect"}; core turns those
 * counters into the rolling accuracy chart.
 */
export const FEEDBACK_PY = String.raw`
FEEDBACK_DB = os.environ.get("FEEDBACK_DB") or os.path.join(
    os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.gettempdir(), "stackdeck-feedback-%s.sqlite3" % MODEL_SHA256[:12]
)
FEEDBACK_KEEP = int(os.environ.get("FEEDBACK_KEEP", "100000"))
FEEDBACK = Counter("model_feedback_total", "Feedback received, by whether the prediction was right", ["outcome"])


# A request's outputs are written within FLUSH_SECONDS, many requests in one transaction: one commit per request
# cost more than the prediction of a 100-row batch once two workers also waited on each other's commits.
FLUSH_SECONDS = 0.01
# How long feedback for a request id not (yet) in the file waits for the other workers' queued writes.
FIND_SECONDS = 0.5


class FeedbackStore:
    """One row per request (its outputs as a JSON list), so a 100-row batch costs one insert, not 100.

    The tables have names of their own: a file left by a service generated before keeps its old table,
    which these statements never touch.
    """

    def __init__(self, path):
        self.path = path
        self.db = None
        self.lock = threading.Lock()
        self.since_prune = 0
        self.pending = []
        self.flush_due = None  # when the queued outputs are to be written (None: nothing queued)

    def _conn(self):
        if self.db is None:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            # upto: the number of predictions up to and including this request's, which bounds the table by rows.
            db.execute("CREATE TABLE IF NOT EXISTS answered (request_id TEXT PRIMARY KEY, outputs TEXT NOT NULL, upto INTEGER NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS feedback (request_id TEXT NOT NULL, row INTEGER NOT NULL, label TEXT NOT NULL,"
                " PRIMARY KEY (request_id, row))"
            )
            self.db = db
        return self.db

    def record(self, request_id, out, now=False):
        """Queues the request's outputs; now: written before this returns (a request id the client chose, which it
        may send again: feedback given right after must not find the outputs it replaced)."""
        outputs = dumps([str(item[OUTPUT_FIELD]) for item in out]).decode()
        with self.lock:
            self.pending.append((request_id, outputs, len(out)))
            at = time.monotonic()
            # A flush that did not happen (its event loop no longer runs, as between Lambda invocations) is done here.
            write_now = now or (self.flush_due is not None and at > self.flush_due + 1)
            if not write_now:
                if self.flush_due is not None:
                    return  # the flush already due writes this one too
                self.flush_due = at + FLUSH_SECONDS
        if not write_now:
            try:
                asyncio.get_running_loop().call_later(FLUSH_SECONDS, self.flush_logged)
                return
            except RuntimeError:  # not on an event loop: written now
                pass
        self.flush()

    def flush_logged(self):
        try:
            self.flush()
        except sqlite3.Error as e:  # those predictions are still answered; feedback for them will be a 404
            log.error("feedback store write failed", extra={"fields": {"error": str(e)}})

    def flush(self):
        with self.lock:
            queued, self.pending, self.flush_due = self.pending, [], None
            if not queued:
                return
            db = self._conn()
            # The write lock from the start: the counts read and the rows written cannot interleave with another worker's.
            db.execute("BEGIN IMMEDIATE")
            try:
                upto = "? + COALESCE((SELECT upto FROM answered ORDER BY rowid DESC LIMIT 1), 0)"
                for request_id, outputs, n in queued:
                    cur = db.execute("INSERT OR IGNORE INTO answered (request_id, outputs, upto) VALUES (?, ?, %s)" % upto, (request_id, outputs, n))
                    if cur.rowcount == 0:
                        # A client sent a request id again: its newest predictions count, without the feedback given before.
                        db.execute("DELETE FROM answered WHERE request_id = ?", (request_id,))
                        db.execute("DELETE FROM feedback WHERE request_id = ?", (request_id,))
                        db.execute("INSERT INTO answered (request_id, outputs, upto) VALUES (?, ?, %s)" % upto, (request_id, outputs, n))
                    self.since_prune += n
                if self.since_prune >= 1000:
                    self.since_prune = 0
                    # upto grows with rowid, so the rows past the bound are the oldest: found by walking rowids from
                    # the start until the first one to keep (no scan of the whole table, no index to maintain).
                    db.execute(
                        "DELETE FROM answered WHERE rowid < (SELECT rowid FROM answered WHERE upto > "
                        "(SELECT upto FROM answered ORDER BY rowid DESC LIMIT 1) - ? ORDER BY rowid LIMIT 1)",
                        (FEEDBACK_KEEP,),
                    )
                    db.execute("DELETE FROM feedback WHERE rowid <= (SELECT max(rowid) FROM feedback) - ?", (FEEDBACK_KEEP,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def give(self, request_id, row, label):
        """(outcome, predicted): outcome is "correct", "incorrect", "duplicate" or None (unknown request)."""
        deadline = time.monotonic() + FIND_SECONDS
        while True:
            self.flush()
            with self.lock:
                found = self._conn().execute("SELECT outputs FROM answered WHERE request_id = ?", (request_id,)).fetchone()
            if found is not None or time.monotonic() >= deadline:
                break
            time.sleep(0.01)  # another worker may not have written it yet (at most FLUSH_SECONDS after answering)
        with self.lock:
            db = self._conn()
            outputs = json.loads(found[0]) if found else []
            if row >= len(outputs):
                return None, None
            predicted = outputs[row]
            # Only the first feedback for a prediction counts, whichever worker gets it.
            cur = db.execute("INSERT OR IGNORE INTO feedback (request_id, row, label) VALUES (?, ?, ?)", (request_id, row, label))
            if cur.rowcount == 0:
                return "duplicate", predicted
            return ("correct" if predicted == label else "incorrect"), predicted


feedback_store = FeedbackStore(FEEDBACK_DB)
# What is still queued when the worker stops is written then.
atexit.register(feedback_store.flush_logged)


class Feedback(BaseModel):
    model_config = ConfigDict(extra="forbid")
    request_id: str = Field(min_length=1, max_length=200, description="x-request-id of the prediction's response")
    label: Union[StrictStr, StrictInt, StrictBool] = Field(description='the true label, e.g. "Yes" or its class value 1')
    row: int = Field(default=0, ge=0, lt=MAX_BATCH, description="the row of a batch prediction (0 for one row)")
`;

/** The lines app.py's predict() runs after a prediction (indented for its body). */
export const FEEDBACK_RECORD_CALL = String.raw`    try:
        feedback_store.record(request.state.request_id, out, now=request.state.request_id_given)
    except sqlite3.Error as e:  # the prediction is still answered; feedback for it will be a 404
        log.error("feedback store write failed", extra={"fields": {"error": str(e)}})`;

export const FEEDBACK_ROUTE_PY = String.raw`
@app.post("/feedback")
def feedback(body: Feedback):
    raw = str(body.label).lower() if isinstance(body.label, bool) else str(body.label)
    # A class value (1) counts as its label ("Yes"), as the prediction was answered.
    label = str(LABELS.get(raw, raw))
    outcome, predicted = feedback_store.give(body.request_id, body.row, label)
    if outcome is None:
        raise HTTPException(
            status_code=404,
            detail="no prediction with request id %s (row %d) is kept here: feedback follows a prediction of this service, and the newest %d are kept" % (body.request_id, body.row, FEEDBACK_KEEP),
        )
    if outcome == "duplicate":
        raise HTTPException(status_code=409, detail="feedback for request id %s (row %d) was already given" % (body.request_id, body.row))
    FEEDBACK.labels(outcome=outcome).inc()
    return {"request_id": body.request_id, "row": body.row, "predicted": predicted, "label": label, "correct": outcome == "correct"}
`;
