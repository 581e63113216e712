"""Forecasts: the seasonal-naive baseline, exponential smoothing's interval around its mean (a seasonal model
once two years exist), monthly counts from the records, the deadlines likely missed per unit from the unit's
own share of late ones (the office's when it has too few), and the dashboard's forecast with its CSV."""

import math
from datetime import date, timedelta

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from chancery.casework.models import LegalClock
from chancery.core.tests.factories import signed_in
from chancery.documents.tests.factories import make_office
from chancery.legislation.models import DraftLaw
from chancery.programme import forecast


def test_the_seasonal_naive_baseline():
    history = list(range(1, 25))
    assert forecast.seasonal_naive(history, 3) == [13.0, 14.0, 15.0]
    assert forecast.seasonal_naive([5, 7], 2) == [7.0, 7.0]
    assert forecast.seasonal_naive([], 1) == [0.0]


def test_smoothing_learns_a_season_and_gives_an_interval():
    season = [90, 60, 105, 105, 115, 105, 100, 95, 100, 115, 110, 100]
    history = [v * (1 + 0.05 * year) for year in range(3) for v in season]
    mean, low, high, method = forecast.smooth(history, 3)
    assert "mùa vụ" in method
    for m, lo, hi in zip(mean, low, high, strict=True):
        assert lo <= m <= hi
    # January, February, March of the fourth year keep the season's shape
    assert mean[1] < mean[0] < mean[2]
    short_mean, *_rest, short_method = forecast.smooth([100.0] * 8, 2)
    assert "xu hướng" in short_method and all(math.isclose(v, 100, rel_tol=0.05) for v in short_mean)


def test_the_interval_widens_to_the_models_own_errors_on_months_it_did_not_see(monkeypatch):
    # three quiet years, then the last half-year swings: the fitted model's simulated band is narrower
    # than what it actually missed by on those months; the interval takes the wider one
    season = [90, 60, 105, 105, 115, 105, 100, 95, 100, 115, 110, 100]
    history = [float(v) for _year in range(3) for v in season]
    history[-6:] = [v * f for v, f in zip(history[-6:], (1.3, 0.7, 1.35, 0.75, 1.3, 0.7), strict=True)]
    mean, low, high, _method = forecast.smooth(history, 3)
    monkeypatch.setattr(forecast, "_held_out_errors", lambda values, horizon: [])
    sim_mean, sim_low, sim_high, _m = forecast.smooth(history, 3)
    assert mean == sim_mean
    for lo, hi, slo, shi in zip(low, high, sim_low, sim_high, strict=True):
        assert lo <= slo and hi >= shi
    assert sum(h - lo for lo, h in zip(low, high, strict=True)) > 1.2 * sum(
        h - lo for lo, h in zip(sim_low, sim_high, strict=True)
    )


def test_too_short_a_history_holds_nothing_out():
    assert len(forecast._held_out_errors(np.arange(1.0, 29.0), 3)) == 0  # seasonal needs 24+6
    assert len(forecast._held_out_errors(np.arange(1.0, 31.0), 3)) == 15


def test_months_before_and_after():
    assert forecast.months_before(date(2026, 2, 15), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


@pytest.mark.django_db
def test_deadlines_likely_missed_read_each_units_record():
    office = make_office()
    today = timezone.localdate()

    def draft(unit, **clock):
        record = DraftLaw.objects.create(
            owning_unit=unit, title="Dự án", sender_name="Bộ", received_on=today, comments_due_on=today
        )
        LegalClock.objects.create(
            object_type="legislation.draftlaw",
            object_id=record.pk,
            kind="comments",
            label="x",
            unit="calendar",
            days=10,
            started_on=today - timedelta(days=30),
            **clock,
        )

    for i in range(20):  # Vụ Pháp luật: 5 of 20 ended late last year
        late = i < 5
        draft(
            office.legal,
            due_on=today - timedelta(days=20),
            stopped_on=today - timedelta(days=10 if late else 25),
        )
    for _ in range(8):
        draft(office.legal, due_on=today + timedelta(days=5))
    for _ in range(4):  # Vụ Tổng hợp: too few ended to judge, the office's share
        draft(office.general, due_on=today + timedelta(days=60))
    risks = {r.unit: r for r in forecast.deadlines_at_risk(today)}
    assert risks[office.legal].due == 8 and math.isclose(risks[office.legal].expected, 2.0)
    assert risks[office.legal].low <= 2 <= risks[office.legal].high
    assert risks[office.general].due == 4 and math.isclose(risks[office.general].rate, 0.25)


@pytest.mark.django_db
def test_the_dashboard_shows_the_forecast_and_its_csv():
    office = make_office()
    client = signed_in(office.head)
    from django.core.cache import cache

    cache.clear()
    page = client.get(reverse("programme:dashboard")).content.decode()
    # issue 26: the page comes at once; the forecast, seconds of model fitting, is loaded after it
    assert 'data-testid="forecast-loading"' in page and "Tổng số" not in page
    assert reverse("programme:dashboard_forecast") in page
    section = client.get(reverse("programme:dashboard_forecast")).content.decode()
    assert 'data-testid="forecast"' in section and "Tổng số" in section
    again = client.get(reverse("programme:dashboard")).content.decode()
    assert 'data-testid="forecast"' in again and "Tổng số" in again  # computed within the hour: in the page
    text = client.get(reverse("programme:dashboard_csv", args=["forecast"])).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Chỉ tiêu,Tháng,Dự báo")
