"""/api/v1/programmes/, /api/v1/key-tasks/ (progress, submit, review, carry-over, cancel),
/api/v1/meetings/ (instructions, a task from an instruction, the conclusions), /api/v1/reports/ (drafted from
the records, the narrative edited, the DOCX or PDF): the same selectors and services as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core.api_base import RecordViewSet
from chancery.core.api_errors import number_param
from chancery.core.models import RoleCode, Unit, User
from chancery.core.views_actions import file_response

from . import reports, rules, selectors, services
from .models import Instruction, KeyTask, Meeting, Programme, ProgressUpdate, Report


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    class Meta:
        model = Programme
        fields = ("id", "kind", "year", "number", "unit", "title", "starts_on", "ends_on")
        read_only_fields = ("starts_on", "ends_on")
        extra_kwargs = {"title": {"required": False}, "number": {"required": False}}


class ProgressUpdateSerializer(serializers.ModelSerializer[ProgressUpdate]):
    by = serializers.CharField(source="by.full_name", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ("percent", "note", "by", "at")
        read_only_fields = fields


class KeyTaskSerializer(serializers.ModelSerializer[KeyTask]):
    state_label = serializers.CharField(read_only=True)
    lead_unit: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        source="owning_unit", read_only=True
    )

    class Meta:
        model = KeyTask
        fields = (
            "id",
            "title",
            "lead_unit",
            "cooperating_units",
            "owner",
            "assigned_by",
            "programme",
            "source",
            "source_text",
            "instruction",
            "due_on",
            "expected_output",
            "priority",
            "progress",
            "state",
            "state_label",
            "done_on",
            "rating",
            "review_comment",
            "carried_from",
            "carry_reason",
        )
        read_only_fields = fields


class KeyTaskCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=400)
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    due_on = serializers.DateField()
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    cooperating_units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), many=True, required=False, default=list
    )
    expected_output = serializers.CharField(max_length=300, required=False, default="")
    priority = serializers.ChoiceField(choices=rules.PRIORITY_CHOICES, default=2)
    source_kind = serializers.ChoiceField(choices=rules.SOURCE_CHOICES, default="programme")
    source_text = serializers.CharField(max_length=300, required=False, default="")


class ProgressSerializer(serializers.Serializer[Any]):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class OutputNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class TaskReviewSerializer(serializers.Serializer[Any]):
    rating = serializers.ChoiceField(choices=rules.RATING_CHOICES)
    comment = serializers.CharField(required=False, default="", allow_blank=True)


class CarrySerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class TaskReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


def _task_data(data: dict[str, Any]) -> services.TaskData:
    data = dict(data)
    data["source"] = data.pop("source_kind", "programme")
    return services.TaskData(**data)


def _filters(tasks: QuerySet[KeyTask], params: Any) -> QuerySet[KeyTask]:
    if params.get("state"):
        tasks = tasks.filter(state=params["state"])
    if (unit := number_param(params, "unit")) is not None:
        tasks = tasks.filter(owning_unit_id=unit)
    for name, lookup in (("due_from", "due_on__gte"), ("due_to", "due_on__lte")):
        if params.get(name):
            try:
                tasks = tasks.filter(**{lookup: date.fromisoformat(params[name])})
            except ValueError as error:
                raise DRFValidationError({name: gettext("The date is not valid (YYYY-MM-DD).")}) from error
    return tasks


class KeyTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[KeyTask]):
    """Key tasks the caller may see; `?state=&unit=&due_from=&due_to=`."""

    serializer_class = KeyTaskSerializer

    def get_queryset(self) -> QuerySet[KeyTask]:
        return _filters(selectors.visible_tasks(self.request.user), self.request.query_params)

    def _task(self) -> KeyTask:
        task = selectors.get_task(self.request.user, int(self.kwargs["pk"]))
        if task is None:
            raise Http404
        return task

    def _done(self, task: KeyTask) -> Response:
        return Response(KeyTaskSerializer(KeyTask.objects.get(pk=task.pk)).data)

    def _run(self, request: Request, serializer: Any, service: Any) -> Response:
        """A step of the task through its service with the payload's fields (the carry-over answers with
        the new task)."""
        payload = serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._done(service(actor=request.user, task=self._task(), **payload.validated_data))

    @extend_schema(request=KeyTaskCreateSerializer, responses={201: KeyTaskSerializer})
    def create(self, request: Request) -> Response:
        payload = KeyTaskCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = services.add_task(actor=request.user, data=_task_data(payload.validated_data))
        return Response(KeyTaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ProgressUpdateSerializer(many=True))
    @action(detail=True, methods=["get"])
    def updates(self, request: Request, pk: str) -> Response:
        """The task's progress reports, newest first, a page at a time like every list."""
        page = self.paginate_queryset(cast(Any, self._task().updates.select_related("by")))  # not of KeyTask
        return self.get_paginated_response(ProgressUpdateSerializer(page, many=True).data)

    @extend_schema(request=ProgressSerializer, responses=KeyTaskSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        return self._run(request, ProgressSerializer, services.update_progress)

    @extend_schema(request=OutputNoteSerializer, responses=KeyTaskSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._run(request, OutputNoteSerializer, services.submit_output)

    @extend_schema(request=TaskReviewSerializer, responses=KeyTaskSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        return self._run(request, TaskReviewSerializer, services.review)

    @extend_schema(request=CarrySerializer, responses=KeyTaskSerializer)
    @action(detail=True, methods=["post"], url_path="carry-over")
    def carry_over(self, request: Request, pk: str) -> Response:
        """Carried over to the next month: returns the new task."""
        return self._run(request, CarrySerializer, services.carry_over)

    @extend_schema(request=TaskReasonSerializer, responses=KeyTaskSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._run(request, TaskReasonSerializer, services.cancel)


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[Programme]):
    serializer_class = ProgrammeSerializer

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programmes(self.request.user)

    @extend_schema(request=ProgrammeSerializer, responses={201: ProgrammeSerializer})
    def create(self, request: Request) -> Response:
        payload = ProgrammeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        programme = services.create_programme(
            actor=request.user,
            kind=data["kind"],
            year=data["year"],
            number=data.get("number") or 0,
            unit=data.get("unit"),
            title=data.get("title") or "",
        )
        return Response(ProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)


class InstructionSerializer(serializers.ModelSerializer[Instruction]):
    tasks: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Instruction
        fields = ("id", "text", "given_by", "tasks")
        read_only_fields = ("id", "tasks")
        extra_kwargs = {"given_by": {"required": False}}


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    instructions = InstructionSerializer(many=True)

    class Meta:
        model = Meeting
        fields = ("id", "held_on", "title", "chaired_by", "notes", "instructions", "conclusions_document")
        read_only_fields = ("conclusions_document",)


class InstructionTaskSerializer(KeyTaskCreateSerializer):
    instruction = serializers.IntegerField()


class ConclusionsSignerSerializer(serializers.Serializer[Any]):
    signer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, roles__code=RoleCode.LEADERSHIP).distinct()
    )


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[Meeting]):
    """Meetings and their instructions (for the leadership and the units that prepare reports)."""

    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings(self.request.user).prefetch_related("instructions__tasks")

    def _meeting(self) -> Meeting:
        meeting = selectors.get_meeting(self.request.user, int(self.kwargs["pk"]))
        if meeting is None:
            raise Http404
        return meeting

    @extend_schema(request=MeetingSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request) -> Response:
        payload = MeetingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        meeting = services.record_meeting(
            actor=request.user,
            held_on=data["held_on"],
            title=data["title"],
            chaired_by=data["chaired_by"],
            notes=data.get("notes", ""),
            instructions=[(i["text"], i.get("given_by", "")) for i in data["instructions"]],
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InstructionTaskSerializer, responses={201: KeyTaskSerializer})
    @action(detail=True, methods=["post"])
    def tasks(self, request: Request, pk: str) -> Response:
        """One of the meeting's instructions becomes a tracked task."""
        meeting = self._meeting()
        payload = InstructionTaskSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        instruction = meeting.instructions.filter(pk=data.pop("instruction")).first()
        if instruction is None:
            raise DRFValidationError(
                {"instruction": gettext("The instruction does not belong to this meeting.")}
            )
        task = services.task_from_instruction(
            actor=request.user, instruction=instruction, data=_task_data(data)
        )
        return Response(KeyTaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConclusionsSignerSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def conclusions(self, request: Request, pk: str) -> Response:
        payload = ConclusionsSignerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        meeting = services.draft_conclusions(
            actor=request.user, meeting=self._meeting(), signer=payload.validated_data["signer"]
        )
        return Response(MeetingSerializer(meeting).data)


class ReportSerializer(serializers.ModelSerializer[Report]):
    class Meta:
        model = Report
        fields = (
            "id",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "figures",
            "narrative",
            "scheduled",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ReportCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Report.KINDS)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False, default=0)


