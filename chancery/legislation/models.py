"""Laws and ordinances the President promulgates: each registered when passed, its clock to the order of
promulgation, the ordinance's reconsideration with its own clock, the office's notes on the text, and the
order issued through the documents module."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.casework.services import starts_clock, stops_clock
from chancery.casework.workflow import Case, Transition, Workflow

from . import rules


def _within_reconsideration(case: Any, data: Mapping[str, Any]) -> str | None:
    """Only an ordinance, and only within 10 days of its passing (Luật 64/2025/QH15, Điều 43.1)."""
    if case.kind != rules.ORDINANCE:
        return "Chỉ đề nghị Ủy ban Thường vụ Quốc hội xem xét lại pháp lệnh."
    on = data.get("on") or timezone.localdate()
    if (on - case.passed_on).days > rules.RECONSIDERATION_DAYS:
        return (
            f"Đã quá {rules.RECONSIDERATION_DAYS} ngày kể từ ngày pháp lệnh được thông qua "
            f"({case.passed_on:%d/%m/%Y}): không còn đề nghị xem xét lại được."
        )
    return None


def _repassed_after_request(case: Any, data: Mapping[str, Any]) -> str | None:
    on = data.get("on") or timezone.localdate()
    if case.reconsideration_requested_on and on < case.reconsideration_requested_on:
        return "Ngày thông qua lại không thể trước ngày đề nghị xem xét lại."
    return None


STATES = {
    "passed": _("Passed, to promulgate"),
    "reconsideration": _("Reconsideration requested"),
    "repassed": _("Passed again, to promulgate"),
    "to_assembly": _("Submitted to the National Assembly"),
    "promulgated": _("Promulgated"),
}


class Statute(Case):
    """Một luật, pháp lệnh được thông qua, chờ Chủ tịch nước công bố."""

    kind = models.CharField(_("kind"), max_length=12, choices=rules.KIND_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("number"), max_length=40, blank=True, help_text=_("e.g. 64/2025/QH15"))
    session = models.CharField(_("session"), max_length=200, blank=True)
    passed_on = models.DateField(_("passed on"))
    reconsideration_requested_on = models.DateField(_("reconsideration requested on"), null=True, blank=True)
    reconsideration_reason = models.TextField(_("reasons for reconsideration"), blank=True)
    repassed_on = models.DateField(_("passed again on"), null=True, blank=True)
    order_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("order of promulgation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order_number = models.CharField(_("order number"), max_length=80, blank=True)
    promulgated_on = models.DateField(_("promulgated on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    workflow = Workflow(
        states=STATES,
        initial="passed",
        transitions=(
            Transition(
                "request_reconsideration",
                frozenset({"passed"}),
                "reconsideration",
                _("Ask the Standing Committee to reconsider"),
                required=("reason",),
                guard=_within_reconsideration,
                effects=(
                    stops_clock(rules.RECONSIDERATION, "Đã gửi đề nghị xem xét lại"),
                    stops_clock(rules.PROMULGATION, "Chờ Ủy ban Thường vụ Quốc hội xem xét lại"),
                ),
            ),
            Transition(
                "repass",
                frozenset({"reconsideration"}),
                "repassed",
                _("Passed again by the Standing Committee"),
                guard=_repassed_after_request,
                effects=(
                    starts_clock(
                        rules.PROMULGATION_AGAIN,
                        "Công bố pháp lệnh đã được thông qua lại",
                        rules.PROMULGATION_DAYS,
                        rules.UNIT,
                    ),
                ),
            ),
            Transition(
                "refer_to_assembly",
                frozenset({"repassed"}),
                "to_assembly",
                _("Submit to the National Assembly"),
                required=("reason",),
                effects=(stops_clock(rules.PROMULGATION_AGAIN, "Chủ tịch nước trình Quốc hội quyết định"),),
            ),
            Transition(
                "promulgate",
                frozenset({"passed", "repassed"}),
                "promulgated",
                _("Promulgated by order"),
                effects=(
                    stops_clock(rules.PROMULGATION, "Đã công bố"),
                    stops_clock(rules.PROMULGATION_AGAIN, "Đã công bố"),
                    stops_clock(rules.RECONSIDERATION, "Không đề nghị xem xét lại"),
                ),
            ),
        ),
    )
    audit_fields: ClassVar[tuple[str, ...]] = ("kind", "title", "number", "session", "passed_on")
    detail_url_name = "legislation:statute"

    class Meta:
        verbose_name = _("law or ordinance")
        verbose_name_plural = _("laws and ordinances")
        indexes = [models.Index(fields=["passed_on", "id"], name="statute_passed_idx")]

    def __str__(self) -> str:
        return f"{rules.KINDS.get(self.kind, self.kind)} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def passed_by(self) -> str:
        return rules.PASSED_BY.get(self.kind, "")

    @property
    def full_title(self) -> str:
        """ "Luật Đất đai", "Pháp lệnh Chi phí tố tụng": the title with its kind unless it already says it."""
        kind = rules.KINDS.get(self.kind, "")
        return self.title if self.title.lower().startswith(kind.lower()) else f"{kind} {self.title}"


class StatuteNote(models.Model):
    """The office's research notes and comments on a text before it is promulgated."""

    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


DRAFT_STATES = {
    "received": _("Received, comments to send"),
    "answered": _("Comments sent"),
    "withdrawn": _("Withdrawn by the drafting body"),
}


class DraftLaw(Case):
    """Một dự án luật, pháp lệnh gửi xin ý kiến Văn phòng: its due date is the one the request gives, counted
    as calendar days from receipt on the shared clocks (a last day off moves to the next working day)."""

    title = models.CharField(_("title"), max_length=300)
    sender = models.ForeignKey(
        "core.Agency",
        verbose_name=_("drafting body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sender_name = models.CharField(_("drafting body"), max_length=250)
    reference = models.CharField(_("request letter"), max_length=80, blank=True)
    received_on = models.DateField(_("received on"))
    comments_due_on = models.DateField(_("comments due on"))
    comments = models.TextField(_("comments sent"), blank=True)
    answered_on = models.DateField(_("comments sent on"), null=True, blank=True)
    reply_number = models.CharField(_("reply letter"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    workflow = Workflow(
        states=DRAFT_STATES,
        initial="received",
        transitions=(
            Transition(
                "answer",
                frozenset({"received"}),
                "answered",
                _("Send the comments"),
                required=("comments",),
                effects=(stops_clock(rules.COMMENTS, "Đã gửi ý kiến"),),
            ),
            Transition(
                "withdraw",
                frozenset({"received"}),
                "withdrawn",
                _("Withdrawn by the drafting body"),
                required=("reason",),
                effects=(stops_clock(rules.COMMENTS, "Cơ quan chủ trì soạn thảo rút yêu cầu"),),
            ),
        ),
    )
    audit_fields: ClassVar[tuple[str, ...]] = ("title", "sender_name", "reference", "comments_due_on")
    detail_url_name = "legislation:draft"

    class Meta:
        verbose_name = _("draft law for comments")
        verbose_name_plural = _("draft laws for comments")
        indexes = [models.Index(fields=["received_on", "id"], name="draftlaw_received_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])
