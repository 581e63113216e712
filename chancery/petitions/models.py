"""Petitions (đơn thư): what a citizen or organisation sends the Office, from registration to the answer.

A petition is one content of one kind: a letter holding a complaint and a denunciation is split into two
petitions (`parent` points to the letter's first registration), each handled by the rules of its kind.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.casework.workflow import Case, Transition, Workflow
from chancery.core.models import Agency
from chancery.petitions.rules import Kind, Path


class Channel(models.TextChoices):
    POST = "post", _("By post")
    RECEPTION = "reception", _("At citizen reception")
    ONLINE = "online", _("Online")
    FORWARDED = "forwarded", _("Forwarded by another agency")
    HAND = "hand", _("Handed in at the office")


class PetitionKind(models.TextChoices):
    COMPLAINT = Kind.COMPLAINT.value, _("Complaint")
    DENUNCIATION = Kind.DENUNCIATION.value, _("Denunciation")
    RECOMMENDATION = Kind.RECOMMENDATION.value, _("Recommendation")
    REFLECTION = Kind.REFLECTION.value, _("Reflection")


class Field(models.TextChoices):
    """Lĩnh vực — the field of a petition's content (the Government Inspectorate's report headings)."""

    LAND = "land", _("Land, housing, compensation")
    ADMINISTRATION = "administration", _("Public administration")
    JUSTICE = "justice", _("Justice (court judgments, enforcement)")
    CORRUPTION = "corruption", _("Corruption, abuse of office")
    SOCIAL = "social", _("Social policy, people with merit")
    LABOUR = "labour", _("Labour, employment, insurance")
    ECONOMY = "economy", _("Economy, business, finance")
    CLEMENCY = "clemency", _("Clemency and amnesty")
    ENVIRONMENT = "environment", _("Environment")
    CIVIL = "civil", _("Civil disputes between citizens")
    OTHER = "other", _("Other")


class PetitionPath(models.TextChoices):
    HANDLE = Path.HANDLE.value, _("Handle (within competence)")
    FORWARD = Path.FORWARD.value, _("Forward to the competent agency")
    GUIDE = Path.GUIDE.value, _("Guide the petitioner")
    STORE = Path.STORE.value, _("Store without action")


class Matter(models.Model):
    """Hồ sơ vụ việc — every petition about one matter, across petitioners, channels and years."""

    title = models.CharField(_("matter"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("matter file")
        verbose_name_plural = _("matter files")

    def __str__(self) -> str:
        return self.title


class ReceptionSession(models.Model):
    """Buổi tiếp công dân — a session at which citizens were received; each visit is a `ReceptionVisit`."""

    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    host = models.CharField(_("received by"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    owning_unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    audit_fields: ClassVar[tuple[str, ...]] = ("held_on", "place", "host", "note")

    class Meta:
        verbose_name = _("citizen reception session")
        verbose_name_plural = _("citizen reception sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on"], name="reception_date_idx")]

    def __str__(self) -> str:
        return f"{self.place} {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("petitions:session_detail", args=[self.pk])

    def audit_scope(self) -> tuple[int | None, int]:
        return self.owning_unit_id, 0


class VisitOutcome(models.TextChoices):
    PETITION = "petition", _("Petition registered")
    GUIDED = "guided", _("Guided on the spot")
    ANSWERED = "answered", _("Answered on the spot")


class ReceptionVisit(models.Model):
    """One citizen or delegation received at a session: who came, how many, about what, and the outcome."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.CASCADE, related_name="visits")
    visitor = models.CharField(_("who came"), max_length=200)
    people = models.PositiveIntegerField(_("number of people"), default=1)
    province_code = models.PositiveSmallIntegerField(_("province"), null=True, blank=True)
    content = models.TextField(_("content"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=VisitOutcome.choices)
    petition = models.ForeignKey(
        "Petition", on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(people__gte=1), name="visit_people_positive")]

    def __str__(self) -> str:
        return self.visitor


