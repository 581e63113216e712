"""The figures of a campaign for its page and the Office's reports: prisoners proposed, appraised and
amnestied, by facility, offence group (the chapter of the Criminal Code), sentence band and special case."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext, gettext_lazy

from . import rules
from .models import Campaign, Decided, Proposal

# Bộ luật Hình sự 2015, Phần thứ hai: the chapters by their first and last article.
CHAPTERS = [
    (108, 122, "Xâm phạm an ninh quốc gia"),
    (123, 156, "Xâm phạm tính mạng, sức khỏe, nhân phẩm, danh dự"),
    (157, 167, "Xâm phạm quyền tự do của con người"),
    (168, 180, "Xâm phạm sở hữu"),
    (181, 186, "Xâm phạm chế độ hôn nhân và gia đình"),
    (187, 234, "Xâm phạm trật tự quản lý kinh tế"),
    (235, 246, "Tội phạm về môi trường"),
    (247, 259, "Tội phạm về ma túy"),
    (260, 329, "Xâm phạm an toàn công cộng, trật tự công cộng"),
    (330, 351, "Xâm phạm trật tự quản lý hành chính"),
    (352, 366, "Tội phạm về chức vụ"),
    (367, 391, "Xâm phạm hoạt động tư pháp"),
    (392, 420, "Xâm phạm nghĩa vụ, trách nhiệm của quân nhân"),
    (421, 428, "Phá hoại hòa bình, chống loài người, tội phạm chiến tranh"),
]
BANDS = [
    (0, 0, gettext_lazy("Life imprisonment (amnesty in a special case)")),  # no term in months: Điều 22 only
    (1, 36, gettext_lazy("Up to 3 years")),
    (37, 84, gettext_lazy("Over 3 and up to 7 years")),
    (85, 180, gettext_lazy("Over 7 and up to 15 years")),
    (181, 10_000, gettext_lazy("Over 15 years")),
]


def chapter_of(articles: str) -> str:
    """The chapter of the first article of a conviction ("251.4, 173" -> drugs)."""
    first = (articles.split(",")[0].split(".")[0] or "0").strip()
    number = int(first) if first.isdigit() else 0
    return next((label for low, high, label in CHAPTERS if low <= number <= high), gettext("Other"))


def band_of(term_months: int) -> str:
    return str(next(label for low, high, label in BANDS if low <= term_months <= high))


@dataclass(frozen=True)
class Figures:
    proposed: int
    outcomes: dict[str, int]
    granted: int
    by_facility: list[tuple[str, int, int]]  # facility, proposed, granted
    by_chapter: list[tuple[str, int]]
    by_band: list[tuple[str, int]]
    by_special: list[tuple[str, int]]


def figures(campaign: Campaign) -> Figures:
    proposals = Proposal.objects.filter(campaign=campaign)
    outcomes = dict(proposals.values_list("outcome").annotate(n=Count("pk")).order_by())
    granted = proposals.filter(decided=Decided.GRANTED)
    facility_rows = (
        proposals.values_list("plist__facility__name")
        .annotate(n=Count("pk"))
        .order_by("plist__facility__name")
    )
    granted_by = dict(granted.values_list("plist__facility__name").annotate(n=Count("pk")).order_by())
    chapters: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    for articles, term, n in (
        proposals.values_list("articles", "term_months").annotate(n=Count("pk")).order_by()
    ):
        chapters[chapter_of(articles)] += n
        bands[band_of(term)] += n
    specials: Counter[str] = Counter()
    for special, n in proposals.exclude(special="").values_list("special").annotate(n=Count("pk")).order_by():
        for code in special.split(", "):
            specials[rules.SPECIAL_CASES.get(code, code)] += n
    return Figures(
        proposed=sum(outcomes.values()),
        outcomes=outcomes,
        granted=granted.count(),
        by_facility=[(name, n, granted_by.get(name, 0)) for name, n in facility_rows],
        by_chapter=chapters.most_common(),
        by_band=[(str(label), bands[str(label)]) for _low, _high, label in BANDS if bands[str(label)]],
        by_special=specials.most_common(),
    )
