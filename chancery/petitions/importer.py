"""Importing a register of petitions kept in Excel (the sheets offices keep before Chancery, or a partner's
list), as a background job: each row is registered through the same service as the clerk's form, with its
own number and time limit; a row with a problem is skipped and reported with its row number and the reason,
the others are registered. A retried job carries on after the last row it finished.

The first row names the columns (Vietnamese headings, in any order; `template()` writes an empty register).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from chancery.core import jobs, spreadsheets
from chancery.core.jobs import JobContext, job_kind
from chancery.core.models import Agency, Job, JobUpload
from chancery.core.provinces import find_provinces
from chancery.core.text import excerpt, fold, nfc
from chancery.petitions import services
from chancery.petitions.models import Channel, Field, PetitionKind

# heading (folded) -> field
COLUMNS: dict[str, str] = {
    "ngay nhan": "received_on",
    "nguon don": "channel",
    "ho ten": "full_name",
    "so cccd": "id_number",
    "dien thoai": "phone",
    "dia chi": "address",
    "tinh, thanh pho": "province",
    "trich yeu": "summary",
    "noi dung": "content",
    "loai don": "kind",
    "linh vuc": "field",
    "co quan chuyen den": "sent_by_agency",
    "so nguoi": "people_count",
    # the facts the law's path and time limits depend on (services.CASE_FACTS, services.facts_of), optional
    "nac danh": "is_anonymous",
    "co quan co tham quyen": "competent_agency",
    "lan khieu nai": "instance",
    "ngay biet quyet dinh": "decision_known_on",
    "vu viec phuc tap": "is_complex",
    "vung sau, vung xa": "is_remote_area",
    "co tai lieu, chung cu": "has_evidence",
    "tranh chap dan su": "is_civil_dispute",
}
HEADINGS = [
    "Ngày nhận",
    "Nguồn đơn",
    "Họ tên",
    "Số CCCD",
    "Điện thoại",
    "Địa chỉ",
    "Tỉnh, thành phố",
    "Trích yếu",
    "Nội dung",
    "Loại đơn",
    "Lĩnh vực",
    "Cơ quan chuyển đến",
    "Số người",
    "Nặc danh",
    "Cơ quan có thẩm quyền",
    "Lần khiếu nại",
    "Ngày biết quyết định",
    "Vụ việc phức tạp",
    "Vùng sâu, vùng xa",
    "Có tài liệu, chứng cứ",
    "Tranh chấp dân sự",
]
# Not "checked in several places": lengthening a denunciation's intake is a head's decision once the checks
# show it is needed (services.classify_petition), not a fact of the letter a clerk imports.
FLAGS = ("is_complex", "is_remote_area", "has_evidence", "is_civil_dispute")
_YES = frozenset({"co", "x", "1", "true", "yes", "dung"})
_NO = frozenset({"", "khong", "0", "false", "no", "sai"})
REQUIRED = ("received_on", "summary", "content", "kind")
MAX_ROWS = 100_000
MAX_REPORTED = 500


def _choice(value: str, choices: Any, what: str) -> str:
    wanted = fold(value)
    for code, label in choices:
        if wanted in (fold(str(label)), fold(code)):
            return str(code)
    raise ValidationError(_("Unknown %(what)s: “%(value)s”.") % {"what": what, "value": excerpt(value)})


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = nfc(str(value or ""))
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": excerpt(text)})


def _yes(value: Any, heading: str) -> bool:
    """A yes/no cell ("Có", "x", "1" / "Không", "0" or empty)."""
    if isinstance(value, bool):
        return value
    folded = fold(nfc(str(value if value is not None else ""))).strip()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValidationError(
        _("“%(value)s” in “%(column)s” is neither yes nor no.")
        % {"value": excerpt(folded), "column": heading}
    )


def case_facts(values: Mapping[str, Any]) -> dict[str, Any]:
    """The optional columns of the facts the petition is decided and timed on, as the registration service
    takes them: the same facts a clerk records on the form and at classification, so that an imported
    petition takes the path and the time limits a petition registered by hand with the same facts takes."""
    headings = dict(zip(COLUMNS.values(), HEADINGS, strict=True))
    facts: dict[str, Any] = {}
    for name in FLAGS:
        facts[name] = _yes(values.get(name), headings[name])
    instance = values.get("instance")
    if instance not in (None, ""):
        folded = fold(nfc(str(instance))).strip()
        number = {"1": 1, "1.0": 1, "lan dau": 1, "dau": 1, "2": 2, "2.0": 2, "lan hai": 2, "hai": 2}.get(
            folded
        )
        if number is None:
            raise ValidationError(_("A complaint is at first or second instance."))
        facts["instance"] = number
    if values.get("decision_known_on") not in (None, ""):
        facts["decision_known_on"] = _date(values["decision_known_on"])
    if values.get("competent_agency") not in (None, ""):
        named = nfc(str(values["competent_agency"]))
        agency = Agency.objects.filter(folded=fold(named)).first()
        if agency is None:
            raise ValidationError(_("Unknown agency: “%(value)s”.") % {"value": excerpt(named)})
        facts["competent_agency"] = agency
    return facts


def _id_number(value: Any) -> str:
    """A petitioner's identity card number as its cell holds it, checked by the registration service (9 or 12
    digits). A number typed in a cell of Excel's General format is kept as a number, without its leading
    zeros: every căn cước number starts with its province's code, 001 to 096, so as a number it has 10 or 11
    digits, and a chứng minh nhân dân number starting with 0 has 8; those zeros are put back."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return nfc(str(value or ""))
    if isinstance(value, float) and not value.is_integer():
        return nfc(str(value))
    digits = str(int(value))
    if len(digits) in (10, 11):
        return digits.zfill(12)
    return digits.zfill(9) if len(digits) == 8 else digits


