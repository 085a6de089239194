"""The risk engine's model vectorised in numpy, for bench/risk.ts to compare speeds on the same inputs.

Same model as src/risk/simulate.ts (see docs/risk-model.md): per simulated year a Poisson number of
events over all sources, each event's source drawn in proportion to its rate (a wallet's own breach,
or a shared-cause group hitting each member with a fixed probability), drained fraction (fixed,
Beta, or a full compromise), withdrawal-limit cap unless bypassed, joint bootstrap of daily
log-returns over the replenishment horizon, losses in whole minor units, then each policy's
deductible, co-insurance, occurrence limit and annual aggregate in event order. Its random
streams are numpy's own, so results agree with hozen's in distribution, not digit for digit.

    /usr/bin/python3 bench/risk_numpy.py input.json output.json
"""

import json
import sys
import time

import numpy as np

CHUNK_YEARS = 100_000
LEVELS = ("0.99", "0.995", "0.999")
# Best of two, like bench/risk.ts: the machine may be shared.
ROUNDS = 2
RETURN_PERIODS = (2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)


def half_up(x):
    """Math.round in JavaScript: halves go up."""
    return np.floor(x + 0.5)


def simulate(m):
    rng = np.random.default_rng(m["seed"])
    years = m["years"]
    value = np.array(m["wallet_value"], dtype=float)
    cap = np.array([np.inf if c is None else c for c in m["wallet_cap"]], dtype=float)
    column = np.array(m["wallet_column"], dtype=np.int64)
    fixed = np.array(m["wallet_severity_fixed"], dtype=bool)
    sev_a = np.array(m["wallet_severity_a"], dtype=float)
    sev_b = np.array(m["wallet_severity_b"], dtype=float)
    full_p = np.array(m["wallet_full_probability"], dtype=float)
    rates = np.array(m["source_rate"], dtype=float)
    wallets = len(value)
    groups = m["groups"]
    total_rate = rates.sum()
    source_p = rates / total_rate
    width = max((len(g) for g in groups), default=1)
    members = -np.ones((max(len(groups), 1), width), dtype=np.int64)
    for g, group in enumerate(groups):
        members[g, : len(group)] = group
    q_hit = m["member_hit_probability"]
    bypass = np.array([m["limit_bypass_probability"], m["limit_bypass_probability_common"]])
    prices = m["prices"]
    horizon = prices["horizon_days"]
    columns = prices["columns"]
    days = prices["days"]
    returns = np.array(prices["returns"], dtype=float).reshape(days, columns) if prices["mode"] == "bootstrap" else None
    policies = [
        dict(
            in_scope=np.array(p["in_scope"], dtype=bool),
            deductible=float(p["deductible"]),
            share=1.0 - p["insurer_share"][0] / p["insurer_share"][1],
            occurrence_limit=np.inf if p["occurrence_limit"] is None else float(p["occurrence_limit"]),
            aggregate_limit=np.inf if p["aggregate_limit"] is None else float(p["aggregate_limit"]),
        )
        for p in m["policies"]
    ]

    aggregate_gross = np.empty(years)
    aggregate_net = np.empty(years)
    occurrence_max_gross = np.zeros(years)
    occurrence_max_net = np.zeros(years)
    wallet_loss = np.zeros(wallets)

    for start in range(0, years, CHUNK_YEARS):
        n = min(CHUNK_YEARS, years - start)
        counts = rng.poisson(total_rate, n)
        events = int(counts.sum())
        event_year = np.repeat(np.arange(n), counts)
        source = rng.choice(len(rates), size=events, p=source_p)
        own = source < wallets
        own_events = np.nonzero(own)[0]
        group_events = np.nonzero(~own)[0]
        group_members = members[source[group_events] - wallets]
        hit = (group_members >= 0) & (rng.random(group_members.shape) < q_hit)
        rows, cols = np.nonzero(hit)
        hit_event = np.concatenate([own_events, group_events[rows]])
        hit_wallet = np.concatenate([source[own_events], group_members[rows, cols]])
        hit_common = np.concatenate([np.zeros(len(own_events), dtype=np.int64), np.ones(len(rows), dtype=np.int64)])
        order = np.argsort(hit_event, kind="stable")
        hit_event, hit_wallet, hit_common = hit_event[order], hit_wallet[order], hit_common[order]
        hits = len(hit_event)

        full = rng.random(hits) < full_p[hit_wallet]
        fraction = np.where(fixed[hit_wallet], sev_a[hit_wallet], 0.0)
        drawn = ~fixed[hit_wallet] & ~full
        fraction[drawn] = rng.beta(sev_a[hit_wallet[drawn]], sev_b[hit_wallet[drawn]])
        fraction[full] = 1.0
        lost = fraction * value[hit_wallet]
        limit = cap[hit_wallet]
        binds = (lost > limit) & ~full & (rng.random(hits) >= bypass[hit_common])
        lost = np.where(binds, limit, lost)

        factor = np.ones(hits)
        moving = column[hit_wallet] >= 0
        if returns is not None and horizon > 0:
            picked = rng.integers(0, days, size=(events, horizon))
            log_moves = np.stack([returns[picked, c].sum(axis=1) for c in range(columns)], axis=1)
            factor[moving] = np.exp(log_moves[hit_event[moving], column[hit_wallet[moving]]])
        elif prices["mode"] == "fallback":
            raise SystemExit("the bench uses bootstrapped prices")
        loss = half_up(lost * factor)

        event_gross = np.bincount(hit_event, loss, minlength=events)
        recovery = np.zeros(events)
        first_event_of_year = np.concatenate([[0], np.cumsum(counts)[:-1]])
        for policy in policies:
            covered = policy["in_scope"][hit_common, hit_wallet]
            counted = np.bincount(hit_event, loss * covered, minlength=events)
            above = np.maximum(counted - policy["deductible"], 0.0)
            paid = np.minimum(np.floor(above * policy["share"]), policy["occurrence_limit"])
            if np.isfinite(policy["aggregate_limit"]) and events > 0:
                running = np.cumsum(paid)
                year_base = (running - paid)[first_event_of_year[event_year]]
                to_date = running - year_base
                paid = np.minimum(to_date, policy["aggregate_limit"]) - np.minimum(to_date - paid, policy["aggregate_limit"])
            recovery += paid
        event_net = event_gross - recovery

        aggregate_gross[start : start + n] = np.bincount(event_year, event_gross, minlength=n)
        aggregate_net[start : start + n] = np.bincount(event_year, event_net, minlength=n)
        np.maximum.at(occurrence_max_gross[start : start + n], event_year, event_gross)
        np.maximum.at(occurrence_max_net[start : start + n], event_year, event_net)
        wallet_loss += np.bincount(hit_wallet, loss, minlength=wallets)

    return aggregate_gross, aggregate_net, occurrence_max_gross, occurrence_max_net, wallet_loss / years


