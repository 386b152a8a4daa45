"""Train the churn example: a scikit-learn LogisticRegression on tenure,
monthly_charges and total_charges, pickled to model.pkl.

The data is generated (no downloads): customers with a short tenure and high
monthly charges churn more often, as in the telco churn data set this example
usually uses. Run: python3 train.py [--out model.pkl] [--rows 5000] [--seed 7]
"""

import argparse
import pickle

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

FEATURES = ["tenure", "monthly_charges", "total_charges"]


def generate(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    tenure = rng.integers(0, 73, rows).astype(float)
    monthly = rng.uniform(18.0, 120.0, rows).round(2)
    total = (tenure * monthly * rng.uniform(0.9, 1.1, rows)).round(2)
    # Churn odds fall with tenure and rise with the monthly bill.
    logit = 1.2 - 0.08 * tenure + 0.025 * (monthly - 65.0)
    churn = rng.random(rows) < 1.0 / (1.0 + np.exp(-logit))
    return pd.DataFrame(
        {"tenure": tenure, "monthly_charges": monthly, "total_charges": total, "churn": churn.astype(int)}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="model.pkl")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--csv", help="also write the generated rows (a drift reference sample)")
    args = parser.parse_args()
    data = generate(args.rows, args.seed)
    # Fitted on a DataFrame, so the model keeps feature_names_in_ for the schema.
    model = LogisticRegression(max_iter=1000).fit(data[FEATURES], data["churn"])
    with open(args.out, "wb") as f:
        pickle.dump(model, f)
    if args.csv:
        data.to_csv(args.csv, index=False)
    print(f"trained on {len(data)} rows, accuracy {model.score(data[FEATURES], data['churn']):.3f}; wrote {args.out}")


if __name__ == "__main__":
    main()
