"""Write operations of the work programme: programmes, key tasks and their progress, the leader's review,
carry-overs, meetings whose instructions become tasks, the conclusions drafted as a Thông báo, and the
periodic reports drafted from the records. Checked, one transaction, audited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from chancery.casework import services as casework
from chancery.core import access, audit, selectors
from chancery.core.models import AssignmentKind, AuditAction, NotificationKind, Unit, User
from chancery.core.notifications import notify
from chancery.core.text import nfc

from . import figures as figures_module
from . import narrative, rules
from .models import Instruction, KeyTask, Meeting, Programme, ProgressUpdate, Report

OFFICE_OWNER = "của Văn phòng Chủ tịch nước"


can_plan = access.can_plan  # the policy decides (core/access/modules.py)


can_report = access.can_report
can_write_report = access.can_write_report


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- programmes ----------


@transaction.atomic
def create_programme(
    *, actor: Any, kind: str, year: int, number: int = 0, unit: Unit | None = None, title: str = ""
) -> Programme:
    _require(
        can_plan(actor),
        gettext("Only the Office's leadership and the heads of units draw up work programmes."),
    )
    if kind not in dict(rules.PERIOD_CHOICES):
        raise ValidationError({"kind": gettext("Choose the period: a year, a quarter or a month.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": gettext("The year is not valid.")})
    try:
        starts_on, ends_on = rules.period_bounds(kind, year, number)
    except ValueError as error:
        raise ValidationError(
            {"number": gettext("A quarter runs from 1 to 4, a month from 1 to 12.")}
        ) from error
    name = rules.period_name(kind, year, number)
    owner = f" của {unit.name}" if unit else f" {OFFICE_OWNER}"
    programme = Programme(
        kind=kind,
        year=year,
        number=0 if kind == rules.YEAR else number,
        unit=unit,
        title=nfc(title) or f"Chương trình công tác {name}{owner}",
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError as error:
        raise ValidationError(
            gettext("The work programme %(name)s%(owner)s already exists.") % {"name": name, "owner": owner}
        ) from error
    audit.record(action=AuditAction.CREATE, actor=actor, subject=programme, message=programme.title)
    return programme


def month_programme(actor: Any, year: int, month: int) -> Programme:
    """The office's programme of a month, opened when first needed (a carry-over into a month not yet
    planned)."""
    found = Programme.objects.filter(kind=rules.MONTH, year=year, number=month, unit__isnull=True).first()
    if found is not None:
        return found
    starts_on, ends_on = rules.period_bounds(rules.MONTH, year, month)
    programme = Programme.objects.create(
        kind=rules.MONTH,
        year=year,
        number=month,
        title=f"Chương trình công tác {rules.period_name(rules.MONTH, year, month)} {OFFICE_OWNER}",
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    audit.record(action=AuditAction.CREATE, actor=actor, subject=programme, message=programme.title)
    return programme


# --- key tasks ----------


@dataclass(frozen=True)
class TaskData:
    title: str
    lead_unit: Unit
    due_on: date
    programme: Programme | None = None
    owner: User | None = None
    cooperating_units: Sequence[Unit] = field(default_factory=tuple)
    expected_output: str = ""
    priority: int = 2
    source: str = "programme"
    source_text: str = ""


def _check_task(data: TaskData) -> None:
    errors: dict[str, str] = {}
    if len(nfc(data.title)) < 5:
        errors["title"] = gettext("Give the task's name.")
    if not data.lead_unit.is_active:
        errors["lead_unit"] = gettext("The lead unit is no longer active.")
    if data.owner is not None and data.owner.unit_id != data.lead_unit.pk:
        errors["owner"] = gettext("The person doing the task must belong to the lead unit.")
    if data.lead_unit in data.cooperating_units:
        errors["cooperating_units"] = gettext("The lead unit is not also a cooperating unit.")
    if data.programme is not None and data.due_on < data.programme.starts_on:
        errors["due_on"] = gettext(
            "The deadline falls before the programme's period (%(start)s): check it."
        ) % {"start": format(data.programme.starts_on, "%d/%m/%Y")}
    if data.priority not in dict(rules.PRIORITY_CHOICES):
        errors["priority"] = gettext("Choose the priority.")
    if data.source not in dict(rules.SOURCE_CHOICES):
        errors["source"] = gettext("Choose where the task comes from.")
    if errors:
        raise ValidationError(errors)


def _new_task(actor: Any, data: TaskData, **extra: Any) -> KeyTask:
    _check_task(data)
    task = KeyTask(
        owning_unit=data.lead_unit,
        programme=data.programme,
        title=nfc(data.title),
        source=data.source,
        source_text=nfc(data.source_text),
        owner=data.owner,
        assigned_by=actor,
        due_on=data.due_on,
        expected_output=nfc(data.expected_output),
        priority=data.priority,
        **extra,
    )
    task.full_clean(
        exclude=["owning_unit", "assigned_by", "owner", "programme", "instruction", "carried_from"]
    )
    task.save()
    task.cooperating_units.set(data.cooperating_units)
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=task,
        message=f"Giao {data.lead_unit.name}: {task.title}, hạn {task.due_on:%d/%m/%Y}",
    )
    for unit in data.cooperating_units:
        casework.grant_unit_access(
            actor, task, unit, kind=AssignmentKind.COOPERATE, due_date=data.due_on, note="Phối hợp"
        )
    people = [data.owner] if data.owner else list(User.objects.filter(unit=data.lead_unit, is_active=True))
    notify(
        people,
        kind=NotificationKind.ASSIGNED,
        title=f"Nhiệm vụ trọng tâm: {task.title} (hạn {task.due_on:%d/%m/%Y})"[:250],
        subject=task,
        key=f"keytask-{task.pk}",
    )
    return task


@transaction.atomic
def add_task(*, actor: Any, data: TaskData) -> KeyTask:
    _require(can_plan(actor), gettext("Only the leadership and heads of units assign key tasks."))
    viewer = access.viewer_for(actor)
    if not viewer.is_leadership and data.lead_unit.pk not in viewer.headed_unit_ids:
        raise PermissionDenied(
            gettext("The head of a unit assigns tasks only to that unit and the units under it.")
        )
    return _new_task(actor, data)


def _locked(task: KeyTask) -> KeyTask:
    return KeyTask.objects.select_for_update().get(pk=task.pk)


@transaction.atomic
def update_progress(*, actor: Any, task: KeyTask, percent: int, note: str = "") -> KeyTask:
    """A progress update with its note; the first one starts the task."""
    task = _locked(task)
    _require(access.can_change(actor, task), gettext("You may not update the progress of this task."))
    if not task.is_open or task.state == "submitted":
        raise ValidationError(
            gettext("The task is “%(state)s”: its progress cannot be updated.") % {"state": task.state_label}
        )
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": gettext("Progress runs from 0 to 100%.")})
    if percent < task.progress and not nfc(note):
        raise ValidationError({"note": gettext("The progress went down: give the reason.")})
    if task.state == "open" and percent > 0:
        task = casework.transition(actor=actor, case=task, name="start", data={})
    ProgressUpdate.objects.create(task=task, percent=percent, note=nfc(note), by=actor)
    KeyTask.objects.filter(pk=task.pk).update(progress=percent)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=task,
        changes={"progress": {"before": task.progress, "after": percent}},
        message=nfc(note)[:300],
    )
    task.refresh_from_db()
    return task


def submit_output(*, actor: Any, task: KeyTask, note: str = "") -> KeyTask:
    with transaction.atomic():
        task = casework.transition(actor=actor, case=task, name="submit", data={"reason": nfc(note)})
        ProgressUpdate.objects.create(task=task, percent=100, note=nfc(note) or "Trình kết quả", by=actor)
        KeyTask.objects.filter(pk=task.pk).update(progress=100)
    task.refresh_from_db()
    return task


def review(*, actor: Any, task: KeyTask, rating: str, comment: str = "", on: date | None = None) -> KeyTask:
    """The assigning leader's review of the output: accepted with its quality, or sent back ("poor")."""
    if rating not in dict(rules.RATING_CHOICES):
        raise ValidationError({"rating": gettext("Choose the quality rating.")})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": gettext("The review date cannot be after today.")})
    with transaction.atomic():
        if rating == "poor":
            if not nfc(comment):
                raise ValidationError({"comment": gettext("Say what must be redone.")})
            task = casework.transition(
                actor=actor, case=task, name="send_back", data={"reason": nfc(comment)}
            )
            KeyTask.objects.filter(pk=task.pk).update(rating=rating, review_comment=nfc(comment))
        else:
            task = casework.transition(
                actor=actor, case=task, name="accept", data={"rating": rating, "reason": nfc(comment)}
            )
            KeyTask.objects.filter(pk=task.pk).update(rating=rating, review_comment=nfc(comment), done_on=on)
    task.refresh_from_db()
    return task


