"""Forecasts for the leadership: the next months' petition intake (in total, by field, by province), the
backlog of records with a legal time limit running, and the time limits likely to be missed per unit, each
with an interval.

Intake and backlog: exponential smoothing from statsmodels (Holt-Winters with an additive seasonal part of 12
months once two years of history exist, damped trend before that), the interval read from 500 simulated
paths of the fitted model (the 10th and 90th percentiles), widened where the model's errors on the last
months held out from its fit were wider (see `smooth`). The baseline every figure is measured against is
the seasonal-naive forecast (the same month a year before; the last month when there is no year before).
bench/forecast.py back-tests both on the demo history and prints their errors.

Deadlines likely missed: each running clock due in the horizon counts with the share of its unit's clocks
that ended past their due date over the last year (at least 1 in 20 observed, else the office's share); the
sum is the expected number, with a normal-approximation interval of the sum of those Bernoulli trials."""

from __future__ import annotations

import hashlib
import math
import warnings
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth

from chancery.casework.models import LegalClock
from chancery.core.models import Unit

SEASON = 12
LOW, HIGH = 10, 90
CALIBRATION = 6  # months held out to measure the model's own error


@dataclass(frozen=True)
class Forecast:
    months: list[date]
    mean: list[float]
    low: list[float]
    high: list[float]
    method: str


def months_before(end: date, count: int) -> list[date]:
    """The first days of the `count` months ending with the month of `end`, oldest first."""
    year, month = end.year, end.month
    out = []
    for _ in range(count):
        out.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def _next_months(last: date, count: int) -> list[date]:
    out, year, month = [], last.year, last.month
    for _ in range(count):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        out.append(date(year, month, 1))
    return out


def monthly(
    queryset: QuerySet[Any], field: str, months: list[date], group: str | None = None
) -> dict[Any, list[int]]:
    """Counts per month over `months` (first days), per value of `group` (or under None)."""
    end = _next_months(months[-1], 1)[0]
    rows = (
        queryset.filter(**{f"{field}__gte": months[0], f"{field}__lt": end})
        .annotate(m=TruncMonth(field))
        .values_list(*(["m", group] if group else ["m"]))
        .annotate(n=Count("pk"))
    )
    index = {m: i for i, m in enumerate(months)}
    out: dict[Any, list[int]] = defaultdict(lambda: [0] * len(months))
    for row in rows:
        month, key, n = (row[0], row[1], row[2]) if group else (row[0], None, row[1])
        month = month.date() if hasattr(month, "hour") else month
        if month in index:
            out[key][index[month]] += n
    return dict(out)


def seasonal_naive(history: Sequence[float], horizon: int) -> list[float]:
    if len(history) >= SEASON:
        return [float(history[len(history) - SEASON + (h % SEASON)]) for h in range(horizon)]
    return [float(history[-1]) if history else 0.0] * horizon


def _fit(values: Any, horizon: int, seed: int) -> tuple[Any, Any, bool]:
    """The fitted model's mean forecast and its simulated paths (horizon x 500)."""
    import numpy as np
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    seasonal = len(values) >= 2 * SEASON
    # The optimiser's convergence notes on short series, and the information criteria of a series the
    # model fits exactly (log of a zero error), are not the forecast's business.
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        fit = ExponentialSmoothing(
            values,
            trend="add",
            damped_trend=True,
            seasonal="add" if seasonal else None,
            seasonal_periods=SEASON if seasonal else None,
            initialization_method="estimated",
        ).fit()
        mean = np.maximum(fit.forecast(horizon), 0)
        paths = fit.simulate(horizon, repetitions=500, error="add", random_state=seed) if seed >= 0 else None
    return mean, paths, seasonal


def _held_out_errors(values: Any, horizon: int) -> Any:
    """The model's own errors on the last CALIBRATION months it did not see: from each of those origins,
    refitted on the months before it, each error divided by the square root of its horizon (the spread of
    a forecast grows about so), pooled. Empty when the history is too short to spare them without
    changing the model's kind."""
    import numpy as np
    from django.core.cache import cache

    need = 2 * SEASON if len(values) >= 2 * SEASON else 4
    if len(values) - CALIBRATION < need:
        return np.asarray([])
    # The months behind a series change once a month: the refits are kept for a month under the series.
    key = "forecast-held-out-" + hashlib.sha256(values.tobytes() + bytes([horizon, CALIBRATION])).hexdigest()
    found = cache.get(key)
    if found is None:
        found = []
        for origin in range(len(values) - CALIBRATION, len(values)):
            steps = min(horizon, len(values) - origin)
            mean, _paths, _seasonal = _fit(values[:origin], steps, -1)
            scaled = (values[origin : origin + steps] - mean) / np.sqrt(np.arange(1, steps + 1))
            found.extend(scaled.tolist())
        cache.set(key, found, 31 * 24 * 3600)
    return np.asarray(found)