class NarrativeSerializer(serializers.Serializer[Any]):
    sections = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=rules.NARRATIVE_MAX_CHARS)
    )


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[Report]):
    """The office's reports, each with its figures (and the list behind each) and its narrative."""

    serializer_class = ReportSerializer
    queryset = Report.objects.none()

    def get_queryset(self) -> QuerySet[Report]:
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        if not services.can_report(self.request.user):
            raise DRFPermissionDenied(
                gettext("Reports are for the leadership and the units that prepare them.")
            )
        return selectors.reports(self.request.user)

    def _report(self) -> Report:
        report = selectors.get_report(self.request.user, int(self.kwargs["pk"]))
        if report is None:
            raise Http404
        return report

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer})
    def create(self, request: Request) -> Response:
        payload = ReportCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = services.draft_report(actor=request.user, **payload.validated_data)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NarrativeSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def narrative(self, request: Request, pk: str) -> Response:
        report = self._report()  # who may not read the report learns nothing of it, not even the form
        if not services.can_write_report(request.user):
            raise DRFPermissionDenied(gettext("You may not edit the report."))
        payload = NarrativeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = services.edit_narrative(
            actor=request.user, report=report, sections=payload.validated_data["sections"]
        )
        return Response(ReportSerializer(report).data)

    @extend_schema(
        request=None,
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter("as", str, enum=["docx", "pdf"], description="docx (mặc định) hoặc pdf")
        ],
    )
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str) -> HttpResponse:
        report = self._report()
        fmt = request.query_params.get("as", "docx")  # not "format": DRF reads that one itself
        if fmt not in ("docx", "pdf"):
            raise DRFValidationError({"as": gettext("docx or pdf.")})
        content = reports.pdf(report, request.user) if fmt == "pdf" else reports.docx(report, request.user)
        kind = (
            "application/pdf"
            if fmt == "pdf"
            else ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        )
        return file_response(content, f"bao-cao-{report.pk}.{fmt}", content_type=kind)