def var_tvar(sorted_losses, p):
    n = len(sorted_losses)
    k = max(1, int(np.ceil(p * n - 1e-7)))
    tail = sorted_losses[k:].sum() + max(0.0, k - p * n) * sorted_losses[k - 1]
    return float(sorted_losses[k - 1]), float(tail / ((1 - p) * n))


def main(input_path, output_path):
    with open(input_path) as f:
        model = json.load(f)
    best = None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = run(model)
        seconds = time.perf_counter() - started
        if best is None or seconds < best["seconds"]:
            best = dict(result, seconds=seconds)
    with open(output_path, "w") as f:
        json.dump(best, f)


def run(model):
    gross, net, occ_gross, occ_net, wallet_el = simulate(model)
    gross_sorted = np.sort(gross)
    net_sorted = np.sort(net)
    result = {"var": {}, "tvar": {}, "net_var": {}, "net_tvar": {}}
    # The OEP at the return periods hozen reports (a sort each, as hozen does).
    periods = [t for t in RETURN_PERIODS if 10 * t <= len(gross)]
    for name, values in (("oep", occ_gross), ("oep_net", occ_net)):
        ordered = np.sort(values)
        result[name] = {str(t): var_tvar(ordered, 1 - 1 / t)[0] for t in periods}
    for level in LEVELS:
        p = float(level)
        result["var"][level], result["tvar"][level] = var_tvar(gross_sorted, p)
        result["net_var"][level], result["net_tvar"][level] = var_tvar(net_sorted, p)
    result["expected_loss"] = float(gross.mean())
    result["expected_loss_net"] = float(net.mean())
    result["wallet_expected_loss_sum"] = float(wallet_el.sum())
    return result


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
