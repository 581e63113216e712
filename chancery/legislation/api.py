"""/api/v1/statutes/: laws and ordinances from their passing to the order of promulgation over the API,
through the same services as the pages; `board` lists those in flight with the days left.
/api/v1/draft-laws/: drafts sent for the office's comments, their due dates and the comments sent."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core.api_base import RecordViewSet
from chancery.core.api_errors import year_param
from chancery.core.models import RoleCode, User

from . import rules, selectors, services
from .models import DraftLaw, Statute


class StatuteSerializer(serializers.ModelSerializer[Statute]):
    state_label = serializers.CharField(read_only=True)
    full_title = serializers.CharField(read_only=True)
    passed_by = serializers.CharField(read_only=True)

    class Meta:
        model = Statute
        fields = (
            "id",
            "kind",
            "title",
            "full_title",
            "number",
            "session",
            "passed_by",
            "passed_on",
            "state",
            "state_label",
            "reconsideration_requested_on",
            "reconsideration_reason",
            "repassed_on",
            "order_document",
            "order_number",
            "promulgated_on",
        )
        read_only_fields = fields


class StatuteRegisterSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=rules.KIND_CHOICES)
    title = serializers.CharField(max_length=300)
    number = serializers.CharField(max_length=40, required=False, default="")
    session = serializers.CharField(max_length=200, required=False, default="")
    passed_on = serializers.DateField()


class BoardRowSerializer(serializers.Serializer[Any]):
    statute = StatuteSerializer()
    next_due = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)


class LegislationFiguresSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    laws_promulgated = serializers.IntegerField()
    ordinances_promulgated = serializers.IntegerField()
    promulgated_late = serializers.IntegerField()
    reconsideration_requests = serializers.IntegerField()
    referred_to_assembly = serializers.IntegerField()
    drafts_received = serializers.IntegerField()
    drafts_answered = serializers.IntegerField()
    drafts_answered_late = serializers.IntegerField()


class NoteSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()
    on = serializers.DateField(required=False)


class DaySerializer(serializers.Serializer[Any]):
    on = serializers.DateField()


class OrderSignerSerializer(serializers.Serializer[Any]):
    signer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, roles__code=RoleCode.LEADERSHIP).distinct()
    )


class StatuteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[Statute]):
    """Laws and ordinances the caller may see, newest first."""

    serializer_class = StatuteSerializer

    def get_queryset(self) -> QuerySet[Statute]:
        return selectors.register(self.request.user)

    def _statute(self) -> Statute:
        statute = selectors.get_statute(self.request.user, int(self.kwargs["pk"]))
        if statute is None:
            raise Http404
        return statute

    def _done(self, statute: Statute) -> Response:
        return Response(StatuteSerializer(Statute.objects.get(pk=statute.pk)).data)

    @extend_schema(request=StatuteRegisterSerializer, responses={201: StatuteSerializer})
    def create(self, request: Request) -> Response:
        """Register a law or ordinance on the day it is passed; its clocks start from that day."""
        payload = StatuteRegisterSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        statute = services.register_statute(actor=request.user, **payload.validated_data)
        return Response(StatuteSerializer(statute).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BoardRowSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def board(self, request: Request) -> Response:
        """Every text not yet promulgated with its next due date and the days left, the most urgent first."""
        rows = selectors.board(request.user)
        return Response(
            BoardRowSerializer(
                [{"statute": r.statute, "next_due": r.next_due, "days_left": r.days_left} for r in rows],
                many=True,
            ).data
        )

    @extend_schema(
        request=None,
        responses=LegislationFiguresSerializer,
        parameters=[OpenApiParameter("year", int, description="Năm (mặc định: năm nay)")],
    )
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """The year's laws and ordinances promulgated (late ones), reconsideration requests, referrals, drafts
        received and answered for comments (late ones)."""
        year = year_param(request.query_params) or timezone.localdate().year
        return Response(LegislationFiguresSerializer(selectors.figures(request.user, year).__dict__).data)

    @extend_schema(request=NoteSerializer, responses=StatuteSerializer)
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: str) -> Response:
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        statute = self._statute()
        services.add_note(actor=request.user, statute=statute, **payload.validated_data)
        return self._done(statute)

    @extend_schema(request=ReasonSerializer, responses=StatuteSerializer)
    @action(detail=True, methods=["post"])
    def reconsider(self, request: Request, pk: str) -> Response:
        """The President's request that the Standing Committee reconsider an ordinance (within 10 days)."""
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        return self._done(
            services.request_reconsideration(
                actor=request.user, statute=self._statute(), reason=data["reason"], on=data.get("on")
            )
        )

    @extend_schema(request=DaySerializer, responses=StatuteSerializer)
    @action(detail=True, methods=["post"])
    def repass(self, request: Request, pk: str) -> Response:
        payload = DaySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._done(
            services.record_repassing(
                actor=request.user, statute=self._statute(), on=payload.validated_data["on"]
            )
        )

    @extend_schema(request=ReasonSerializer, responses=StatuteSerializer)
    @action(detail=True, methods=["post"], url_path="refer-to-assembly")
    def refer(self, request: Request, pk: str) -> Response:
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        return self._done(
            services.refer_to_assembly(
                actor=request.user, statute=self._statute(), reason=data["reason"], on=data.get("on")
            )
        )

    @extend_schema(request=OrderSignerSerializer, responses=StatuteSerializer)
    @action(detail=True, methods=["post"], url_path="draft-order")
    def draft_order(self, request: Request, pk: str) -> Response:
        """The order of promulgation as an outgoing document that goes on at /api/v1/outgoing-documents/."""
        payload = OrderSignerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._done(
            services.draft_order(
                actor=request.user, statute=self._statute(), signer=payload.validated_data["signer"]
            )
        )

    @extend_schema(request=None, responses=StatuteSerializer)
    @action(detail=True, methods=["post"], url_path="record-promulgation")
    def record_promulgation(self, request: Request, pk: str) -> Response:
        return self._done(services.record_promulgation(actor=request.user, statute=self._statute()))


