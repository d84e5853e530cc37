#!/usr/bin/env python3
"""Writes the dataset of the contracts benchmark, the same for both implementations:

- contracts.json: a facturier `ContractsInput` (schema/contracts-input.schema.json), read by
  core/examples/mrr_compare.rs;
- contracts.csv, lines.csv, pauses.csv: the same facts as tables, read by mrr_pandas.py.

Seeded (random.Random(SEED)): the same files every run. 40 000 customers; each contract has one
or two recurring lines (monthly 70 %, quarterly 10 %, annual 20 %), 12-month terms renewed
tacitly (80 %) or not, about nine amendments (a quantity, a price, a line added or removed),
a pause (5 %) and a termination (15 %).

    python generate.py --contracts 100000 --events 1000000 --out DIR
"""
import argparse
import csv
import datetime as dt
import json
import os
import random

ORIGIN = dt.date(2023, 1, 1)


def price(rng, months):
    return (1000 + rng.randrange(49000)) * months  # cents


def new_line(rng, line_id):
    months = [1] * 7 + [3] + [12] * 2
    m = months[rng.randrange(10)]
    return {"id": line_id, "quantity": 1 + rng.randrange(10), "price": price(rng, m), "months": m}


BILLING = {1: "monthly", 3: "quarterly", 12: "annual"}


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--contracts", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default=".")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    per_contract = a.events * 2 // a.contracts  # amendments: 0 ..= 2 × mean
    contracts, rows_contracts, rows_lines, rows_pauses = [], [], [], []
    events = 0
    for i in range(a.contracts):
        cid = f"C{i:06d}"
        customer = f"cust-{rng.randrange(40_000):05d}"
        start = ORIGIN + dt.timedelta(days=rng.randrange(1277))
        lines = [new_line(rng, "1")]
        if rng.randrange(10) < 3:
            lines.append(new_line(rng, "2"))
        tacit = rng.randrange(10) < 8
        for l in lines:
            rows_lines.append([cid, l["id"], start.isoformat(), "add", l["quantity"], l["price"], l["months"], 0])
        amendments, live, next_id, day = [], [l["id"] for l in lines], len(lines), start
        for k in range(rng.randrange(per_contract + 1)):
            day = day + dt.timedelta(days=1 + rng.randrange(120))
            r = rng.randrange(10)
            seq = k + 1
            if r == 0:
                next_id += 1
                l = new_line(rng, str(next_id))
                live.append(l["id"])
                change = {"add_line": {"id": l["id"], "description": "Service", "quantity": str(l["quantity"]),
                                       "unit_price": money(l["price"]), "vat_rate": "20", "billing": BILLING[l["months"]]}}
                rows_lines.append([cid, l["id"], day.isoformat(), "add", l["quantity"], l["price"], l["months"], seq])
            elif r == 1 and len(live) > 1:
                lid = live.pop(rng.randrange(len(live)))
                change = {"remove_line": {"line_id": lid}}
                rows_lines.append([cid, lid, day.isoformat(), "remove", "", "", "", seq])
            elif r <= 5:
                lid = live[rng.randrange(len(live))]
                q = rng.randrange(12)
                change = {"set_quantity": {"line_id": lid, "quantity": str(q)}}
                rows_lines.append([cid, lid, day.isoformat(), "quantity", q, "", "", seq])
            else:
                lid = live[rng.randrange(len(live))]
                p = 1000 + rng.randrange(49000)
                change = {"set_unit_price": {"line_id": lid, "unit_price": money(p)}}
                rows_lines.append([cid, lid, day.isoformat(), "price", "", p, "", seq])
            amendments.append({"number": seq, "effective": day.isoformat(), "changes": [change]})
        events += len(amendments)
        pauses = []
        if rng.randrange(20) == 0:
            frm = start + dt.timedelta(days=30 + rng.randrange(300))
            until = frm + dt.timedelta(days=10 + rng.randrange(90)) if rng.randrange(3) > 0 else None
            pauses.append({"from": frm.isoformat(), **({"until": until.isoformat()} if until else {})})
            rows_pauses.append([cid, frm.isoformat(), until.isoformat() if until else ""])
            events += 1
        termination = None
        if rng.randrange(100) < 15:
            eff = start + dt.timedelta(days=60 + rng.randrange(900))
            termination = {"notified_on": eff.isoformat(), "effective": eff.isoformat(), "reason": "price", "by": "mutual"}
            events += 1
        contract = {
            "id": cid, "customer_id": customer, "kind": "subscription", "start": start.isoformat(),
            "buyer": {"name": "Client", "address": {"line1": "1 rue", "postal_code": "69001", "city": "Lyon"}},
            "first_term": {"months": 12},
            "lines": [{"id": l["id"], "description": "Service", "quantity": str(l["quantity"]), "unit_price": money(l["price"]),
                       "vat_rate": "20", "billing": BILLING[l["months"]]} for l in lines],
            "renewal": {"tacit": tacit, "term": "same_as_first", "notice": {"months": 1}},
        }
        if amendments:
            contract["amendments"] = amendments
        if pauses:
            contract["pauses"] = pauses
        if termination:
            contract["termination"] = termination
        contracts.append(contract)
        rows_contracts.append([cid, customer, start.isoformat(), int(tacit), 12, termination["effective"] if termination else ""])
    with open(os.path.join(a.out, "contracts.json"), "w") as f:
        json.dump({"contracts": contracts}, f, separators=(",", ":"))
    for name, header, rows in [
        ("contracts.csv", ["contract_id", "customer_id", "start", "tacit", "term_months", "terminated_effective"], rows_contracts),
        ("lines.csv", ["contract_id", "line_id", "date", "event", "quantity", "price_cents", "months", "seq"], rows_lines),
        ("pauses.csv", ["contract_id", "from", "until"], rows_pauses),
    ]:
        with open(os.path.join(a.out, name), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
    print(json.dumps({"contracts": len(contracts), "events": events, "line_events": len(rows_lines)}))


if __name__ == "__main__":
    main()
