"""Countries and international organisations (reference data), treaties through their steps, and the
President's foreign-affairs events with their programme, participants, speeches, checklists and follow-up."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.casework.workflow import Case, Transition, Workflow
from chancery.core.models import ProtectedRecord

from . import rules


class Country(models.Model):
    """A country by ISO 3166-1, loaded from pycountry; its Vietnamese name is the one the Ministry of Foreign
    Affairs uses (pycountry's own translation where none is curated), editable by the administrators."""

    alpha2 = models.CharField(_("ISO code"), max_length=2, unique=True)
    alpha3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric code"), max_length=3)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    folded = models.CharField(max_length=240, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An international (intergovernmental) organisation: a party to a treaty or a visiting delegation."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    folded = models.CharField(max_length=440, editable=False, db_index=True)

    class Meta:
        verbose_name = _("international organisation")
        verbose_name_plural = _("international organisations")
        ordering = ["acronym"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})"


TREATY_STATES = {
    "proposed": _("Proposed for negotiation"),
    "negotiating": _("Under negotiation"),
    "signed": _("Signed"),
    "submitted": _("Submitted for ratification, approval or accession"),
    "decided": _("Ratified, approved or acceded to"),
    "notified": _("Other parties notified"),
    "in_force": _("In force"),
    "suspended": _("Suspended"),
    "terminated": _("Terminated"),
}


def _step(name: str, sources: set[str], target: str, label: object) -> Transition:
    return Transition(name, frozenset(sources), target, label)  # type: ignore[arg-type]


class Treaty(Case):
    """Một điều ước quốc tế, from the proposal to negotiate to its end; each step a dated TreatyStep."""

    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("type"), max_length=12, choices=rules.KIND_CHOICES)
    concluded_in_name_of = models.CharField(_("in the name of"), max_length=12, choices=rules.NAME_CHOICES)
    consent = models.CharField(
        _("consent to be bound by"), max_length=12, choices=rules.CONSENT_CHOICES, blank=True
    )
    ministry = models.CharField(_("proposing ministry"), max_length=250)
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="+")
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="+"
    )
    place = models.CharField(_("place of signature"), max_length=200, blank=True)
    proposed_on = models.DateField(_("proposed on"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force on"), null=True, blank=True)
    folded = models.CharField(max_length=800, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    workflow = Workflow(
        states=TREATY_STATES,
        initial="proposed",
        transitions=(
            _step("negotiate", {"proposed"}, "negotiating", _("Negotiation begins")),
            _step("sign", {"proposed", "negotiating"}, "signed", _("Signed")),
            _step("submit", {"signed"}, "submitted", _("Submitted for ratification, approval or accession")),
            _step("submit_accession", {"proposed", "negotiating"}, "submitted", _("Submitted for accession")),
            _step("decide", {"submitted"}, "decided", _("Decision to ratify, approve or accede")),
            _step("notify", {"decided", "signed"}, "notified", _("Other parties notified")),
            _step("enter_into_force", {"signed", "decided", "notified"}, "in_force", _("Entered into force")),
            _step("amend", {"in_force"}, "in_force", _("Amended, supplemented or extended")),
            _step("suspend", {"in_force"}, "suspended", _("Suspended")),
            _step("resume", {"suspended"}, "in_force", _("Resumed")),
            _step("terminate", {"in_force", "suspended"}, "terminated", _("Terminated or withdrawn from")),
        ),
    )
    audit_fields: ClassVar[tuple[str, ...]] = ("title", "kind", "concluded_in_name_of", "ministry")
    detail_url_name = "diplomacy:treaty"

    class Meta:
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        indexes = [models.Index(fields=["proposed_on", "id"], name="treaty_proposed_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])


class TreatyStep(models.Model):
    """One step of a treaty's life with its date, a note and its documents (attachments of the step)."""

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=30)
    state = models.CharField(_("state after"), max_length=40)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("treaty step")
        verbose_name_plural = _("treaty steps")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["step", "on"], name="treatystep_step_on_idx")]

    def __str__(self) -> str:
        return f"{self.step} {self.on}"

    @property
    def label(self) -> str:
        transition = Treaty.workflow.get(self.step)
        return str(transition.label) if transition else str(_("Proposed for negotiation"))


class Event(ProtectedRecord):
    """A foreign-affairs activity of the President or the Vice President."""

    kind = models.CharField(_("kind"), max_length=16, choices=rules.EVENT_KINDS)
    title = models.CharField(_("title"), max_length=300)
    leader = models.CharField(_("leader"), max_length=20, choices=rules.LEADERS, default="president")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    guest = models.CharField(_("guest or host"), max_length=250, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    folded = models.CharField(max_length=600, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_fields: ClassVar[tuple[str, ...]] = (
        "kind",
        "title",
        "leader",
        "guest",
        "place",
        "starts_on",
        "ends_on",
        "is_cancelled",
    )
    detail_url_name = "diplomacy:event"

    class Meta:
        verbose_name = _("foreign-affairs event")
        verbose_name_plural = _("foreign-affairs events")
        indexes = [models.Index(fields=["starts_on", "id"], name="event_starts_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="event_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def open_work(cls) -> models.Q:
        """An event is work waiting until its last day has passed (it has no workflow to end in)."""
        from django.utils import timezone

        return models.Q(ends_on__gte=timezone.localdate())

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def kind_label(self) -> str:
        return rules.EVENT_KIND_LABELS.get(self.kind, self.kind)

    @property
    def colour(self) -> str:
        return rules.EVENT_COLOURS.get(self.kind, "secondary")


class ProgrammeItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("item"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    attire = models.CharField(_("attire"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    SIDES = [("vietnam", "Phía Việt Nam"), ("guest", "Phía khách")]
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    side = models.CharField(_("side"), max_length=10, choices=SIDES, default="vietnam")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["side", "id"]

    def __str__(self) -> str:
        return self.name


class Speech(models.Model):
    """A speech or talking points to draft for the event, by a unit and a person, due on a date."""

    STATES = [("drafting", "Đang soạn"), ("submitted", "Đã trình"), ("approved", "Đã duyệt")]
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speeches")
    title = models.CharField(_("speech"), max_length=300)
    unit = models.ForeignKey("core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=10, choices=STATES, default="drafting")
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """A logistics or protocol task of the event, assigned to a unit with a due date, ticked off when done."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checklist")
    category = models.CharField(_("category"), max_length=16, choices=rules.CHECKLIST_CATEGORIES)
    title = models.CharField(_("task"), max_length=300)
    unit = models.ForeignKey("core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["due_on", "category", "id"]
        indexes = [models.Index(fields=["unit", "done_on", "due_on"], name="checklist_unit_due_idx")]

    def __str__(self) -> str:
        return self.title


class FollowUp(models.Model):
    """A commitment made during the event (an agreement to implement, a visit to return), tracked as a task of
    a unit to its due date."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="follow_ups")
    commitment = models.TextField(_("commitment"))
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.TextField(_("result"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["unit", "done_on", "due_on"], name="followup_unit_due_idx")]

    def __str__(self) -> str:
        return self.commitment[:60]