class DraftLawSerializer(serializers.ModelSerializer[DraftLaw]):
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = DraftLaw
        fields = (
            "id",
            "title",
            "sender_name",
            "reference",
            "received_on",
            "comments_due_on",
            "state",
            "state_label",
            "comments",
            "answered_on",
            "reply_number",
        )
        read_only_fields = fields


class DraftLawRegisterSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    sender_name = serializers.CharField(max_length=250)
    reference = serializers.CharField(max_length=80, required=False, default="")
    received_on = serializers.DateField()
    comments_due_on = serializers.DateField()


class CommentsSerializer(serializers.Serializer[Any]):
    comments = serializers.CharField()
    on = serializers.DateField(required=False)
    reply_number = serializers.CharField(max_length=80, required=False, default="")


class DraftLawViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[DraftLaw]):
    """Drafts of laws and ordinances sent for the office's comments, the newest first; `?state=received`
    for those still to answer."""

    serializer_class = DraftLawSerializer

    def get_queryset(self) -> QuerySet[DraftLaw]:
        drafts = selectors.visible_drafts(self.request.user).order_by("-received_on", "-id")
        state = self.request.query_params.get("state")
        return drafts.filter(state=state) if state else drafts

    @extend_schema(request=DraftLawRegisterSerializer, responses={201: DraftLawSerializer})
    def create(self, request: Request) -> Response:
        """Register a draft received for comments; its clock runs to the due date the request gives."""
        payload = DraftLawRegisterSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        draft = services.register_draft(actor=request.user, **payload.validated_data)
        return Response(DraftLawSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentsSerializer, responses=DraftLawSerializer)
    @action(detail=True, methods=["post"])
    def comments(self, request: Request, pk: str) -> Response:
        """The office's comments sent: the clock stops that day, met or missed."""
        draft = selectors.get_draft(request.user, int(pk))
        if draft is None:
            raise Http404
        payload = CommentsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        draft = services.send_comments(actor=request.user, draft=draft, **payload.validated_data)
        return Response(DraftLawSerializer(draft).data)