def parse_row(values: Mapping[str, Any]) -> services.PetitionData:
    """One row as the registration service takes it; a ValidationError names what is wrong."""
    text = {k: nfc(str(v)) if v is not None and not isinstance(v, date) else v for k, v in values.items()}
    missing = [k for k in REQUIRED if not text.get(k)]
    if missing:
        headings = dict(zip(COLUMNS.values(), HEADINGS, strict=True))
        raise ValidationError(_("Missing: %(fields)s.") % {"fields": ", ".join(headings[k] for k in missing)})
    province = None
    if text.get("province"):
        found = find_provinces(str(text["province"]))
        if len(found) != 1:
            raise ValidationError(_("Unknown province: “%(value)s”.") % {"value": excerpt(text["province"])})
        province = found[0][0]
    agency = None
    if text.get("sent_by_agency"):
        agency = Agency.objects.filter(folded=fold(str(text["sent_by_agency"]))).first()
        if agency is None:
            raise ValidationError(
                _("Unknown agency: “%(value)s”.") % {"value": excerpt(text["sent_by_agency"])}
            )
    people = text.get("people_count") or 1
    try:
        people_count = int(float(str(people)))
    except ValueError as error:
        raise ValidationError(
            _("“%(value)s” is not a number of people.") % {"value": excerpt(people)}
        ) from error
    facts = case_facts(values)
    anonymous = _yes(values.get("is_anonymous"), HEADINGS[list(COLUMNS.values()).index("is_anonymous")])
    name = "" if anonymous else str(text.get("full_name") or "")
    return services.PetitionData(
        channel=_choice(str(text["channel"]), Channel.choices, _("channel"))
        if text.get("channel")
        else Channel.POST,
        received_on=_date(values.get("received_on")),
        summary=str(text["summary"]),
        content=str(text["content"]),
        kind=_choice(str(text["kind"]), PetitionKind.choices, _("kind")),
        field=_choice(str(text["field"]), Field.choices, _("field")) if text.get("field") else Field.OTHER,
        petitioners=[
            services.PersonData(
                full_name=name,
                id_number=_id_number(values.get("id_number")),
                phone=str(text.get("phone") or ""),
                address=str(text.get("address") or ""),
                province_code=province,
                is_representative=True,
            )
        ]
        if name
        else [],
        is_anonymous=not name,
        people_count=people_count,
        sent_by_agency=agency,
        **facts,
    )


