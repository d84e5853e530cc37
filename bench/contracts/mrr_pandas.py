#!/usr/bin/env python3
"""A straightforward pandas implementation of the computation facturier's `mrr_report` does
for the dataset of generate.py: each contract's MRR day by day (its lines' quantity × price
normalised to a month, rounded to the cent; zero while paused and after its end), each
customer's MRR, each day's change classified as new, expansion, contraction, churn or
reactivation (a pause is contraction, a resume expansion, one of several contracts ending
contraction), and the monthly totals. Amounts are integer cents, as exact as facturier's
decimals. Prints one JSON object like core/examples/mrr_compare.rs.

    python mrr_pandas.py --data DIR --runs 3 --from 2024-01 --to 2026-12
"""
import argparse
import json
import time

import numpy as np
import pandas as pd


def load(data):
    contracts = pd.read_csv(f"{data}/contracts.csv", dtype={"contract_id": str, "customer_id": str},
                            parse_dates=["start", "terminated_effective"])
    lines = pd.read_csv(f"{data}/lines.csv", dtype={"contract_id": str, "line_id": str}, parse_dates=["date"])
    pauses = pd.read_csv(f"{data}/pauses.csv", dtype={"contract_id": str}, parse_dates=["from", "until"])
    return contracts, lines, pauses


def compute(contracts, lines, pauses, first, last):
    day = pd.Timedelta(days=1)
    # 1. each contract's last day in force: its termination, or its first term's last day
    #    when it does not renew tacitly
    c = contracts.copy()
    natural = (c["start"] + pd.DateOffset(months=12)) - day
    natural = natural.where(c["tacit"] == 0)
    c["end"] = pd.concat([c["terminated_effective"], natural], axis=1).min(axis=1)

    # 2. each line's value from each of its events on: quantity × price × (12 / months), cents × 12
    l = lines.sort_values(["contract_id", "line_id", "date", "seq"]).copy()
    keys = ["contract_id", "line_id"]
    l[["quantity", "price_cents", "months"]] = l.groupby(keys, sort=False)[["quantity", "price_cents", "months"]].ffill()
    value = l["quantity"].astype("int64") * l["price_cents"].astype("int64") * (12 // l["months"].astype("int64"))
    l["value"] = np.where(l["event"] == "remove", 0, value)
    l["delta"] = l["value"] - l.groupby(keys, sort=False)["value"].shift(fill_value=0)
    num = l.groupby(["contract_id", "date"], sort=True)["delta"].sum().groupby(level=0).cumsum().rename("num").reset_index()

    # 3. the days a contract's MRR may change: its line events, pauses, resumes and end
    p = pauses.rename(columns={"from": "pause_from", "until": "pause_until"})
    extra = [
        p[["contract_id", "pause_from"]].rename(columns={"pause_from": "date"}),
        (p.dropna(subset=["pause_until"]).assign(date=lambda x: x["pause_until"] + day)[["contract_id", "date"]]),
        (c.dropna(subset=["end"]).assign(date=lambda x: x["end"] + day)[["contract_id", "date"]]),
    ]
    pts = pd.concat([num[["contract_id", "date"]]] + extra).drop_duplicates().sort_values("date")
    pts = pd.merge_asof(pts, num.sort_values("date"), on="date", by="contract_id")
    pts = pts.merge(c[["contract_id", "customer_id", "end"]], on="contract_id").merge(p, on="contract_id", how="left")
    out = pts["date"] > pts["end"]
    paused = (pts["date"] >= pts["pause_from"]) & (pts["pause_until"].isna() | (pts["date"] <= pts["pause_until"])) & ~out
    active = ~paused & ~out
    # MRR = round(num / 12) to the cent, half away from zero (num ≥ 0)
    pts["mrr"] = np.where(active, (2 * pts["num"].astype("int64") + 12) // 24, 0)
    pts["paused"] = paused.astype("int64")

    # 4. each contract's changes, then each customer's day
    pts = pts.sort_values(["contract_id", "date"])
    g = pts.groupby("contract_id", sort=False)
    pts["mrr_delta"] = pts["mrr"] - g["mrr"].shift(fill_value=0)
    pts["paused_delta"] = pts["paused"] - g["paused"].shift(fill_value=0)
    days = pts.groupby(["customer_id", "date"], sort=True)[["mrr_delta", "paused_delta"]].sum().reset_index()
    cg = days.groupby("customer_id", sort=False)
    days["after"] = cg["mrr_delta"].cumsum()
    days["paused_after"] = cg["paused_delta"].cumsum()
    days["before"] = days["after"] - days["mrr_delta"]
    days["paused_before"] = days["paused_after"] - days["paused_delta"]
    paying = days["after"] > 0
    days["ever_paid"] = paying.groupby(days["customer_id"], sort=False).cummax()
    days["ever_paid_before"] = days.groupby("customer_id", sort=False)["ever_paid"].shift(fill_value=False)

    # 5. classify each day's change
    d, before, after = days["mrr_delta"], days["before"], days["after"]
    kind = np.select(
        [d == 0,
         (before == 0) & (days["paused_before"] > 0),
         (before == 0) & days["ever_paid_before"],
         before == 0,
         (after == 0) & (days["paused_after"] == 0),
         d > 0],
        ["none", "expansion", "reactivation", "new", "churn", "expansion"],
        default="contraction",
    )
    days["kind"] = kind
    days["amount"] = d.abs()

    # 6. monthly totals over [first, last]
    start = days[days["date"] < first].groupby("customer_id", sort=False)["after"].last().sum()
    inside = days[(days["date"] >= first) & (days["date"] <= last) & (days["kind"] != "none")]
    table = inside.pivot_table(index=inside["date"].dt.to_period("M"), columns="kind", values="amount", aggfunc="sum", fill_value=0)
    months = pd.period_range(first, last, freq="M")
    table = table.reindex(months, fill_value=0)
    for k in ["new", "expansion", "contraction", "churn", "reactivation"]:
        if k not in table:
            table[k] = 0
    net = table["new"] + table["expansion"] + table["reactivation"] - table["contraction"] - table["churn"]
    table["mrr_end"] = int(start) + net.cumsum()
    return int(start), table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=".")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--from", dest="first", default="2024-01")
    ap.add_argument("--to", dest="last", default="2026-12")
    a = ap.parse_args()
    contracts, lines, pauses = load(a.data)
    first = pd.Period(a.first, freq="M").start_time
    last = pd.Period(a.last, freq="M").end_time.normalize()
    times = []
    for _ in range(a.runs):
        t = time.perf_counter()
        start, table = compute(contracts, lines, pauses, first, last)
        times.append((time.perf_counter() - t) * 1e3)
    months = [{"month": str(m), "mrr_end": int(r["mrr_end"]), "new": int(r["new"]), "expansion": int(r["expansion"]),
               "contraction": int(r["contraction"]), "churn": int(r["churn"]), "reactivation": int(r["reactivation"])}
              for m, r in table.iterrows()]
    print(json.dumps({"implementation": f"pandas {pd.__version__}", "contracts": len(contracts), "runs_ms": [f"{t:.3f}" for t in times],
                      "median_ms": f"{sorted(times)[len(times) // 2]:.3f}", "mrr_start": start, "months": months}))


if __name__ == "__main__":
    main()
