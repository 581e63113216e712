"""Background jobs and notifications over the API: /api/v1/jobs/ and /api/v1/notifications/."""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core import jobs, notifications
from chancery.core.api_base import RecordViewSet
from chancery.core.api_errors import MAX_ID
from chancery.core.api_pagination import KeysetPagination
from chancery.core.models import Job, Notification


class JobSerializer(serializers.ModelSerializer[Job]):
    percent = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Job
        fields = (
            "id",
            "kind",
            "label",
            "params",
            "status",
            "total",
            "done",
            "percent",
            "result",
            "error",
            "attempts",
            "cancel_requested",
            "created_at",
            "started_at",
            "ended_at",
        )
        read_only_fields = fields

    def to_representation(self, instance: Job) -> dict[str, Any]:
        """An administrator follows every job, but what a job read or wrote (its parameters, its result,
        its error, which may quote the records it worked on) only its starter reads."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not jobs.may_read_output(request.user, instance):
            data.update(params={}, result={}, error="")
        return data


class JobStartSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=[],
        help_text="A kind of job that is not a step of a case (those start from their own endpoint, e.g. "
        "`POST /api/v1/honours-batches/{id}/import/`).",
    )
    params = serializers.DictField(
        required=False,
        default=dict,
        help_text="The parameters the kind declares, and no others (an undeclared one is refused).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = sorted(k.name for k in jobs.REGISTRY.values() if k.generic)  # type: ignore[attr-defined]


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[Job]):
    """Jobs the caller started (administrators: every job); start, cancel and retry them."""

    serializer_class = JobSerializer
    pagination_class = KeysetPagination

    def get_queryset(self) -> QuerySet[Job]:
        return jobs.visible_jobs(self.request.user)

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("context", self.get_serializer_context())
        return JobSerializer(*args, **kwargs)

    @extend_schema(request=JobStartSerializer, responses={201: JobSerializer})
    def create(self, request: Request) -> Response:
        data = JobStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = jobs.start_requested_job(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(job).data, status=201)

    @extend_schema(request=None, responses=JobSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(jobs.cancel_job(actor=request.user, job=self.get_object())).data)

    @extend_schema(request=None, responses=JobSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(jobs.retry_job(actor=request.user, job=self.get_object())).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> FileResponse:
        """The file the job wrote (an Excel export), for the person who started it."""
        found = jobs.result_file(request.user, self.get_object())
        if found is None:
            raise NotFound(_("This job has no file for you."))
        handle, filename = found
        return FileResponse(handle, as_attachment=True, filename=filename)


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ("id", "kind", "title", "url", "object_type", "object_id", "created_at", "read_at")
        read_only_fields = fields


class MarkReadSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=1000
    )


class NotificationViewSet(mixins.ListModelMixin, RecordViewSet[Notification]):
    """The caller's own notifications, newest first; `?unread=1` for the unread ones."""

    serializer_class = NotificationSerializer
    pagination_class = KeysetPagination

    def get_queryset(self) -> QuerySet[Notification]:
        unread = self.request.query_params.get("unread") in {"1", "true"}
        return notifications.inbox(self.request.user, unread_only=unread)

    @extend_schema(
        request=MarkReadSerializer,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"])
    def read(self, request: Request) -> Response:
        """Mark the given notifications read (all unread ones when no ids are given)."""
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"marked": notifications.mark_read(request.user, data.validated_data.get("ids"))})
