"""The forecast of petition intake, back-tested on the demo history against the seasonal-naive baseline.

The history: four demo years of petitions (2010-2013, growing towards the 11,670 of 2013, each year with the
demo's season — fewer letters around Tết, more in the National Assembly's months — and its own variation),
seeded once into the bench database. The back-test: from each of the last 12 months as the origin, the model
(chancery.programme.forecast.smooth: exponential smoothing from statsmodels) and the baseline (the same month
a year before) forecast the next 1-3 months from the months before the origin only; their mean absolute
error and mean absolute percentage error are printed, with the ratio baseline/model, and how often the
model's 10-90% interval held the month's actual count. For the total and for the three largest fields.

`python -m bench --only forecast` (the scale argument is not used: the years are the demo's).
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from chancery.petitions import demo as petitions_demo
from chancery.petitions.models import Field, Petition
from chancery.programme import forecast

YEARS = {2010: 10_300, 2011: 10_800, 2012: 11_200, 2013: 11_670}
HORIZON = 3
ORIGINS = 12


def _seed() -> None:
    from chancery.core.demo import load_demo

    load_demo()
    for year, count in YEARS.items():
        have = Petition.objects.filter(received_on__year=year).count()
        if have >= count:
            continue
        started = time.perf_counter()
        petitions_demo.load(count - have, year=year, seed=year, searchable=False)
        print(f"   seeded {count - have:,} petitions of {year} in {time.perf_counter() - started:.0f} s")


def _errors(series: list[int], months: list[date]) -> dict[str, Any]:
    model_abs, base_abs, model_pct, base_pct, inside, n = 0.0, 0.0, 0.0, 0.0, 0, 0
    for origin in range(len(series) - ORIGINS, len(series)):
        history = [float(v) for v in series[:origin]]
        mean, low, high, _method = forecast.smooth(history, HORIZON)
        base = forecast.seasonal_naive(history, HORIZON)
        for h in range(HORIZON):
            if origin + h >= len(series):
                break
            actual = series[origin + h]
            model_abs += abs(mean[h] - actual)
            base_abs += abs(base[h] - actual)
            model_pct += abs(mean[h] - actual) / max(actual, 1)
            base_pct += abs(base[h] - actual) / max(actual, 1)
            inside += low[h] <= actual <= high[h]
            n += 1
    return {
        "model_mae": model_abs / n,
        "base_mae": base_abs / n,
        "model_mape": 100 * model_pct / n,
        "base_mape": 100 * base_pct / n,
        "coverage": 100 * inside / n,
        "n": n,
    }


def _print(label: str, e: dict[str, Any]) -> None:
    ratio = e["base_mae"] / e["model_mae"] if e["model_mae"] else float("inf")
    print(f"   {label}")
    print(f"     exponential smoothing   MAE {e['model_mae']:8.1f}   MAPE {e['model_mape']:5.1f}%")
    print(f"     seasonal naive          MAE {e['base_mae']:8.1f}   MAPE {e['base_mape']:5.1f}%")
    print(
        f"     ratio (baseline MAE / model MAE): {ratio:5.2f}x   "
        f"10-90% interval held the actual in {e['coverage']:.0f}% of {e['n']} forecasts"
    )


def run(scale: int, requests: int) -> None:
    _seed()
    months = forecast.months_before(date(2013, 12, 31), 48)
    started = time.perf_counter()
    total = forecast.monthly(Petition.objects.all(), "received_on", months).get(None, [0] * len(months))
    _print(
        f"petitions received per month, total ({sum(total):,} in {len(months)} months)",
        _errors(total, months),
    )
    by_field = forecast.monthly(Petition.objects.all(), "received_on", months, group="field")
    names = dict(Field.choices)
    for key, series in sorted(by_field.items(), key=lambda kv: -sum(kv[1]))[:3]:
        _print(f"field: {names.get(key, key)}", _errors(series, months))
    print(f"   back-test: {time.perf_counter() - started:.1f} s")
