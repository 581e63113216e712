"""/api/v1/petitions/: every step of a petition over the API (register, classify, check duplicates and rule on
them, decide, record the agency's answer, remind, close), the same services as the web pages. A denouncer's
identity is masked exactly as on the page. Listing, filtering and search use /api/v1/lists/petitions/ and
/api/v1/search/; the agencies are at /api/v1/agencies/."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core import access, jobs
from chancery.core.api_base import RecordViewSet
from chancery.core.api_work import JobSerializer
from chancery.core.models import Agency
from chancery.core.provinces import province_name
from chancery.core.views_actions import file_response
from chancery.documents.api import FileField
from chancery.petitions import importer, letters, selectors, services
from chancery.petitions.models import (
    Channel,
    Field,
    LinkVerdict,
    Petition,
    PetitionKind,
    Salutation,
)


class PersonSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    id_number = serializers.RegexField(
        r"^\d{9}(\d{3})?$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": gettext_lazy("An identity card number has 9 or 12 digits.")},
    )
    salutation = serializers.ChoiceField(choices=Salutation.choices, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    province_code = serializers.IntegerField(required=False, allow_null=True)
    ward_code = serializers.IntegerField(required=False, allow_null=True)
    is_representative = serializers.BooleanField(required=False, default=False)


class RegisterSerializer(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_on = serializers.DateField()
    summary = serializers.CharField(max_length=300)
    content = serializers.CharField()
    kind = serializers.ChoiceField(choices=PetitionKind.choices)
    field = serializers.ChoiceField(choices=Field.choices)
    petitioners = PersonSerializer(many=True, required=False)
    people_count = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    addressed_to = serializers.CharField(max_length=250, required=False, allow_blank=True)
    sent_by_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    source_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    competent_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    decision_known_on = serializers.DateField(required=False, allow_null=True)
    instance = serializers.ChoiceField(choices=[1, 2], required=False, allow_null=True)
    is_complex = serializers.BooleanField(required=False, default=False)
    is_remote_area = serializers.BooleanField(required=False, default=False)
    checked_in_several_places = serializers.BooleanField(required=False, default=False)
    has_evidence = serializers.BooleanField(required=False, default=False)
    is_civil_dispute = serializers.BooleanField(required=False, default=False)

    def data_for_service(self) -> services.PetitionData:
        values = dict(self.validated_data)
        people = [services.PersonData(**p) for p in values.pop("petitioners", [])]
        return services.PetitionData(petitioners=people, **values)


class LetterSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    letter = serializers.CharField()
    number = serializers.CharField()
    agency = serializers.CharField(source="agency.name", allow_null=True, default=None)
    sent_on = serializers.DateField()
    answer_by = serializers.DateField(allow_null=True)
    answered_on = serializers.DateField(allow_null=True)
    answer = serializers.CharField()


class PetitionSerializer(serializers.ModelSerializer[Petition]):
    state_label = serializers.CharField(read_only=True)
    petitioners = serializers.SerializerMethodField()
    petitioner_name = serializers.SerializerMethodField()
    province = serializers.SerializerMethodField()
    letters = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    identity_protected = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = (
            "id",
            "registry_number",
            "tracking_code",
            "state",
            "state_label",
            "channel",
            "received_on",
            "summary",
            "content",
            "kind",
            "field",
            "competent_agency",
            "sent_by_agency",
            "source_reference",
            "addressed_to",
            "is_anonymous",
            "people_count",
            "petitioner_name",
            "petitioners",
            "province_code",
            "province",
            "decision_known_on",
            "instance",
            "is_complex",
            "is_remote_area",
            "checked_in_several_places",
            "has_evidence",
            "is_civil_dispute",
            "parent",
            "matter",
            "merged_into",
            "path",
            "grounds",
            "decision_note",
            "decided_on",
            "outcome",
            "closed_on",
            "letters",
            "actions",
            "accused_agency",
            "identity_protected",
            "warnings",
        )
        read_only_fields = fields

    def _user(self) -> Any:
        return self.context["request"].user

    def get_identity_protected(self, petition: Petition) -> bool:
        """Whether the denouncer is protected: a denunciation, or a petition one was merged into or split from
        (selectors.is_protected, the rule every outlet applies)."""
        return selectors.is_protected(petition)

    def get_petitioners(self, petition: Petition) -> list[dict[str, Any]]:
        return [
            {
                "full_name": p.full_name,
                "salutation": p.salutation,
                "id_number": p.id_number,
                "phone": p.phone,
                "email": p.email,
                "address": p.address,
                "place": p.place,
                "is_representative": p.is_representative,
            }
            for p in selectors.petitioners(self._user(), petition)
        ]

    def get_petitioner_name(self, petition: Petition) -> str:
        return selectors.petitioner_name(self._user(), petition)

    def get_province(self, petition: Petition) -> str:
        return province_name(petition.province_code)

    def to_representation(self, petition: Petition) -> dict[str, Any]:
        """The free texts as the caller may read them: redacted unless the caller handles a protected
        petition (access.redacted_text); the view records an opening of the full text."""
        data: dict[str, Any] = super().to_representation(petition)
        shown = selectors.shown_text(self._user(), petition)
        data.update(
            summary=shown.summary,
            content=shown.content,
            decision_note=shown.decision_note,
            outcome=shown.outcome,
        )
        return data

    def get_letters(self, petition: Petition) -> list[dict[str, Any]]:
        shown = access.text_redactor(self._user(), petition)
        found = selectors.letters_of(petition)
        data: list[dict[str, Any]] = LetterSerializer(found, many=True).data  # type: ignore[assignment]
        for row, letter in zip(data, found, strict=True):
            row["answer"] = shown(letter.answer)
            row["enclosure"] = (
                reverse("petitions:letter_enclosure", args=[petition.pk, letter.pk])
                if letters.has_enclosure(letter)
                else None
            )
        return data

    def get_warnings(self, petition: Petition) -> list[str]:
        """Warnings about the petition's path: forwarding a denunciation to the body of the person
        denounced (a warning, not a refusal)."""
        return selectors.accused_body_warnings(petition)

    def get_actions(self, petition: Petition) -> list[str]:
        return [t.name for t in Petition.workflow.available(self._user(), petition)]


DecisionSchema = inline_serializer(
    "PetitionDecision",
    {
        **{name: serializers.BooleanField(required=False) for name in sorted(services.CHECK_NAMES)},
        "late_excuse": serializers.CharField(required=False, allow_blank=True),
        "agency": serializers.IntegerField(required=False, allow_null=True),
        "answer_by": serializers.DateField(required=False, allow_null=True),
        "on": serializers.DateField(required=False, allow_null=True),
        "note": serializers.CharField(required=False, allow_blank=True),
        "signed_by": serializers.CharField(required=False, allow_blank=True),
        "signer_title": serializers.CharField(required=False, allow_blank=True),
    },
)


class DecisionSerializer(serializers.Serializer[Any]):
    """The checks found (each a boolean; one not sent is not said) and the letter's details. The path is not
    the caller's to choose: the rules decide it from the petition's record and these checks."""

    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    answer_by = serializers.DateField(required=False, allow_null=True)
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    signed_by = serializers.CharField(required=False, allow_blank=True, default="")
    signer_title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    late_excuse = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in sorted(services.CHECK_NAMES):
            self.fields[name] = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: _("Not a check of this decision.") for name in sorted(unknown)}
            )
        return attrs

    def decision_data(self) -> services.DecisionData:
        values = self.validated_data
        return services.DecisionData(
            checks={name: values[name] for name in services.CHECK_NAMES if name in values},
            agency=values.get("agency"),
            answer_by=values.get("answer_by"),
            note=values.get("note", ""),
            signed_by=values.get("signed_by", ""),
            signer_title=values.get("signer_title", ""),
            on=values.get("on"),
            late_excuse=values.get("late_excuse", ""),
        )


class CaseFactsSerializer(serializers.Serializer[Any]):
    """The facts of the case the time limits and the path depend on; only those sent change."""

    instance = serializers.ChoiceField(choices=[1, 2], required=False, allow_null=True)
    decision_known_on = serializers.DateField(required=False, allow_null=True)
    is_complex = serializers.BooleanField(required=False)
    is_remote_area = serializers.BooleanField(required=False)
    checked_in_several_places = serializers.BooleanField(required=False)
    has_evidence = serializers.BooleanField(required=False)
    is_civil_dispute = serializers.BooleanField(required=False)


class ClassifySerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PetitionKind.choices)
    field = serializers.ChoiceField(choices=Field.choices)
    competent_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    summary = serializers.CharField(max_length=300, required=False)
    facts = CaseFactsSerializer(required=False)
    accused_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        allow_null=True,
        help_text="For a denunciation: the body the person denounced works in (forwarding there is warned).",
    )


class DuplicateVerdictSerializer(serializers.Serializer[Any]):
    other = serializers.IntegerField()
    verdict = serializers.ChoiceField(choices=LinkVerdict.choices)


class AnswerSerializer(serializers.Serializer[Any]):
    answered_on = serializers.DateField()
    answer = serializers.CharField()
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField()
    closed_on = serializers.DateField(required=False, allow_null=True)


DuplicateSchema = inline_serializer(
    "PetitionDuplicate",
    {
        "id": serializers.IntegerField(),
        "registry_number": serializers.CharField(),
        "received_on": serializers.DateField(),
        "petitioner": serializers.CharField(help_text="*** when the denouncer is protected from the caller"),
        "summary": serializers.CharField(),
        "state": serializers.CharField(),
        "similarity": serializers.FloatField(),
        "same_petitioner": serializers.BooleanField(),
        "verdict": serializers.CharField(),
    },
    many=True,
)


class ImportRegisterSerializer(serializers.Serializer[Any]):
    workbook = FileField()


class PetitionViewSet(mixins.RetrieveModelMixin, RecordViewSet[Petition]):
    """Petitions the caller may see. Each POST action is one step of the petition's path."""

    serializer_class = PetitionSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Petition]:
        return selectors.with_identity_flag(selectors.visible_petitions(self.request.user), self.request.user)

    def _petition(self) -> Petition:
        petition = selectors.get_petition(self.request.user, int(self.kwargs["pk"]))
        if petition is None:
            raise NotFound
        return petition

    def _show(self, petition: Petition, code: int = status.HTTP_200_OK) -> Response:
        petition.refresh_from_db()
        self._opened(petition)
        return Response(PetitionSerializer(petition, context={"request": self.request}).data, status=code)

    def _opened(self, petition: Petition) -> None:
        """A handler reading a protected petition's text as written: every opening is traced."""
        if selectors.is_protected(petition) and access.reads_in_full(self.request.user, petition):
            services.record_opening(actor=self.request.user, petition=petition)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        petition = self.get_object()
        self._opened(petition)
        return Response(PetitionSerializer(petition, context={"request": request}).data)

    @extend_schema(request=RegisterSerializer, responses={201: PetitionSerializer})
    def create(self, request: Request) -> Response:
        """Register a petition (any channel); the answer carries its number and tracking code."""
        payload = RegisterSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        petition = services.register_petition(actor=request.user, data=payload.data_for_service())
        return self._show(petition, status.HTTP_201_CREATED)

    @extend_schema(request=ImportRegisterSerializer, responses={202: JobSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_register(self, request: Request) -> Response:
        """Import a register of petitions kept in Excel (.xlsx, the columns of the template on the import
        page): a job; its result lists the rows not registered and why."""
        payload = ImportRegisterSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            upload = jobs.receive_upload(
                actor=request.user, kind="petition_import", upload=payload.validated_data["workbook"]
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"workbook": error.messages}) from error
        try:
            job = importer.start_import(actor=request.user, upload=upload)
        except (DjangoValidationError, PermissionDenied):
            jobs.discard_upload(upload)
            raise
        return Response(
            JobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(request=ClassifySerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request: Request, pk: str) -> Response:
        payload = ClassifySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        petition = services.classify_petition(
            actor=request.user,
            petition=self._petition(),
            kind=values["kind"],
            field=values["field"],
            competent_agency=values.get("competent_agency"),
            summary=values.get("summary"),
            facts=values.get("facts"),
            accused_agency=values.get("accused_agency", services.KEEP),
        )
        return self._show(petition)

    @extend_schema(request=CaseFactsSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def facts(self, request: Request, pk: str) -> Response:
        """Record or correct the facts of the case (second complaint, complex, remote area, checks in several
        places, evidence, civil dispute) before the decision or while the Office handles it; the running time
        limit follows the law's figure for them."""
        payload = CaseFactsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        petition = services.set_case_facts(
            actor=request.user, petition=self._petition(), facts=payload.validated_data
        )
        return self._show(petition)

    @extend_schema(responses=DuplicateSchema)
    @action(detail=True, methods=["get"])
    def duplicates(self, request: Request, pk: str) -> Response:
        """The petitions that look like the same matter, with their state and the verdict already given; a
        denouncer the caller may not know is never confirmed as the same petitioner, and the check's reading
        of protected petitions is traced."""
        petition = self._petition()
        found, screened = selectors.duplicate_check(request.user, petition)
        services.record_duplicate_check(actor=request.user, petitions=screened.protected, source=petition)
        return Response(
            [
                {
                    "id": d.petition.pk,
                    "registry_number": d.petition.registry_number,
                    "received_on": d.petition.received_on,
                    "petitioner": d.petitioner,
                    "summary": d.summary,
                    "state": d.petition.state,
                    "similarity": d.similarity,
                    "same_petitioner": d.same_petitioner,
                    "verdict": d.verdict,
                }
                for d in found
            ]
        )

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"], url_path=r"letters/(?P<letter_id>\d+)/enclosure")
    def enclosure(self, request: Request, pk: str, letter_id: str) -> HttpResponse:
        """The copy of a protected petition its forwarding encloses, as PDF, with the denouncer's identity
        removed (Luật Tố cáo 2018, Art. 56)."""
        petition = self._petition()
        letter = petition.forwardings.filter(pk=int(letter_id)).first()
        if letter is None or not letters.has_enclosure(letter):
            raise NotFound
        try:
            content = letters.render_enclosure_pdf(letter)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        name = f"{letter.number.replace('/', '-')}-ban-sao-don.pdf"
        return file_response(content, name, content_type="application/pdf")

    @extend_schema(request=DuplicateVerdictSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"], url_path="duplicate-verdict")
    def duplicate_verdict(self, request: Request, pk: str) -> Response:
        payload = DuplicateVerdictSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        petition = self._petition()
        other = selectors.get_petition(request.user, payload.validated_data["other"])
        if other is None:
            raise NotFound
        services.decide_duplicate(
            actor=request.user, petition=petition, other=other, verdict=payload.validated_data["verdict"]
        )
        return self._show(petition)

    @extend_schema(request=DecisionSchema, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """The checks found, each a boolean; the rules of the law decide the path from them and the
        petition's record (anonymity, evidence, civil dispute, the dates of a complaint): a check cannot deny
        the record."""
        petition = self._petition()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        petition, _decision = services.decide_petition(
            actor=request.user, petition=petition, data=payload.decision_data()
        )
        return self._show(petition)

    @extend_schema(request=AnswerSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        payload = AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        petition = services.record_answer(
            actor=request.user, petition=self._petition(), **payload.validated_data
        )
        return self._show(petition)

    @extend_schema(request=None, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def remind(self, request: Request, pk: str) -> Response:
        petition = self._petition()
        services.send_reminder(actor=request.user, petition=petition)
        return self._show(petition)

    @extend_schema(request=CloseSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        payload = CloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        petition = services.close_petition(
            actor=request.user,
            petition=self._petition(),
            outcome=payload.validated_data["outcome"],
            closed_on=payload.validated_data.get("closed_on"),
        )
        return self._show(petition)
