"""/api/v1/honours-batches/ and /api/v1/nominations/: every step of a batch over the API (open it, import
its list with a column mapping, appraise, read the verdicts by outcome, override one), through the same
services as the web pages. Long work answers 202 with the job to follow at /api/v1/jobs/{id}/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.appraisal.api import ListImportActions
from chancery.core.api_base import RecordViewSet
from chancery.core.api_errors import number_param
from chancery.core.api_work import JobSerializer
from chancery.core.models import Agency, RoleCode, User

from . import intake, selectors, services
from .models import HonoursBatch, Nomination, Verdict


class BatchSerializer(serializers.ModelSerializer[HonoursBatch]):
    state_label = serializers.CharField(read_only=True)
    code = serializers.CharField(read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = HonoursBatch
        fields = (
            "id",
            "code",
            "year",
            "number",
            "title",
            "proposing_body",
            "submission_reference",
            "proposed_on",
            "received_on",
            "state",
            "state_label",
            "import_job",
            "appraisal_job",
            "appraised_at",
            "appraisal_seconds",
            "decision_document",
            "reply_document",
            "decision_number",
            "decided_on",
            "counts",
        )
        read_only_fields = fields

    def get_counts(self, batch: HonoursBatch) -> dict[str, int]:
        return services.counts_of(batch)


class OpenBatchSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    proposing_body = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(is_active=True))
    submission_reference = serializers.CharField(max_length=80, required=False, default="")
    proposed_on = serializers.DateField()
    received_on = serializers.DateField(required=False)


class NominationSerializer(serializers.ModelSerializer[Nomination]):
    name = serializers.CharField(source="honoree.name", read_only=True)
    honoree = serializers.IntegerField(source="honoree_id", read_only=True)
    award_name = serializers.CharField(read_only=True)

    class Meta:
        model = Nomination
        fields = (
            "id",
            "batch",
            "row",
            "honoree",
            "name",
            "award",
            "award_name",
            "subject",
            "ground",
            "posthumous",
            "verdict",
            "override",
            "override_reason",
            "outcome",
            "summary",
            "rule_version",
            "findings",
        )
        read_only_fields = fields


class OverrideSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Verdict.choices, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SettleSerializer(serializers.Serializer[Any]):
    award = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="empty: every award"
    )
    outcome = serializers.ChoiceField(choices=[Verdict.PASS.value, Verdict.FAIL.value])
    reason = serializers.CharField()


class SettledSerializer(serializers.Serializer[Any]):
    settled = serializers.IntegerField()


class PrepareDecisionSerializer(serializers.Serializer[Any]):
    signer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, roles__code=RoleCode.LEADERSHIP).distinct(),
        help_text="who signs the decision in the President's name: the President, or the Vice President",
    )
    reply_signer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, roles__code=RoleCode.LEADERSHIP).distinct(),
        required=False,
        allow_null=True,
        help_text="the Office's leader who signs the reply to the proposing body",
    )


class BatchViewSet(
    ListImportActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    RecordViewSet[HonoursBatch],
):
    """Batches of nominations the caller may see."""

    serializer_class = BatchSerializer
    import_kind = "honours_import"
    import_columns = intake.COLUMNS

    def import_target(self, request: Request) -> services.NomineeList:
        return services.NomineeList(actor=request.user, batch=self._batch())

    def get_queryset(self) -> QuerySet[HonoursBatch]:
        return selectors.visible_batches(self.request.user).order_by("-received_on", "-id")

    def _batch(self) -> HonoursBatch:
        batch = selectors.get_batch(self.request.user, int(self.kwargs["pk"]))
        if batch is None:
            raise Http404
        return batch

    @extend_schema(request=OpenBatchSerializer, responses={201: BatchSerializer})
    def create(self, request: Request) -> Response:
        """Open a batch for a proposing body's submission."""
        payload = OpenBatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        batch = services.create_batch(actor=request.user, **payload.validated_data)
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def appraise(self, request: Request, pk: str) -> Response:
        """Appraise every nominee of the batch: a job; the batch's counts follow when it is done."""
        job = services.start_appraisal(actor=request.user, batch=self._batch())
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=SettleSerializer, responses=SettledSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request: Request, pk: str) -> Response:
        """Settle every nominee still to review (of one award, or all) with one outcome and one reason; each
        keeps its own line in the audit trail."""
        payload = SettleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        settled = services.settle_reviews(actor=request.user, batch=self._batch(), **payload.validated_data)
        return Response({"settled": settled})

    @extend_schema(request=PrepareDecisionSerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"], url_path="prepare-decision")
    def prepare_decision(self, request: Request, pk: str) -> Response:
        """The draft decision (with its annex) and the reply to the proposing body, as outgoing documents
        that go on at /api/v1/outgoing-documents/{id}/ (approval, signature, number)."""
        payload = PrepareDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        batch = services.prepare_decision(
            actor=request.user,
            batch=self._batch(),
            signer=payload.validated_data["signer"],
            reply_signer=payload.validated_data.get("reply_signer"),
        )
        return Response(BatchSerializer(HonoursBatch.objects.get(pk=batch.pk)).data)

    @extend_schema(request=None, responses=BatchSerializer)
    @action(detail=True, methods=["post"], url_path="record-decision")
    def record_decision(self, request: Request, pk: str) -> Response:
        """Once the decision is issued: its number and date on the batch, each award into the history."""
        batch = services.record_decision(actor=request.user, batch=self._batch())
        return Response(BatchSerializer(HonoursBatch.objects.get(pk=batch.pk)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("outcome", str, enum=list(Verdict.values)),
            OpenApiParameter("after", int, description="the last row of the previous page"),
        ],
        responses=NominationSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def nominations(self, request: Request, pk: str) -> Response:
        """The batch's nominees in row order, a page of 100 from the row after `after`."""
        batch = self._batch()
        outcome = request.query_params.get("outcome", "")
        if outcome and outcome not in Verdict.values:
            raise serializers.ValidationError({"outcome": gettext("The outcome is not valid.")})
        after = number_param(request.query_params, "after") or 0  # a whole number within the ids' range
        rows = selectors.nominations_page(batch, outcome=outcome, after=after)
        page = rows[: selectors.PAGE]
        return Response(
            {
                "results": NominationSerializer(page, many=True).data,
                "next_after": page[-1].row if len(rows) > selectors.PAGE else None,
            }
        )


class NominationViewSet(mixins.RetrieveModelMixin, RecordViewSet[Nomination]):
    """One nominee with every criterion's finding."""

    serializer_class = NominationSerializer

    def get_queryset(self) -> QuerySet[Nomination]:
        return Nomination.objects.filter(
            batch__in=selectors.visible_batches(self.request.user)
        ).select_related("honoree")

    @extend_schema(request=OverrideSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request: Request, pk: str) -> Response:
        """Set another outcome with its reason (kept in the audit trail); an empty outcome removes it."""
        nomination = self.get_object()
        payload = OverrideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        nomination = services.override_verdict(
            actor=request.user, nomination=nomination, **payload.validated_data
        )
        return Response(
            NominationSerializer(Nomination.objects.select_related("honoree").get(pk=nomination.pk)).data
        )