def carry_over(*, actor: Any, task: KeyTask, reason: str, due_on: date | None = None) -> KeyTask:
    """The task moves to the next month's programme with its reason: the old one is closed as carried over
    and a new one, linked to it, keeps its unit, owner, progress and output (in progress when work was done
    on it); returns the new task."""
    reason = nfc(reason)
    with transaction.atomic():
        task = casework.transition(actor=actor, case=task, name="carry_over", data={"reason": reason})
        KeyTask.objects.filter(pk=task.pk).update(carry_reason=reason)
        year, month = rules.next_month(task.due_on.year, task.due_on.month)
        programme = month_programme(actor, year, month)
        due_on = due_on or programme.ends_on
        if due_on <= task.due_on:
            raise ValidationError({"due_on": gettext("The new deadline must be after the old one.")})
        new = _new_task(
            actor,
            TaskData(
                title=task.title,
                lead_unit=task.owning_unit,
                due_on=due_on,
                programme=programme,
                owner=task.owner,
                cooperating_units=list(task.cooperating_units.all()),
                expected_output=task.expected_output,
                priority=task.priority,
                source=task.source,
                source_text=task.source_text,
            ),
            instruction=task.instruction,
            carried_from=task,
            progress=task.progress,
        )
        if new.progress > 0:  # the work goes on where it stopped, not as a task not yet started
            new = casework.transition(actor=actor, case=new, name="start", data={})
    return new


