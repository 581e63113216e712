"""/api/v1/countries/, /api/v1/organisations/ (reference data), /api/v1/treaties/ (the register and the
steps), /api/v1/foreign-events/ (events with their programme, participants, speeches, checklist and
follow-up; `?from=&to=&kind=`), /api/v1/foreign-events/figures/?year=: the same selectors and services as
the pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core.api_base import ReadOnlyRecordViewSet, RecordViewSet
from chancery.core.api_errors import year_param
from chancery.core.api_pagination import KeysetPagination
from chancery.core.models import Unit

from . import rules, selectors, services
from .models import (
    ChecklistItem,
    Country,
    Event,
    FollowUp,
    Organisation,
    Participant,
    ProgrammeItem,
    Speech,
    Treaty,
    TreatyStep,
)


class CountrySerializer(serializers.ModelSerializer[Country]):
    class Meta:
        model = Country
        fields = ("id", "alpha2", "alpha3", "numeric", "name", "name_en")
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ("id", "acronym", "name", "name_en")
        read_only_fields = fields


class CountryViewSet(ReadOnlyRecordViewSet[Country]):
    """Countries by ISO 3166-1 with their Vietnamese names; `?q=` searches names and codes (folded)."""

    serializer_class = CountrySerializer

    def get_queryset(self) -> QuerySet[Country]:
        return selectors.countries(self.request.query_params.get("q", ""))


class OrganisationViewSet(ReadOnlyRecordViewSet[Organisation]):
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.order_by("acronym")


class TreatyStepSerializer(serializers.ModelSerializer[TreatyStep]):
    step_label = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = TreatyStep
        fields = ("id", "step", "step_label", "state", "on", "note")
        read_only_fields = fields


class TreatySerializer(serializers.ModelSerializer[Treaty]):
    state_label = serializers.CharField(read_only=True)
    countries = CountrySerializer(many=True, read_only=True)
    organisations = OrganisationSerializer(many=True, read_only=True)
    steps = TreatyStepSerializer(many=True, read_only=True)

    class Meta:
        model = Treaty
        fields = (
            "id",
            "title",
            "kind",
            "concluded_in_name_of",
            "consent",
            "ministry",
            "countries",
            "organisations",
            "place",
            "proposed_on",
            "signed_on",
            "in_force_on",
            "state",
            "state_label",
            "steps",
        )
        read_only_fields = fields


class TreatyCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=400)
    kind = serializers.ChoiceField(choices=rules.KIND_CHOICES)
    concluded_in_name_of = serializers.ChoiceField(choices=rules.NAME_CHOICES)
    ministry = serializers.CharField(max_length=250)
    proposed_on = serializers.DateField()
    countries = serializers.SlugRelatedField(
        slug_field="alpha2", queryset=Country.objects.all(), many=True, required=False, default=list
    )
    organisations = serializers.SlugRelatedField(
        slug_field="acronym", queryset=Organisation.objects.all(), many=True, required=False, default=list
    )
    place = serializers.CharField(max_length=200, required=False, default="")


class TreatyStepCreateSerializer(serializers.Serializer[Any]):
    step = serializers.ChoiceField(choices=[(t.name, str(t.label)) for t in Treaty.workflow.transitions])
    on = serializers.DateField()
    note = serializers.CharField(required=False, default="", allow_blank=True)
    consent = serializers.ChoiceField(choices=rules.CONSENT_CHOICES, required=False)  # a decision names one
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


def _year(value: str | None) -> int | None:
    return year_param({"year": value})


class TreatyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[Treaty]):
    """Treaties the caller may see; `?q=` words, `?country=VN` ISO code, `?state=`, `?year=` (any step)."""

    serializer_class = TreatySerializer

    def get_queryset(self) -> QuerySet[Treaty]:
        params = self.request.query_params
        country = None
        if params.get("country"):
            country = Country.objects.filter(alpha2=params["country"].upper()).first()
            if country is None:
                raise DRFValidationError({"country": "Không có quốc gia với mã này."})
        found = selectors.treaties(
            self.request.user,
            q=params.get("q", ""),
            country=country,
            state=params.get("state", ""),
            year=_year(params.get("year")),
        )
        return found.prefetch_related("steps")

    @extend_schema(request=TreatyCreateSerializer, responses={201: TreatySerializer})
    def create(self, request: Request) -> Response:
        payload = TreatyCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        treaty = services.register_treaty(
            actor=request.user, data=services.TreatyData(**payload.validated_data)
        )
        return Response(TreatySerializer(treaty).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TreatyStepCreateSerializer, responses=TreatySerializer)
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: str) -> Response:
        """Record the next step on its date (a decision names how Vietnam consents)."""
        treaty = selectors.get_treaty(request.user, int(pk))
        if treaty is None:
            raise Http404
        payload = TreatyStepCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.record_step(actor=request.user, treaty=treaty, **payload.validated_data)
        return Response(TreatySerializer(selectors.get_treaty(request.user, treaty.pk)).data)


class ProgrammeItemSerializer(serializers.ModelSerializer[ProgrammeItem]):
    class Meta:
        model = ProgrammeItem
        fields = ("id", "starts_at", "ends_at", "title", "place", "attire")


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    class Meta:
        model = Participant
        fields = ("id", "side", "name", "position")


class SpeechSerializer(serializers.ModelSerializer[Speech]):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))

    class Meta:
        model = Speech
        fields = ("id", "title", "unit", "due_on", "state", "done_on")
        read_only_fields = ("state", "done_on")


class ChecklistItemSerializer(serializers.ModelSerializer[ChecklistItem]):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))

    class Meta:
        model = ChecklistItem
        fields = ("id", "category", "title", "unit", "due_on", "done_on")
        read_only_fields = ("done_on",)


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))

    class Meta:
        model = FollowUp
        fields = ("id", "commitment", "unit", "due_on", "done_on", "outcome")
        read_only_fields = ("done_on", "outcome")


class EventSerializer(serializers.ModelSerializer[Event]):
    kind_label = serializers.CharField(read_only=True)
    country = serializers.SlugRelatedField(
        slug_field="alpha2", queryset=Country.objects.all(), required=False, allow_null=True
    )
    organisation = serializers.SlugRelatedField(
        slug_field="acronym", queryset=Organisation.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Event
        fields: tuple[str, ...] = (
            "id",
            "kind",
            "kind_label",
            "title",
            "leader",
            "country",
            "organisation",
            "guest",
            "place",
            "starts_on",
            "ends_on",
            "notes",
            "is_cancelled",
        )
        read_only_fields = ("is_cancelled",)


class EventDetailSerializer(EventSerializer):
    programme = ProgrammeItemSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    speeches = SpeechSerializer(many=True, read_only=True)
    checklist = ChecklistItemSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = (
            *EventSerializer.Meta.fields,
            "programme",
            "participants",
            "speeches",
            "checklist",
            "follow_ups",
        )


class TickSerializer(serializers.Serializer[Any]):
    done = serializers.BooleanField(default=True)


class OutcomeSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField()
    on = serializers.DateField(required=False)


class FiguresSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    events_by_kind = serializers.DictField(child=serializers.IntegerField())
    held_by_kind = serializers.DictField(child=serializers.IntegerField())
    treaties_by_state = serializers.DictField(child=serializers.IntegerField())
    treaty_steps = serializers.DictField(child=serializers.IntegerField())
    follow_ups_open = serializers.IntegerField()
    follow_ups_late = serializers.IntegerField()


def _day(value: str | None, default: date, name: str) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise DRFValidationError({name: "Ngày không hợp lệ (YYYY-MM-DD)."}) from error


class EventPagination(KeysetPagination):
    ordering = ("starts_on", "id")  # type: ignore[assignment]  # DRF takes a tuple; the stub says str


class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RecordViewSet[Event],
):
    """Foreign-affairs events the caller may see; `?from=` and `?to=` (default: a year around today),
    `?kind=`."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    pagination_class = EventPagination
    record_model = Event

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        params = self.request.query_params
        today = timezone.localdate()
        if self.action != "list":
            return selectors.visible_events(self.request.user).order_by("starts_on", "id")
        first = _day(params.get("from"), today - timedelta(days=366), "from")
        last = _day(params.get("to"), today + timedelta(days=366), "to")
        found = selectors.visible_events(self.request.user).filter(starts_on__lte=last, ends_on__gte=first)
        if params.get("kind"):
            found = found.filter(kind=params["kind"])
        return found.select_related("country", "organisation").order_by("starts_on", "id")

    def _event(self) -> Event:
        event = selectors.get_event(self.request.user, int(self.kwargs["pk"]))
        if event is None:
            raise Http404
        return event

    def _add(self, request: Request, serializer: Any, service: Any) -> Response:
        """Add a programme item, participant, speech, checklist item or commitment through its service."""
        event = self._event()
        payload = serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        service(actor=request.user, event=event, **payload.validated_data)
        return self._detail(event)

    def _detail(self, event: Event) -> Response:
        return Response(EventDetailSerializer(selectors.event_detail(self.request.user, event.pk)).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = EventSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = {k: v for k, v in payload.validated_data.items() if k != "is_cancelled"}
        event = services.create_event(actor=request.user, data=services.EventData(**data))
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = self._event()
        payload = EventSerializer(event, data=request.data, partial=kwargs.get("partial", False))
        payload.is_valid(raise_exception=True)
        current = {name: getattr(event, name) for name in services.EventData.__dataclass_fields__}
        current.update(payload.validated_data)
        event = services.update_event(actor=request.user, event=event, data=services.EventData(**current))
        return Response(EventSerializer(event).data)

    @extend_schema(request=ProgrammeItemSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def programme(self, request: Request, pk: str) -> Response:
        return self._add(request, ProgrammeItemSerializer, services.add_programme_item)

    @extend_schema(request=ParticipantSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def participants(self, request: Request, pk: str) -> Response:
        return self._add(request, ParticipantSerializer, services.add_participant)

    @extend_schema(request=SpeechSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def speeches(self, request: Request, pk: str) -> Response:
        return self._add(request, SpeechSerializer, services.assign_speech)

    @extend_schema(request=ChecklistItemSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def checklist(self, request: Request, pk: str) -> Response:
        return self._add(request, ChecklistItemSerializer, services.add_checklist_item)

    @extend_schema(request=TickSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path=r"checklist/(?P<item_id>[0-9]{1,18})/tick")
    def tick(self, request: Request, pk: str, item_id: str) -> Response:
        """Tick an item off (`{"done": false}` opens it again): its unit or the event's owners."""
        event = self._event()
        payload = TickSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = get_object_or_404(ChecklistItem, pk=int(item_id), event=event)
        services.tick(actor=request.user, item=item, done=payload.validated_data["done"])
        return self._detail(event)

    @extend_schema(request=FollowUpSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request: Request, pk: str) -> Response:
        return self._add(request, FollowUpSerializer, services.add_follow_up)

    @extend_schema(request=OutcomeSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path=r"follow-ups/(?P<item_id>[0-9]{1,18})/done")
    def follow_up_done(self, request: Request, pk: str, item_id: str) -> Response:
        event = self._event()
        payload = OutcomeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        follow_up = get_object_or_404(FollowUp, pk=int(item_id), event=event)
        services.complete_follow_up(actor=request.user, follow_up=follow_up, **payload.validated_data)
        return self._detail(event)

    @extend_schema(
        request=None,
        responses=FiguresSerializer,
        parameters=[OpenApiParameter("year", int, description="Năm (mặc định: năm nay)")],
    )
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """Events held by kind, treaties by state, treaty steps of the year, follow-ups open and late."""
        year = _year(request.query_params.get("year")) or timezone.localdate().year
        return Response(FiguresSerializer(selectors.figures(request.user, year).__dict__).data)
