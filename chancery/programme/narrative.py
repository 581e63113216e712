"""The first words of a report, from its figures, for the leadership to rewrite: a sentence per section saying
what the period had and what fell short."""

from __future__ import annotations

from datetime import date
from typing import Any

from chancery.core.text import grouped

from . import figures
from .models import Report


def first_narrative(kind: str, start: date, end: date, data: dict[str, Any]) -> dict[str, str]:
    """A first sentence per section, from the figures, for the leadership to rewrite: what the period
    had (a count of none is left out, as a person writing it would), and what fell short."""
    values = figures.values_of(data["areas"])
    period = f"năm {start.year}" if kind == Report.YEARLY else f"tháng {start.month}/{start.year}"

    def said(*parts: tuple[str, str]) -> list[str]:
        return [text.format(grouped(values[key])) for key, text in parts if values.get(key)]

    promulgated = said(("laws_promulgated", "{} luật"), ("ordinances_promulgated", "{} pháp lệnh"))
    results = said(
        ("petitions_received", "tiếp nhận {} đơn thư"),
        ("honours_nominated", "thẩm định {} hồ sơ khen thưởng"),
        ("amnesty_granted", "{} người được đặc xá"),
    )
    if promulgated:
        results.append("công bố " + ", ".join(promulgated))
    results += said(
        ("events_state_visit", "đón {} đoàn cấp Nhà nước"),
        ("events_delegation", "tiếp {} đoàn khách quốc tế"),
    )
    late = said(
        ("tasks_late", "{} nhiệm vụ hoàn thành chậm"),
        ("tasks_carried", "{} nhiệm vụ chuyển sang kỳ sau"),
        ("tasks_open", "{} nhiệm vụ đến hạn chưa hoàn thành"),
    )
    return {
        "overview": f"Trong {period}, Văn phòng Chủ tịch nước đã tham mưu, phục vụ Chủ tịch nước, "
        "Phó Chủ tịch nước thực hiện các nhiệm vụ theo Hiến pháp và pháp luật; các số liệu dưới đây lấy "
        "từ hồ sơ của Văn phòng.",
        "results": _sentence(results) or "Trong kỳ chưa có số liệu từ hồ sơ.",
        "shortcomings": _sentence(late)
        or (
            "Các nhiệm vụ trọng tâm đến hạn trong kỳ đều hoàn thành đúng hạn."
            if values.get("tasks_due")
            else ""
        ),
        "next": "",
    }


def _sentence(clauses: list[str]) -> str:
    """Clauses joined the Vietnamese way, the first letter capitalised, a full stop at the end."""
    if not clauses:
        return ""
    text = "; ".join(clauses)
    return text[0].upper() + text[1:] + "."
