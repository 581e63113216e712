"""/api/v1/petitions/: every step of a petition over the API (register, classify, check duplicates and rule on
them, decide, record the agency's answer, remind, close), the same services as the web pages. A denouncer's
identity is masked exactly as on the page. Listing, filtering and search use /api/v1/lists/petitions/ and
/api/v1/search/; the agencies are at /api/v1/agencies/."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core import jobs
from chancery.core.api_work import JobSerializer
from chancery.core.models import Agency
from chancery.core.provinces import province_name
from chancery.documents.api import FileField
from chancery.petitions import importer, rules, selectors, services
from chancery.petitions.models import (
    Channel,
    Field,
    LinkVerdict,
    Petition,
    PetitionKind,
)


class PersonSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200)
    id_number = serializers.RegexField(r"^\d{9}(\d{3})?$", required=False, allow_blank=True)
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
        )
        read_only_fields = fields

    def _user(self) -> Any:
        return self.context["request"].user

    def get_petitioners(self, petition: Petition) -> list[dict[str, Any]]:
        return [
            {
                "full_name": p.full_name,
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

    def get_letters(self, petition: Petition) -> list[dict[str, Any]]:
        return LetterSerializer(selectors.letters_of(petition), many=True).data  # type: ignore[return-value]

    def get_actions(self, petition: Petition) -> list[str]:
        return [t.name for t in Petition.workflow.available(self._user(), petition)]


DecisionSchema = inline_serializer(
    "PetitionDecision",
    {
        **{
            name: serializers.BooleanField(required=False)
            for name in rules.Facts.__dataclass_fields__
            if name != "kind"
        },
        "agency": serializers.IntegerField(required=False, allow_null=True),
        "answer_by": serializers.DateField(required=False, allow_null=True),
        "on": serializers.DateField(required=False, allow_null=True),
        "note": serializers.CharField(required=False, allow_blank=True),
        "signed_by": serializers.CharField(required=False, allow_blank=True),
    },
)


class DecisionSerializer(serializers.Serializer[Any]):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    answer_by = serializers.DateField(required=False, allow_null=True)
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    signed_by = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in rules.Facts.__dataclass_fields__:
            if name != "kind":
                self.fields[name] = serializers.BooleanField(required=False, default=False)


class ClassifySerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PetitionKind.choices)
    field = serializers.ChoiceField(choices=Field.choices)
    competent_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    summary = serializers.CharField(max_length=300, required=False)


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


class PetitionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[Petition]):
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
        return Response(PetitionSerializer(petition, context={"request": self.request}).data, status=code)

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
        )
        return self._show(petition)

    @extend_schema(responses=DuplicateSchema)
    @action(detail=True, methods=["get"])
    def duplicates(self, request: Request, pk: str) -> Response:
        """The petitions that look like the same matter, with their state and the verdict already given."""
        found = selectors.duplicates_of(request.user, self._petition())
        return Response(
            [
                {
                    "id": d.petition.pk,
                    "registry_number": d.petition.registry_number,
                    "received_on": d.petition.received_on,
                    "petitioner": d.petitioner,
                    "summary": d.petition.summary,
                    "state": d.petition.state,
                    "similarity": d.similarity,
                    "same_petitioner": d.same_petitioner,
                    "verdict": d.verdict,
                }
                for d in found
            ]
        )

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
        """The checks found, each a boolean; the rules of the law decide the path."""
        petition = self._petition()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        petition, _decision = services.decide_petition(
            actor=request.user,
            petition=petition,
            data=services.DecisionData(
                facts=services.facts_from(petition.kind, values),
                agency=values.get("agency"),
                answer_by=values.get("answer_by"),
                note=values.get("note", ""),
                signed_by=values.get("signed_by", ""),
                on=values.get("on"),
            ),
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