def rows(handle: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, values by field) of every row after the headings that is not empty."""
    book = load_workbook(io.BytesIO(handle.read()), read_only=True, data_only=True)
    sheet = book.active
    assert sheet is not None
    lines = sheet.iter_rows(values_only=True)
    headings = [COLUMNS.get(fold(str(h or "")), "") for h in next(lines, ())]
    for number, line in enumerate(lines, start=2):
        if not any(v not in (None, "") for v in line):
            continue
        yield number, {field: value for field, value in zip(headings, line, strict=False) if field}


def check_workbook(handle: Any) -> None:
    """The uploaded register can be imported: a workbook whose first row names the required columns, with
    no more rows than one import takes."""
    try:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from error
    sheet = book.active
    headings = (
        {COLUMNS.get(fold(str(h or ""))) for h in next(sheet.iter_rows(values_only=True), ())}
        if sheet
        else set()
    )
    missing = [
        h for h, f in zip(HEADINGS, COLUMNS.values(), strict=True) if f in REQUIRED and f not in headings
    ]
    if missing:
        raise ValidationError(
            _("The first row lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if sheet is not None and (sheet.max_row or 0) > MAX_ROWS + 1:
        raise ValidationError(_("A file holds at most %(n)s rows; split it.") % {"n": MAX_ROWS})


def start_import(*, actor: Any, upload: JobUpload, label: str = "") -> Job:
    """Import the register the person uploaded (their own JobUpload for this kind of job), checked first."""
    if not services.can_register(actor):
        raise PermissionDenied(_("You may not register petitions."))
    with default_storage.open(upload.file, "rb") as handle:
        check_workbook(handle)
    return jobs.start_job(
        actor=actor,
        kind="petition_import",
        label=label or _("Import petitions: %(name)s") % {"name": upload.name},
        upload=upload,
    )


@job_kind(
    "petition_import",
    gettext_lazy("Import petitions from Excel"),
    may_start=services.can_register,
    upload="xlsx",
    generic=False,
)
def import_petitions(ctx: JobContext) -> dict[str, Any]:
    user = ctx.job.started_by
    if user is None or not services.can_register(user):
        raise PermissionDenied(_("You may not register petitions."))
    after = int(ctx.cursor or 1)
    result = dict(ctx.job.result or {})
    problems: list[str] = list(result.get("problems", []))
    registered, skipped = int(result.get("registered", 0)), int(result.get("skipped", 0))
    with ctx.open_upload() as handle:
        all_rows = list(rows(handle))
    ctx.set_total(len(all_rows))
    for number, values in all_rows:
        if number <= after:
            continue
        with transaction.atomic():  # the row and the checkpoint after it commit together
            try:
                services.register_petition(actor=user, data=parse_row(values))
                registered += 1
            except ValidationError as error:
                skipped += 1
                if len(problems) < MAX_REPORTED:
                    problems.append(f"Dòng {number}: {' '.join(error.messages)}")
            ctx.job.result = {"registered": registered, "skipped": skipped, "problems": problems}
            type(ctx.job).objects.filter(pk=ctx.job.pk).update(result=ctx.job.result)
            ctx.checkpoint(str(number))
    ctx.discard_upload()
    return {"registered": registered, "skipped": skipped, "problems": problems}


def template() -> bytes:
    book = spreadsheets.Book()
    sheet = book.sheet("Sổ đơn")
    sheet.append(HEADINGS, bold=True)
    sheet.append(
        [
            "05/11/2026",
            "Qua bưu chính",
            "Nguyễn Văn An",
            "001080012345",
            "0912345678",
            "Thôn Đông, xã Phú Xuyên",
            "Hà Nội",
            "Khiếu nại quyết định thu hồi đất",
            "Nội dung đơn...",
            "Khiếu nại",
            "Đất đai, nhà ở, bồi thường",
            "",
            1,
            "Không",
            "",
            "Lần đầu",
            "20/10/2026",
            "Không",
            "Không",
            "Không",
            "Không",
        ]
    )
    return book.to_bytes()


def upload_from_bytes(name: str, content: bytes) -> str:
    return default_storage.save(f"imports/{name}", ContentFile(content))
