"""Amnesty rules, the criteria (Luật Đặc xá 2018, Điều 10-12 and 22) and the appraisal of a proposal."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from chancery.amnesty.rules.base import (
    CIVIL_NOT_DONE,
    CIVIL_STATES,
    FIXED,
    KINDS,
    LAW,
    LAW_IN_FORCE,
    LIFE_COMMUTED,
    REDUCTION_RULES,
    REDUCTIONS_ADDED,
    SPECIAL_CASES,
    SPECIAL_ONLY_KINDS,
    Terms,
    _day,
    _fmt,
    _span,
    add_months,
    covers,
    fraction_text,
    part_of_term,
    reached_on,
    served_months,
    special_cases_of,
)
from chancery.appraisal.engine import (
    Criterion,
    Facts,
    Parameter,
    Params,
    Result,
    RuleSet,
    failed,
    passed,
    review,
)
from chancery.core.text import excerpt, fold

# --- the criteria -------------------------------------------------------------------------------------------


def _kind(facts: Facts, params: Params) -> Result:
    """Luật Đặc xá 2018, Điều 10 and the decision: who the amnesty is for; a postponed sentence or a life
    sentence not commuted only in an amnesty in a special case (Điều 22)."""
    terms: Terms = params["terms"]
    kind = facts.get("kind") or FIXED
    if kind in SPECIAL_ONLY_KINDS and not terms.special_amnesty:
        return failed(
            f"{KINDS[kind]}: chỉ được đặc xá trong trường hợp đặc biệt ({LAW}, Điều 22).", kind=kind
        )
    if kind not in terms.kinds:
        return failed(f"Đợt đặc xá này không xét {KINDS.get(kind, kind).lower()}.")
    return passed(KINDS[kind] + ".")


@dataclass(frozen=True)
class Account:
    """A sentence at the reference date, in days: served (detained and served, from `start` less the
    pre-trial days), the reductions, and what remains; served + reductions + remaining == term."""

    start: date  # the sentence's start moved back by the pre-trial days
    end: date  # the term's end before any reduction
    release: date  # the end less the reductions
    reference: date

    @property
    def facts(self) -> dict[str, int]:
        return {
            "term_days": (self.end - self.start).days,
            "served_days": (self.reference - self.start).days,
            "reduction_days": (self.end - self.release).days,
            "remaining_days": (self.release - self.reference).days,
        }


def account(
    start: date,
    reference: date,
    *,
    term_months: int,
    pretrial_days: int,
    reduction_months: int,
    reduction_days: int,
) -> Account:
    begun = start - timedelta(days=pretrial_days)
    end = add_months(begun, term_months)
    release = add_months(end, -reduction_months) - timedelta(days=reduction_days)
    return Account(begun, end, release, reference)


def _impossible_credits(
    sentence: Account, *, term_months: int, pretrial_days: int, reduction: tuple[int, int]
) -> str:
    """Why the list's pre-trial days or reductions cannot be right for the term (empty when they can): the
    person would have served the whole term already, which no amnesty is for."""
    if pretrial_days >= (sentence.end - sentence.start).days:
        return (
            f"Thời gian tạm giữ, tạm giam {pretrial_days} ngày không ít hơn mức án {_span(term_months, 0)}: "
            "đối chiếu bản án, lệnh tạm giữ, tạm giam"
        )
    if sentence.release <= sentence.start:
        return (
            f"Thời gian được giảm {_span(*reduction)} không ít hơn mức án {_span(term_months, 0)}: đối chiếu "
            "các quyết định giảm thời hạn chấp hành án"
        )
    if sentence.release <= sentence.reference:
        parts = [
            f"mức án {_span(term_months, 0)}",
            f"tạm giữ, tạm giam {pretrial_days} ngày" if pretrial_days else "",
            f"được giảm {_span(*reduction)}" if any(reduction) else "",
        ]
        return (
            f"Theo số liệu của danh sách, người này đã chấp hành xong án ngày {_fmt(sentence.release)} "
            f"({', '.join(p for p in parts if p)}), trước mốc {_fmt(sentence.reference)}: đối chiếu hồ sơ"
        )
    return ""


def _time_served(facts: Facts, params: Params) -> Result:
    """Luật Đặc xá 2018, Điều 11 khoản 1 điểm c and khoản 2: at the reference date, at least the fraction of a
    fixed term the prisoner's group must serve (one third, or the decision's higher fraction for a group, or
    its lower fraction for a special case), or the years of a life sentence commuted; pre-trial detention
    counts as served. The reductions granted are deducted from what remains (the 2025 guidance) or counted
    as served, as the campaign's terms say. Pre-trial days or reductions that would have ended the term
    before the reference date cannot be right: a person looks."""
    terms: Terms = params["terms"]
    start = _day(facts.get("start"))
    if start is None:
        return review("Không có ngày bắt đầu chấp hành án: đối chiếu bản án, quyết định thi hành án.")
    if start > terms.reference_date:
        return failed(f"Bắt đầu chấp hành án ngày {_fmt(start)}, sau mốc tính thời gian đặc xá.")
    pretrial = int(facts.get("pretrial_days") or 0)
    reduction = (int(facts.get("reduction_months") or 0), int(facts.get("reduction_days") or 0))
    special = special_cases_of(facts, terms)
    kind = facts.get("kind") or FIXED
    term = int(facts.get("term_months") or 0)
    if kind != LIFE_COMMUTED and term <= 0:
        return review("Thời hạn tù không hợp lệ: đối chiếu bản án.")
    used: dict[str, Any] = {"special": special, "reductions_rule": terms.reductions}
    deducted = terms.reductions != REDUCTIONS_ADDED
    if term > 0:
        sentence = account(
            start,
            terms.reference_date,
            term_months=term,
            pretrial_days=pretrial,
            reduction_months=reduction[0],
            reduction_days=reduction[1],
        )
        used.update(sentence.facts)
        impossible = _impossible_credits(
            sentence, term_months=term, pretrial_days=pretrial, reduction=reduction
        )
        if impossible:
            return review(f"{impossible}.", **used)
        used["remaining"] = _span(*served_months(terms.reference_date, sentence.release, credited_days=0))
    credited_days = pretrial + (0 if deducted else reduction[1])
    credited_months = 0 if deducted else reduction[0]
    served = served_months(
        start, terms.reference_date, credited_days=credited_days, credited_months=credited_months
    )
    counted_from = add_months(start, -credited_months) - timedelta(days=credited_days)
    used.update(
        served=_span(*served),
        counted_days=(terms.reference_date - counted_from).days,
        credited=_span(credited_months, credited_days),
    )
    if kind == LIFE_COMMUTED:
        years = terms.special_life_years if special else terms.life_years
        months, days, rule = years * 12, 0, f"{years} năm (tù chung thân đã giảm)"
    else:
        articles = list(facts.get("articles") or ())
        groups = [g for g in terms.groups if g.holds(articles, term)]
        if special:
            fraction, rule = terms.special_fraction, "trường hợp đặc biệt"
        elif groups:
            group = max(groups, key=lambda g: g.fraction)
            fraction, rule = group.fraction, group.label
        else:
            fraction, rule = terms.fraction, "thông thường"
        months, days = part_of_term(term, fraction)
        rule = f"{fraction_text(fraction)} của {_span(term, 0)} ({rule})"
        used["term"] = _span(term, 0)
    due = reached_on(start, months, days, credited_days=credited_days, credited_months=credited_months)
    used.update(required=_span(months, days), due=due.isoformat())
    said = f"Đã chấp hành {_span(*served)} tính đến {_fmt(terms.reference_date)}"
    if any(reduction):
        said += (
            f" (được giảm {_span(*reduction)}, trừ vào thời hạn còn lại"
            + (f", còn phải chấp hành {used['remaining']})" if "remaining" in used else ")")
            if deducted
            else f" (kể cả {_span(*reduction)} được giảm)"
        )
    said += f"; cần {_span(months, days)}"
    if due <= terms.reference_date:
        return passed(f"{said}: {rule}, đủ từ ngày {_fmt(due)}.", **used)
    short = (due - terms.reference_date).days
    return failed(f"{said}: {rule}, còn thiếu {short} ngày (đủ ngày {_fmt(due)}).", short_days=short, **used)


def required_quarters(terms: Terms, kind: str, term_months: int) -> tuple[int, str] | None:
    """The consecutive quarters the campaign's decision asks of a sentence, and the band in words; None when
    its table covers no band for it."""
    if kind == LIFE_COMMUTED and terms.life_quarters:
        return terms.life_quarters, "tù chung thân đã giảm"
    lower = 0
    for band in sorted(terms.quarter_bands, key=lambda b: (b.up_to_months is None, b.up_to_months or 0)):
        if band.up_to_months is None or term_months <= band.up_to_months:
            if band.up_to_months is None:
                label = f"mức án trên {_span(lower, 0)}" if lower else "mọi mức án"
            elif lower:
                label = f"mức án trên {_span(lower, 0)} đến {_span(band.up_to_months, 0)}"
            else:
                label = f"mức án đến {_span(band.up_to_months, 0)}"
            return band.quarters, label
        lower = band.up_to_months
    return None


def _conduct(facts: Facts, params: Params) -> Result:
    """Luật Đặc xá 2018, Điều 11 khoản 1 điểm a-b: the rules of the facility kept, study and labour, and
    every quarter rated for conduct during the sentence rated "khá" or "tốt"; where the campaign's decision
    asks instead a number of consecutive quarters rated "khá" or "tốt" up to the council's meeting by sentence
    band (Quyết định 1244/2025/QĐ-CTN and Hướng dẫn 94/HD-HĐTVĐX: the quarters rated, and the time after the
    last rated quarter up to the meeting judged "khá" or "tốt"), that number."""
    terms: Terms = params["terms"]
    if terms.counts_quarters_by_band:
        return _consecutive_quarters(facts, terms)
    bad = facts.get("bad_quarters")
    if bad is None or bad == "":
        return review("Danh sách không ghi kết quả xếp loại chấp hành án các quý: đối chiếu hồ sơ.")
    if int(bad) > 0:
        return failed(
            f"Có {int(bad)} quý xếp loại dưới “khá” trong thời gian chấp hành án.", quarters=int(bad)
        )
    return passed("Các quý đều xếp loại khá hoặc tốt.")


def _consecutive_quarters(facts: Facts, terms: Terms) -> Result:
    kind = facts.get("kind") or FIXED
    term = int(facts.get("term_months") or 0)
    required = required_quarters(terms, kind, term)
    if required is None:
        return review(
            f"Các điều kiện của đợt không quy định số quý cho mức án {_span(term, 0)}: đối chiếu quyết định "
            "về đặc xá."
        )
    needed, band = required
    given = facts.get("good_quarters")
    if given is None or given == "":
        return review(
            "Danh sách không ghi số quý liên tục xếp loại khá, tốt liền kề thời điểm xét: đối chiếu hồ sơ."
        )
    good = int(given)
    used = {"quarters": good, "required": needed}
    start = _day(facts.get("start"))
    if start is not None and start <= terms.reference_date:
        months, _days = served_months(
            start, terms.reference_date, credited_days=int(facts.get("pretrial_days") or 0)
        )
        if good > months // 3 + 1:
            return review(
                f"Số quý khai ({good}) nhiều hơn thời gian đã chấp hành cho phép ({_span(months, 0)}): "
                "đối chiếu sổ xếp loại chấp hành án.",
                **used,
            )
    if good < needed:
        return failed(
            f"Có {good} quý liên tục xếp loại khá, tốt liền kề thời điểm xét ({band}: cần {needed}).", **used
        )
    since = facts.get("rated_since")
    if since is None or since == "":
        return review(
            "Danh sách không ghi nhận xét từ sau quý xếp loại gần nhất đến ngày họp xét: đối chiếu hồ sơ.",
            **used,
        )
    if not since:
        return failed(
            "Từ sau quý xếp loại gần nhất đến ngày họp xét không được nhận xét khá hoặc tốt.", **used
        )
    return passed(
        f"{good} quý liên tục xếp loại khá, tốt liền kề thời điểm xét ({band}: cần {needed}); được nhận xét "
        "khá, tốt đến ngày họp xét.",
        **used,
    )


def _civil(facts: Facts, params: Params) -> Result:
    """Luật Đặc xá 2018, Điều 11 khoản 1 điểm đ: the return of property, damages and other civil obligations
    done, or enforcement suspended, or waived in writing by the creditor (property not the State's), or partly
    done with special economic hardship confirmed; for corruption offences the decision also asks the fines
    and court fees paid."""
    terms: Terms = params["terms"]
    state = facts.get("civil") or ""
    if state not in CIVIL_STATES:
        return review("Danh sách không ghi tình trạng thi hành nghĩa vụ dân sự: đối chiếu hồ sơ.")
    if state == CIVIL_NOT_DONE:
        return failed(
            "Chưa thi hành xong nghĩa vụ trả lại tài sản, bồi thường thiệt hại, nghĩa vụ dân sự khác."
        )
    articles = list(facts.get("articles") or ())
    if any(covers(terms.corruption_articles, a) for a in articles):
        unpaid = [
            w for w, f in (("hình phạt tiền", "fines_paid"), ("án phí", "fees_paid")) if not facts.get(f)
        ]
        if unpaid:
            return failed(f"Tội phạm tham nhũng: chưa nộp xong {' và '.join(unpaid)}.")
    return passed(CIVIL_STATES[state] + ".", civil=state)


def _residence(facts: Facts, params: Params) -> Result:
    """Luật Đặc xá 2018, Điều 11 khoản 1 điểm e: a clear place to live after release."""
    residence = facts.get("residence")
    if residence is None or residence == "":
        return review("Danh sách không ghi nơi cư trú sau khi được đặc xá: đối chiếu hồ sơ.")
    if not residence:
        return failed("Không có nơi cư trú rõ ràng sau khi được đặc xá.")
    return passed("Có nơi cư trú rõ ràng.")


def _not_excluded(facts: Facts, params: Params) -> Result:
    """Luật Đặc xá 2018, Điều 12: not proposed when convicted of an offence the law or the decision excludes,
    under a cassation or reopening protest towards a heavier liability, prosecuted for another offence,
    amnestied before, or with two or more prior convictions."""
    terms: Terms = params["terms"]
    articles = list(facts.get("articles") or ())
    excluded = sorted({a for a in articles if covers(terms.excluded_articles, a)})
    reasons = []
    if excluded:
        reasons.append(
            f"bị kết án về tội thuộc diện không đặc xá (Điều {', '.join(excluded)} Bộ luật Hình sự)"
        )
    if facts.get("cassation_protest"):
        reasons.append("bản án đang bị kháng nghị giám đốc thẩm, tái thẩm theo hướng tăng nặng")
    if facts.get("prosecuted"):
        reasons.append("đang bị truy cứu trách nhiệm hình sự về hành vi phạm tội khác")
    if facts.get("amnestied_before"):
        before = facts["amnestied_before"]
        reasons.append(
            f"trước đó đã được đặc xá ({before})" if isinstance(before, str) else "trước đó đã được đặc xá"
        )
    priors = int(facts.get("prior_convictions") or 0)
    if priors > terms.max_prior_convictions:
        reasons.append(f"có {priors} tiền án")
    if reasons:
        return failed("Thuộc trường hợp không được đề nghị: " + "; ".join(reasons) + ".", excluded=excluded)
    if not articles:
        return review("Danh sách không ghi điều luật bị kết án: đối chiếu bản án.")
    return passed("Không thuộc các trường hợp không được đề nghị đặc xá.")


def _special_amnesty(facts: Facts, params: Params) -> Result:
    """Luật Đặc xá 2018, Điều 22: in a special case, for domestic or foreign-affairs needs, the President
    amnesties without the conditions of Điều 11 and 12; the decision's reason is the ground."""
    terms: Terms = params["terms"]
    return passed(f"Đặc xá trong trường hợp đặc biệt: {terms.special_reason}")


KIND = Criterion("kind", "Đối tượng", f"{LAW}, Điều 10", _kind)
TIME_SERVED = Criterion(
    "time_served", "Thời gian đã chấp hành án", f"{LAW}, Điều 11.1.c và 11.2", _time_served
)
CONDUCT = Criterion("conduct", "Chấp hành án, xếp loại khá hoặc tốt", f"{LAW}, Điều 11.1.a–b", _conduct)
CIVIL = Criterion("civil", "Nghĩa vụ dân sự, phạt tiền, án phí", f"{LAW}, Điều 11.1.đ", _civil)
RESIDENCE = Criterion("residence", "Nơi cư trú rõ ràng", f"{LAW}, Điều 11.1.e", _residence)
NOT_EXCLUDED = Criterion(
    "not_excluded", "Các trường hợp không được đề nghị đặc xá", f"{LAW}, Điều 12", _not_excluded
)
SPECIAL_AMNESTY = Criterion(
    "special_amnesty", "Đặc xá trong trường hợp đặc biệt", f"{LAW}, Điều 22", _special_amnesty
)


def rule_set(terms: Terms, *, code: str = "amnesty", title: str = "Đặc xá") -> RuleSet:
    """The rule set of one campaign: the law's criteria with the campaign's terms as parameters (every
    parameter is shown on the campaign's page), or, for an amnesty in a special case, Điều 22 alone."""
    criteria: tuple[Criterion, ...]
    if terms.special_amnesty:
        criteria = (KIND, SPECIAL_AMNESTY)
    else:
        criteria = (KIND, TIME_SERVED, CONDUCT, CIVIL, RESIDENCE, NOT_EXCLUDED)
    return RuleSet(
        code=code,
        version=terms.reference_date.isoformat(),
        title=title,
        basis=f"{LAW} (30/2018/QH14) và quyết định về đặc xá của Chủ tịch nước",
        valid_from=LAW_IN_FORCE,
        valid_to=None,
        criteria=criteria,
        parameters=(
            Parameter("terms", terms, "Các điều kiện của quyết định đặc xá", LAW, display=describe(terms)),
        ),
    )


def describe_quarters(terms: Terms) -> str:
    """The conduct the campaign asks, in words."""
    if not terms.counts_quarters_by_band:
        return f"Xếp loại chấp hành án: mọi quý khá hoặc tốt ({LAW}, Điều 11.1.a)"
    bands = []
    for band in sorted(terms.quarter_bands, key=lambda b: (b.up_to_months is None, b.up_to_months or 0)):
        found = required_quarters(terms, FIXED, (band.up_to_months or 10_000))
        if found:
            bands.append(f"{found[1]}: {band.quarters} quý")
    if terms.life_quarters:
        bands.append(f"tù chung thân đã giảm: {terms.life_quarters} quý")
    return (
        "Số quý liên tục xếp loại khá, tốt liền kề thời điểm xét và nhận xét khá, tốt đến ngày họp xét: "
        + "; ".join(bands)
    )


def describe(terms: Terms) -> str:
    """The campaign's terms in words, for the page and the audit trail."""
    if terms.special_amnesty:
        return f"Đặc xá trong trường hợp đặc biệt (Điều 22): {terms.special_reason}"
    groups = "; ".join(
        f"{g.label}: {fraction_text(g.fraction)}"
        + (f" (Điều {', '.join(g.articles)})" if g.articles else "")
        + (f" (án từ {_span(g.min_months, 0)})" if g.min_months else "")
        for g in terms.groups
    )
    parts = [
        f"Mốc tính thời gian: {_fmt(terms.reference_date)}",
        f"Đối tượng: {', '.join(KINDS[k].lower() for k in terms.kinds)}",
        f"Đã chấp hành ít nhất {fraction_text(terms.fraction)} thời hạn tù, {terms.life_years} năm với tù "
        "chung thân đã giảm",
        f"Nhóm phải chấp hành nhiều hơn: {groups}" if groups else "",
        f"Trường hợp đặc biệt: {fraction_text(terms.special_fraction)}, {terms.special_life_years} năm "
        f"({', '.join(SPECIAL_CASES[c] for c in terms.special_cases)})",
        f"Tội không đặc xá: Điều {', '.join(terms.excluded_articles)}",
        f"Không quá {terms.max_prior_convictions} tiền án",
        f"Thời gian được giảm: {REDUCTION_RULES.get(terms.reductions, terms.reductions)}",
        describe_quarters(terms),
    ]
    return ". ".join(p for p in parts if p) + "."


# Bộ luật Hình sự 2015 (100/2015/QH13) has 426 articles; one added by an amending law carries a letter after
# its number (Điều 217a, added in 2017).
LAST_ARTICLE = 426
_ARTICLE = re.compile(
    # Searched in the folded entry (lower case, no diacritics): "251", "134a", "251.2", "Điều 251 khoản 2",
    # "Điều 251 khoản 2 điểm b", and the order of a legal citation, "điểm b khoản 2 Điều 251". A point (điểm)
    # is within its clause: the code stops at the clause.
    r"(?:dieu\s*)?(?P<article>\d{1,3})(?P<letter>[a-z]?)(?:\s*(?:\.|khoan\s*)(?P<clause>\d{1,2}))?"
    r"(?:\s*diem\s*[a-z])?"
    r"|(?:diem\s*[a-z]\s*)?khoan\s*(?P<clause_first>\d{1,2})\s*dieu\s*(?P<article_last>\d{1,3})"
    r"(?P<letter_last>[a-z]?)",
    re.ASCII,
)


class ArticleError(ValueError):
    """An entry that is not an article of the Criminal Code; `entry` is the entry as it was written."""

    def __init__(self, entry: str) -> None:
        self.entry = entry
        super().__init__(
            _(
                "“%(entry)s” is not an article of the Criminal Code: write its number from 1 to %(last)s, "
                "as “173”, “217a” or “251.2” for clause 2 of Article 251."
            )
            % {"entry": excerpt(entry), "last": LAST_ARTICLE}
        )


def article_code(entry: Any) -> str:
    """One article of the Criminal Code as written ("251", "134a", "251.2", "Điều 251 khoản 2") as its code
    ("251.2": Điều 251 khoản 2, the form `covers` compares); ArticleError names an entry that is not one (no
    article number, a number outside 1..LAST_ARTICLE, clause 0, words around it)."""
    written = " ".join(str(entry if entry is not None else "").split())
    match = _ARTICLE.fullmatch(fold(written))
    if match is None:
        raise ArticleError(written)
    article = match["article"] or match["article_last"]
    letter = match["letter"] or match["letter_last"] or ""
    clause = match["clause"] or match["clause_first"]
    if not 1 <= int(article) <= LAST_ARTICLE or (clause is not None and int(clause) == 0):
        raise ArticleError(written)
    return f"{int(article)}{letter}" + (f".{int(clause)}" if clause else "")


def check_articles(entries: Iterable[Any]) -> tuple[str, ...]:
    """Entries of a list of articles (a campaign's excluded or corruption offences, a group's articles), each
    as its code; ArticleError names the first that is not an article. An empty entry is no entry."""
    return tuple(article_code(e) for e in entries if str(e if e is not None else "").strip())


def articles_of(value: Any) -> list[str]:
    """The articles written in one text, separated by commas or semicolons ("173; Điều 251 khoản 4, 134.2"),
    as codes. Nothing is dropped: ArticleError names the first entry that is not an article."""
    return list(check_articles(re.split(r"[;,]", str(value if value is not None else ""))))


def parse_fraction(value: str) -> Fraction:
    """ "1/3", "0,25" or "25%" as a fraction between 0 and 1 (ValueError otherwise)."""
    raw = value.strip().replace(",", ".")
    number = Fraction(raw[:-1]) / 100 if raw.endswith("%") else Fraction(raw)
    if not 0 < number <= 1:
        raise ValueError(value)
    return number