STATES = {
    "received": _("Received"),
    "handling": _("Being handled"),
    "forwarded": _("Forwarded"),
    "guided": _("Guided"),
    "stored": _("Stored"),
    "answered": _("Answer received"),
    "closed": _("Closed"),
    "merged": _("Merged"),
}
OPEN_STATES = frozenset({"received", "handling", "forwarded", "answered"})


class Petition(Case):
    """Đơn — one petition (one content of one kind) as the Office registered it."""

    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    registry_number = models.CharField(_("registry number"), max_length=40)
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    addressed_to = models.CharField(_("addressed to"), max_length=250, blank=True)
    sent_by_agency = models.ForeignKey(
        Agency,
        verbose_name=_("forwarded to us by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions_sent",
    )
    source_reference = models.CharField(_("their reference"), max_length=100, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    content = models.TextField(_("content"))
    kind = models.CharField(_("kind"), max_length=20, choices=PetitionKind.choices)
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions_competent",
    )
    # Cơ quan của người bị tố cáo — the body the person denounced works in (set at classification): forwarding
    # the denunciation there is warned of.
    accused_agency = models.ForeignKey(
        Agency,
        verbose_name=_("body of the person denounced"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # Set once the petition holds a denouncer (a denunciation, a petition a denunciation was merged into, a
    # letter split into a denunciation and its other parts) and never cleared: a reclassification does not
    # give away the identity given under the law's protection. See chancery.petitions.selectors.is_protected.
    identity_protected = models.BooleanField(_("denouncer protected"), default=False)
    # The representative's name ("and N others" for a group), kept for lists; a denouncer's is masked.
    petitioner_name = models.CharField(_("petitioner"), max_length=250, blank=True)
    people_count = models.PositiveIntegerField(_("number of petitioners"), default=1)
    province_code = models.PositiveSmallIntegerField(_("province"), null=True, blank=True)
    decision_known_on = models.DateField(_("decision known on"), null=True, blank=True)
    instance = models.PositiveSmallIntegerField(_("complaint instance"), null=True, blank=True)
    # Facts the law's time limits and the path depend on (chancery.petitions.rules), set at registration or
    # classification and, for the first two, while the petition is handled; each change is audited. A civil
    # dispute between citizens is known by `is_civil_dispute` (the clerk's suggestion also files it under
    # Field.CIVIL, which counts as the same fact).
    is_complex = models.BooleanField(_("complex case"), default=False)
    is_remote_area = models.BooleanField(_("remote area with difficult travel"), default=False)
    checked_in_several_places = models.BooleanField(_("checked in several places"), default=False)
    has_evidence = models.BooleanField(_("concrete evidence enclosed"), default=False)
    is_civil_dispute = models.BooleanField(_("civil dispute between private parties"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("split from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("matter file"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="petitions",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    reception_visit = models.ForeignKey(
        ReceptionVisit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    path = models.CharField(_("decision"), max_length=10, choices=PetitionPath.choices, blank=True)
    grounds = models.JSONField(_("grounds"), default=list, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the duplicate check compares: the content's shingles are recomputed from it.
    folded_summary = models.CharField(max_length=300, editable=False)

    # The side effects of each step (clocks, letters, numbers) are in chancery.petitions.services, which is
    # the only caller of these transitions.
    workflow = Workflow(
        states=STATES,
        initial="received",
        transitions=(
            Transition("handle", frozenset({"received"}), "handling", _("Accept and handle")),
            Transition("forward", frozenset({"received"}), "forwarded", _("Forward")),
            Transition("guide", frozenset({"received"}), "guided", _("Guide the petitioner")),
            Transition("store", frozenset({"received"}), "stored", _("Store without action")),
            Transition("merge", frozenset({"received"}), "merged", _("Merge into another petition")),
            Transition("answer", frozenset({"forwarded"}), "answered", _("Record the agency's answer")),
            Transition("close", frozenset({"handling", "answered", "guided"}), "closed", _("Close")),
        ),
    )

    detail_url_name: ClassVar[str] = "petitions:detail"
    audit_fields: ClassVar[tuple[str, ...]] = (
        "registry_number",
        "channel",
        "received_on",
        "addressed_to",
        "sent_by_agency",
        "summary",
        "kind",
        "field",
        "competent_agency",
        "accused_agency",
        "is_anonymous",
        "identity_protected",
        "people_count",
        "province_code",
        "decision_known_on",
        "instance",
        "is_complex",
        "is_remote_area",
        "checked_in_several_places",
        "has_evidence",
        "is_civil_dispute",
        "path",
        "grounds",
        "decided_on",
        "outcome",
        "closed_on",
    )

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="petition_number_per_year"),
            models.CheckConstraint(condition=Q(people_count__gte=1), name="petition_people_positive"),
            models.CheckConstraint(
                condition=Q(instance__isnull=True) | Q(instance__in=[1, 2]), name="petition_instance_1_or_2"
            ),
            models.CheckConstraint(
                condition=~Q(state="stored") | ~Q(grounds=[]), name="petition_stored_has_grounds"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=F("pk")),
                name="petition_not_merged_self",
            ),
        ]
        indexes = [
            # one per sortable column of the list, with the id that breaks ties (keyset pages)
            models.Index(fields=["received_on", "id"], name="petition_received_idx"),
            models.Index(fields=["registry_number", "id"], name="petition_number_idx"),
            models.Index(fields=["state", "id"], name="petition_state_idx"),
            models.Index(fields=["owning_unit", "id"], name="petition_unit_idx"),
            models.Index(fields=["kind", "id"], name="petition_kind_idx"),
            models.Index(fields=["folded_summary", "id"], name="petition_summary_idx"),
            # "number starts with": LIKE 'x%' uses an index on PostgreSQL only with the pattern operators when
            # the database's collation is not C (1.2 s to 0.1 s at a million, bench/case_list.py)
            models.Index(
                fields=["registry_number"], opclasses=["varchar_pattern_ops"], name="petition_number_like_idx"
            ),
        ]

    def __str__(self) -> str:
        # Never the petitioner's name: this text goes to notifications, the audit trail and logs.
        return f"Đơn số {self.registry_number}"

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def is_denunciation(self) -> bool:
        return self.kind == PetitionKind.DENUNCIATION

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Salutation(models.TextChoices):
    """How a letter addresses the person ("Ông" or "Bà"); unknown: "Ông/Bà"."""

    MR = "ong", "Ông"
    MRS = "ba", "Bà"


class Petitioner(models.Model):
    """Người gửi đơn — one person or organisation on a petition; a group petition has several, one of them
    the representative. A denouncer's identity is protected: see `chancery.petitions.selectors.identity`."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="petitioners")
    full_name = models.CharField(_("full name"), max_length=200)
    salutation = models.CharField(_("addressed as"), max_length=3, choices=Salutation.choices, blank=True)
    folded_name = models.CharField(max_length=200, editable=False, db_index=True)
    id_number = models.CharField(_("identity card number"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    province_code = models.PositiveSmallIntegerField(_("province"), null=True, blank=True)
    ward_code = models.PositiveIntegerField(_("commune / ward"), null=True, blank=True)
    is_representative = models.BooleanField(_("representative"), default=False)
    joined_from = models.ForeignKey(
        Petition,
        verbose_name=_("joined from petition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")
        ordering = ["-is_representative", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def addressed_as(self) -> str:
        """ "Ông" or "Bà" as recorded, "Ông/Bà" when it is not."""
        return self.get_salutation_display() if self.salutation else "Ông/Bà"


class MatchKey(models.Model):
    """A key the duplicate check looks petitions up by (chancery.petitions.matching): MinHash bands of the
    content and the petitioners' keys. Rows only: the pair (key, petition) is the index."""

    key = models.BigIntegerField()
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+", db_index=False)
    is_person = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["key", "petition"], name="matchkey_key_idx"),
            models.Index(fields=["petition"], name="matchkey_petition_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key}→{self.petition_id}"


class MatchText(models.Model):
    """What the duplicate check compares of a petition, kept from its registration
    (chancery.petitions.matching.parse), so that a check parses only the letter it checks: the words of its
    body as hashes, the shape and length of each segment, and its facts (the numbers, codes, subjects and
    parcels it names, one a line). Never shown: the text itself is the petition's."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, primary_key=True, related_name="+")
    words = models.BinaryField()
    shapes = models.BinaryField()
    sizes = models.BinaryField()
    facts = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.petition_id}"


class LinkVerdict(models.TextChoices):
    SAME_MATTER = "same_matter", _("Same matter (linked)")
    MERGED = "merged", _("Merged")
    NOT_DUPLICATE = "not_duplicate", _("Not a duplicate")


class DuplicateDecision(models.Model):
    """The clerk's verdict on a pair the duplicate check showed; "not a duplicate" stops showing it."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="duplicate_decisions")
    other = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=20, choices=LinkVerdict.choices)
    similarity = models.FloatField(_("similarity"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "other"], name="one_decision_per_pair"),
            models.CheckConstraint(condition=~Q(petition=F("other")), name="decision_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}~{self.other_id}: {self.verdict}"


class LetterKind(models.TextChoices):
    FORWARD = "forward", _("Forwarding letter")
    GUIDE = "guide", _("Guidance letter")
    NOTICE = "notice", _("Notice to the petitioner")
    REMINDER = "reminder", _("Reminder to the agency")
    TRANSFER = "transfer", _("Information passed on for inspection")


class Forwarding(models.Model):
    """Chuyển đơn / hướng dẫn — a letter the Office sent about a petition: to the competent agency (with the
    date it must answer by), to the petitioner, or a reminder; and, for a forwarding, the agency's answer."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="forwardings")
    letter = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.CharField(_("letter number"), max_length=40)
    sent_on = models.DateField(_("sent on"))
    answer_by = models.DateField(_("answer due by"), null=True, blank=True)
    body = models.TextField(_("letter text"), blank=True)
    document = models.FileField(_("letter file"), upload_to="letters/%Y/", blank=True)
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)
    # the block the letter is signed under ("TL. CHỦ NHIỆM" over the signer's title); empty: the Office's
    # standing delegation (petitions.letters.SIGNATURE_BLOCK)
    signer_title = models.CharField(_("signature block"), max_length=200, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_reference = models.CharField(_("answer reference"), max_length=100, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    # the electronic letter (Nghị định 30/2020, Art. 8): its PDF with the signer's digital signature and the
    # Office's seal, once the person named under the signature has signed it in Chancery
    signed_file = models.FileField(_("digitally signed letter"), upload_to="letters/%Y/", blank=True)
    signed_at = models.DateTimeField(_("digitally signed at"), null=True, blank=True)
    digital_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["sent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_by__isnull=True) | Q(answer_by__gte=F("sent_on")),
                name="forwarding_answer_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | ~Q(answer=""), name="forwarding_answer_has_text"
            ),
        ]
        indexes = [models.Index(fields=["agency", "sent_on"], name="forwarding_agency_idx")]

    def __str__(self) -> str:
        return f"{self.get_letter_display()} {self.number}"


class Learned(models.Model):
    """What the suggestions learnt from the petitions on file (petitions.learning): the classifier's counts
    and the duplicate check's corpus, each stored whole by the job that learns them, and read by every web
    process and worker (none learns in a request)."""

    name = models.CharField(max_length=40, unique=True)  # learning.CLASSIFIER, learning.CORPUS
    data = models.BinaryField()
    petitions = models.PositiveIntegerField(default=0)  # how many petitions it learnt from
    learnt_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.petitions})"


class ScannedLetter(models.Model):
    """A petition registered from a letter of a scan (chancery.petitions.scanning): which scan job and which
    of its letters, and for each proposed field whether it was read, how sure the reading was and whether the
    clerk kept it as read (`fields`: name -> {"read", "confidence", "kept"}), measured when the clerk
    registered it. The proposed values stay with the job's result (its starter's only); none is copied here,
    so a denouncer's name or address is in no second place (Luật Tố cáo 2018, Art. 47). A letter of a scan is
    registered once."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="scanned_letter")
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("scan")
    )
    part = models.PositiveSmallIntegerField(_("letter of the scan"))  # 0 for the scan's first letter
    fields = models.JSONField(default=dict, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "part"], condition=Q(job__isnull=False), name="petition_scan_letter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition} ({self.part + 1})"