def cancel(*, actor: Any, task: KeyTask, reason: str) -> KeyTask:
    return casework.transition(actor=actor, case=task, name="cancel", data={"reason": nfc(reason)})


# --- meetings and instructions ----------


@transaction.atomic
def record_meeting(
    *,
    actor: Any,
    held_on: date,
    title: str,
    chaired_by: str,
    instructions: Iterable[tuple[str, str]],
    notes: str = "",
) -> Meeting:
    """A meeting with the instructions given in it (text, by whom), in their order."""
    _require(can_report(actor), gettext("You may not record a meeting's conclusions."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": gettext("The meeting date cannot be after today.")})
    given = [(nfc(text), nfc(by) or nfc(chaired_by)) for text, by in instructions if nfc(text)]
    if not given:
        raise ValidationError({"instructions": gettext("Give at least one instruction.")})
    meeting = Meeting.objects.create(
        held_on=held_on, title=nfc(title), chaired_by=nfc(chaired_by), notes=nfc(notes), created_by=actor
    )
    Instruction.objects.bulk_create(
        [Instruction(meeting=meeting, text=t, given_by=b, position=i) for i, (t, b) in enumerate(given, 1)]
    )
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=meeting,
        message=f"{meeting.title}: {len(given)} ý kiến",
    )
    return meeting


@transaction.atomic
def task_from_instruction(*, actor: Any, instruction: Instruction, data: TaskData) -> KeyTask:
    """An instruction becomes one (or, called again, more) tracked tasks."""
    _require(can_plan(actor), gettext("Only the leadership and heads of units assign key tasks."))
    meeting = instruction.meeting
    source = f"Ý kiến chỉ đạo của {instruction.given_by} tại {meeting.title} ngày {meeting.held_on:%d/%m/%Y}"
    return _new_task(
        actor,
        TaskData(**{**data.__dict__, "source": "instruction", "source_text": source[:300]}),
        instruction=instruction,
    )


def conclusions_values(meeting: Meeting) -> dict[str, Any]:
    from chancery.documents import layout
    from chancery.documents import rules as document_rules

    lines = [
        "THÔNG BÁO",
        f"Kết luận của {meeting.chaired_by} tại {meeting.title}",
        "",
        f"Ngày {meeting.held_on.day} tháng {meeting.held_on.month} năm {meeting.held_on.year}, "
        f"{meeting.chaired_by} chủ trì {meeting.title[0].lower()}{meeting.title[1:]}.",
        "",
    ]
    if meeting.notes:
        lines += [meeting.notes, ""]
    lines.append("Ý kiến chỉ đạo và phân công thực hiện:")
    for index, instruction in enumerate(meeting.instructions.prefetch_related("tasks__owning_unit"), 1):
        lines.append(f"{index}. {instruction.text}")
        for task in instruction.tasks.all():
            lines.append(f"   - {task.owning_unit.name} chủ trì: {task.title}; hạn {task.due_on:%d/%m/%Y}.")
    lines += ["", "Văn phòng Chủ tịch nước thông báo để các đơn vị biết, thực hiện./."]
    return {
        "office": document_rules.ISSUER_NAME[document_rules.Issuer.OFFICE],
        "number": "Số:        /TB-VPCTN",
        "subject": "",
        "marks": "",
        "place_date": f"{layout.PLACE}, ngày      tháng      năm {timezone.localdate().year}",
        "recipient": "",
        "body": "\n".join(lines),
        "closing": "",
        "copies": ["Lãnh đạo Văn phòng;", "Các Vụ, đơn vị thuộc Văn phòng;", "Lưu: VT, TH."],
        "signer_title": "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM",
        "signer_name": "",
    }


@transaction.atomic
def draft_conclusions(*, actor: Any, meeting: Meeting, signer: User) -> Meeting:
    """The meeting's conclusions as a Thông báo of the office, drafted from the national format, which goes
    on in Documents (approval, signature, a number)."""
    from chancery.documents import layout
    from chancery.documents import rules as document_rules
    from chancery.documents import services as documents

    _require(can_report(actor), gettext("You may not draft the notice of conclusions."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    current = meeting.conclusions_document
    if current is not None and current.state != "withdrawn":
        raise ValidationError(gettext("A notice of conclusions is already drafted: it goes on in Documents."))
    values = {
        **conclusions_values(meeting),
        "signer_title": document_rules.office_signature_block(signer.position),
        "signer_name": signer.full_name,
    }
    document = documents.draft_from_file(
        actor=actor,
        data=documents.DraftData(
            issuer=document_rules.Issuer.OFFICE,
            doc_type="thong_bao",
            summary=f"Kết luận của {meeting.chaired_by} tại {meeting.title}"[:300],
            signer=signer,
            signer_title=values["signer_title"],
        ),
        content=layout.render_docx(layout.default_template(), values),
        name=f"thong-bao-ket-luan-{meeting.pk}.docx",
        note="Dự thảo từ các ý kiến chỉ đạo đã ghi",
    )
    Meeting.objects.filter(pk=meeting.pk).update(conclusions_document=document)
    meeting.conclusions_document = document
    audit.record(
        action=AuditAction.UPDATE, actor=actor, subject=meeting, message="Dự thảo thông báo kết luận"
    )
    return meeting


# --- reports ----------

SECTIONS = {
    Report.MONTHLY: [
        ("overview", "Đánh giá chung"),
        ("results", "Kết quả nổi bật trong tháng"),
        ("shortcomings", "Tồn tại, hạn chế"),
        ("next", "Nhiệm vụ trọng tâm tháng tới"),
    ],
    Report.YEARLY: [
        ("overview", "Đánh giá chung"),
        ("results", "Kết quả nổi bật trong năm"),
        ("shortcomings", "Tồn tại, hạn chế và nguyên nhân"),
        ("next", "Phương hướng, nhiệm vụ năm tới"),
    ],
}


def period_of(kind: str, year: int, month: int = 0) -> tuple[date, date, str]:
    if kind == Report.YEARLY:
        start, end = rules.period_bounds(rules.YEAR, year)
        return start, end, f"Báo cáo tổng kết công tác năm {year} của Văn phòng Chủ tịch nước"
    start, end = rules.period_bounds(rules.MONTH, year, month)
    return start, end, f"Báo cáo kết quả công tác tháng {month}/{year} và nhiệm vụ trọng tâm tháng tới"


def report_figures(kind: str, start: date, end: date) -> dict[str, Any]:
    """The period's figures and, for the yearly summary, the previous year's for comparison."""
    data: dict[str, Any] = {"areas": figures_module.as_json(figures_module.collect(start, end))}
    if kind == Report.YEARLY:
        previous = figures_module.collect(start.replace(year=start.year - 1), end.replace(year=end.year - 1))
        data["previous"] = figures_module.values_of(figures_module.as_json(previous))
    data["breakdown"] = breakdown(kind, start, end)
    data["taken_at"] = timezone.now().isoformat()
    return data


def breakdown(kind: str, start: date, end: date) -> dict[str, Any]:
    """What the annex of figures adds to the report's text (which gives each figure of the period once): the
    yearly summary's figures quarter by quarter; the monthly report's from the start of the year to the end
    of the month, and the same month of last year (the examiner of issue 26 found the annex repeating the
    text's figures and nothing else)."""

    def counted(first: date, last: date) -> dict[str, int]:
        return figures_module.values_of(figures_module.as_json(figures_module.collect(first, last)))

    if kind == Report.YEARLY:
        quarters = [rules.period_bounds(rules.QUARTER, start.year, n) for n in range(1, 5)]
        return {"quarters": [counted(first, last) for first, last in quarters]}
    return {
        "to_date": counted(date(end.year, 1, 1), end),
        "last_year": counted(*rules.period_bounds(rules.MONTH, start.year - 1, start.month)),
    }


first_narrative = narrative.first_narrative  # the words of a report, from its figures


def new_report(kind: str, year: int, month: int = 0) -> dict[str, Any]:
    """The fields of a report of the period, drafted from the records (the command line's report too)."""
    start, end, title = period_of(kind, year, month)
    data = report_figures(kind, start, end)
    return {
        "kind": kind,
        "starts_on": start,
        "ends_on": end,
        "title": title,
        "figures": data,
        "narrative": first_narrative(kind, start, end, data),
    }


@transaction.atomic
def draft_report(*, actor: Any, kind: str, year: int, month: int = 0) -> Report:
    """A report drafted from the records of the period; the narrative starts with a sentence per section that
    the leadership rewrites."""
    _require(can_write_report(actor), gettext("You may not draw up the Office's reports."))
    if kind not in (Report.MONTHLY, Report.YEARLY):
        raise ValidationError({"kind": gettext("Choose a monthly or a yearly report.")})
    try:
        start = period_of(kind, year, month)[0]
    except ValueError as error:
        raise ValidationError({"month": gettext("A month runs from 1 to 12.")}) from error
    if start > timezone.localdate():
        raise ValidationError({"year": gettext("The report's period has not begun.")})
    report = Report.objects.create(**new_report(kind, year, month), created_by=actor)
    audit.record(action=AuditAction.CREATE, actor=actor, subject=report, message=report.title)
    return report


def _report_preparers() -> list[User]:
    """The people of the units that prepare the office's reports (CHANCERY_REPORT_UNITS) who may draft
    them."""
    codes = settings.CHANCERY_REPORT_UNITS
    people = User.objects.filter(unit__code__in=codes, is_active=True).select_related("unit")
    return [person for person in people if can_report(person)]


def draft_due_reports(today: date | None = None) -> list[Report]:
    """The schedule (`chancery report due`, daily): last month's report on the first working day of the month
    and last year's summary on the first working day of January, each drafted once from the records unless
    someone drafted that period already; the units that prepare reports are told. Safe to run any number of
    times, on any number of machines: a period has one scheduled draft (a unique constraint)."""
    today = today or timezone.localdate()
    calendar = selectors.office_calendar(today.year, today.year)
    drafted = []
    for kind, year, month in rules.reports_due(today, calendar.is_working_day):
        start, _end, _title = period_of(kind, year, month)
        if Report.objects.filter(kind=kind, starts_on=start).exists():
            continue
        try:
            with transaction.atomic():
                report = Report.objects.create(**new_report(kind, year, month), scheduled=True)
                audit.record(action=AuditAction.CREATE, subject=report, message=f"{report.title} (theo lịch)")
        except IntegrityError:
            continue  # another machine's schedule drafted it a moment ago
        notify(
            _report_preparers(),
            kind=NotificationKind.REPORT_DRAFTED,
            title=f"Dự thảo lập theo lịch từ hồ sơ: {report.title}. Đề nghị hoàn thiện phần nội dung.",
            subject=report,
            url=report.get_absolute_url(),
            key=f"report-draft:{kind}:{start.isoformat()}",
        )
        drafted.append(report)
    return drafted


@transaction.atomic
def edit_narrative(*, actor: Any, report: Report, sections: dict[str, str]) -> Report:
    _require(can_write_report(actor), gettext("You may not edit the report."))
    known = {key for key, _label in SECTIONS[report.kind]}
    unknown = sorted(set(sections) - known)
    if unknown:
        raise ValidationError(
            {"sections": gettext("The report has no section %(names)s.") % {"names": ", ".join(unknown)[:99]}}
        )
    if any(len(text) > rules.NARRATIVE_MAX_CHARS for text in sections.values()):
        raise ValidationError(
            {
                "sections": gettext("A section holds at most %(n)s characters.")
                % {"n": rules.NARRATIVE_MAX_CHARS}
            }
        )
    report = Report.objects.select_for_update().get(pk=report.pk)
    before = dict(report.narrative)
    report.narrative = {**report.narrative, **{k: nfc(v) for k, v in sections.items() if k in known}}
    report.save(update_fields=["narrative", "updated_at"])
    changed = {
        k: {"before": before.get(k, ""), "after": v}
        for k, v in report.narrative.items()
        if before.get(k) != v
    }
    audit.record(
        action=AuditAction.UPDATE, actor=actor, subject=report, changes=changed, message="Sửa nội dung"
    )
    return report


@transaction.atomic
def refresh_figures(*, actor: Any, report: Report) -> Report:
    """Take the figures again from the records (records entered late); the narrative is kept."""
    _require(can_write_report(actor), gettext("You may not edit the report."))
    before = figures_module.values_of(report.figures.get("areas", []))
    Report.objects.filter(pk=report.pk).update(
        figures=report_figures(report.kind, report.starts_on, report.ends_on)
    )
    report.refresh_from_db()
    after = figures_module.values_of(report.figures["areas"])
    changed = {k: {"before": before.get(k), "after": v} for k, v in after.items() if before.get(k) != v}
    audit.record(
        action=AuditAction.UPDATE, actor=actor, subject=report, changes=changed, message="Cập nhật số liệu"
    )
    return report