def smooth(
    history: list[float], horizon: int, *, seed: int = 2013
) -> tuple[list[float], list[float], list[float], str]:
    """The mean and the 10-90% interval of an exponential-smoothing forecast.

    The interval is the wider of two: the 10th-90th percentiles of 500 paths simulated from the fitted
    model (which trusts the model's own form and parameters), and the mean plus the 10th-90th percentiles
    of the model's errors on the months it was not fitted on (which does not: a small or shifting series
    is harder to forecast than its fit suggests)."""
    import numpy as np

    values = np.asarray(history, dtype=float)
    if len(values) < 4 or not values.any():
        flat = seasonal_naive(history, horizon)
        return flat, flat, flat, "cùng kỳ năm trước (chưa đủ số liệu để làm trơn)"
    mean, paths, seasonal = _fit(values, horizon, seed)
    paths = np.maximum(np.asarray(paths).reshape(horizon, -1), 0)
    low = np.percentile(paths, LOW, axis=1)
    high = np.percentile(paths, HIGH, axis=1)
    errors = _held_out_errors(values, horizon)
    if len(errors) >= CALIBRATION:
        scale = np.sqrt(np.arange(1, horizon + 1))
        low = np.minimum(low, np.maximum(mean + np.percentile(errors, LOW) * scale, 0))
        high = np.maximum(high, mean + np.percentile(errors, HIGH) * scale)
    # the method as a reader of the dashboard understands it (Holt-Winters, or Holt with a damped trend)
    method = "làm trơn hàm mũ, có mùa vụ 12 tháng" if seasonal else "làm trơn hàm mũ, xu hướng chậm dần"
    return mean.tolist(), low.tolist(), high.tolist(), method


def forecast_series(history: list[int], months: list[date], horizon: int) -> Forecast:
    """The forecast of a monthly series, from its first month with records (the months before the records
    began are not months of nothing)."""
    first = next((i for i, v in enumerate(history) if v), len(history) - 1)
    mean, low, high, method = smooth([float(v) for v in history[first:]], horizon)
    return Forecast(_next_months(months[-1], horizon), mean, low, high, method)


def intake(today: date, *, history_months: int = 36, horizon: int = 3, top: int = 5) -> dict[str, Any]:
    """The petitions to expect in the next `horizon` months: in total, by field and by province (the `top`
    of each by volume over the last year)."""
    from chancery.core.provinces import province_name
    from chancery.petitions.models import Field, Petition

    last_full = date(today.year, today.month, 1) - timedelta(days=1)
    months = months_before(last_full, history_months)
    petitions = Petition.objects.all()
    total = monthly(petitions, "received_on", months).get(None, [0] * len(months))

    def grouped(field: str, label: Any) -> list[tuple[str, Forecast]]:
        series = monthly(petitions, "received_on", months, group=field)
        ranked = sorted(series.items(), key=lambda kv: -sum(kv[1][-SEASON:]))[:top]
        return [
            (label(key), forecast_series(values, months, horizon))
            for key, values in ranked
            if key is not None
        ]

    fields = dict(Field.choices)
    return {
        "history": months,
        "total": forecast_series(total, months, horizon),
        "by_field": grouped("field", lambda k: str(fields.get(k, k))),
        "by_province": grouped("province_code", lambda k: province_name(k) or str(k)),
    }


def backlog_series(months: list[date], object_types: list[str]) -> list[int]:
    """Records with a clock running at the end of each month (started by then, not stopped by then)."""
    clocks = LegalClock.objects.filter(object_type__in=object_types)
    out = []
    for month in months:
        end = _next_months(month, 1)[0] - timedelta(days=1)
        running = clocks.filter(started_on__lte=end).exclude(stopped_on__lte=end)
        out.append(running.values("object_type", "object_id").distinct().count())
    return out


def backlog(today: date, *, history_months: int = 24, horizon: int = 3) -> Forecast:
    from .dashboard import MODULES

    last_full = date(today.year, today.month, 1) - timedelta(days=1)
    months = months_before(last_full, history_months)
    return forecast_series(backlog_series(months, list(MODULES)), months, horizon)


@dataclass(frozen=True)
class MissRisk:
    unit: Unit
    due: int
    expected: float
    low: int
    high: int
    rate: float


def deadlines_at_risk(today: date, *, horizon_days: int = 90) -> list[MissRisk]:
    """Per unit: the running time limits due within the horizon and how many are likely to be missed."""
    from .dashboard import MODULES

    year_ago = today - timedelta(days=365)
    ended = LegalClock.objects.filter(object_type__in=MODULES, stopped_on__gte=year_ago, due_on__isnull=False)
    owners = _owners(ended.values_list("object_type", "object_id"))
    seen: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    late_ids = set(ended.filter(stopped_on__gt=F("due_on")).values_list("object_type", "object_id"))
    for key, unit_id in owners.items():
        seen[unit_id][0] += 1
        seen[unit_id][1] += key in late_ids
    office_rate = sum(s[1] for s in seen.values()) / max(1, sum(s[0] for s in seen.values()))
    running = LegalClock.objects.filter(
        object_type__in=MODULES,
        stopped_on__isnull=True,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=horizon_days),
    )
    due_owners = _owners(running.values_list("object_type", "object_id"))
    due: dict[int, int] = defaultdict(int)
    for unit_id in due_owners.values():
        due[unit_id] += 1
    units = Unit.objects.in_bulk(list(due))
    out = []
    for unit_id, count in due.items():
        total, late = seen.get(unit_id, [0, 0])
        rate = late / total if total >= 20 else office_rate
        expected = count * rate
        spread = 1.2816 * math.sqrt(count * rate * (1 - rate))  # the 10-90% band of a normal approximation
        out.append(
            MissRisk(
                units[unit_id],
                count,
                expected,
                max(0, math.floor(expected - spread)),
                math.ceil(expected + spread),
                rate,
            )
        )
    return sorted(out, key=lambda r: -r.expected)


def _owners(pairs: Any) -> dict[tuple[str, int], int]:
    by_type: dict[str, list[int]] = defaultdict(list)
    for object_type, object_id in pairs:
        by_type[object_type].append(object_id)
    owners: dict[tuple[str, int], int] = {}
    for object_type, ids in by_type.items():
        model = apps.get_model(object_type)
        for start in range(0, len(ids), 5000):
            for pk, unit_id in model._default_manager.filter(pk__in=ids[start : start + 5000]).values_list(
                "pk", "owning_unit_id"
            ):
                owners[(object_type, pk)] = unit_id
    return owners
