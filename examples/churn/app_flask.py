"""The seed's Flask app: the churn model served the way the tutorial does it,
the anchor users start from (and the reference of `npm run bench:models`).

POST /predict {"tenure": 1, "monthly_charges": 70.5, "total_charges": 70.5}
-> {"Churn Prediction": "Yes"}. Run: MODEL_PATH=model.pkl gunicorn app_flask:app
"""

import os
import pickle

import pandas as pd
from flask import Flask, jsonify, request

with open(os.environ.get("MODEL_PATH", "model.pkl"), "rb") as f:
    model = pickle.load(f)

app = Flask(__name__)


@app.route("/predict", methods=["POST"])
def predict():
    data = request.get_json(force=True)
    rows = data if isinstance(data, list) else [data]
    frame = pd.DataFrame(rows)[["tenure", "monthly_charges", "total_charges"]]
    out = ["Yes" if p == 1 else "No" for p in model.predict(frame)]
    if isinstance(data, list):
        return jsonify([{"Churn Prediction": o} for o in out])
    return jsonify({"Churn Prediction": out[0]})


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
