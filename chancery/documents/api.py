"""/api/v1/incoming-documents/ and /api/v1/outgoing-documents/: every step of a document over the API
(register, route, record handling, close, return; draft, upload a version, submit, review, send for
signature, refuse, issue, send, withdraw), through the same services as the web pages. Lists, filters and
exports are at /api/v1/lists/incoming-documents/ and /api/v1/lists/outgoing-documents/."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core.api_base import RecordViewSet
from chancery.core.models import Agency, SecrecyLevel, Unit, User
from chancery.documents import selectors, services
from chancery.documents.models import (
    TYPE_CHOICES,
    IncomingDocument,
    IssuerChoice,
    Medium,
    OutgoingDocument,
    UrgencyLevel,
)
from chancery.documents.rules import CircuitMode


@extend_schema_field(
    {
        "type": "object",
        "properties": {"name": {"type": "string"}, "content": {"type": "string", "format": "byte"}},
        "required": ["content"],
    }
)
class FileField(serializers.Field[Any, Any, Any, Any]):
    """A file sent in JSON as {"name": ..., "content": base64}."""

    def to_internal_value(self, data: Any) -> SimpleUploadedFile:
        if not isinstance(data, dict) or "content" not in data:
            raise serializers.ValidationError(gettext("Send the file as {name, content (base64)}."))
        try:
            content = base64.b64decode(data["content"], validate=True)
        except (binascii.Error, ValueError, TypeError) as error:
            raise serializers.ValidationError(gettext("The file's content is not valid base64.")) from error
        return SimpleUploadedFile(str(data.get("name") or "tep"), content)

    def to_representation(self, value: Any) -> Any:
        return None


class IncomingSerializer(serializers.ModelSerializer[IncomingDocument]):
    state_label = serializers.CharField(read_only=True)
    routing = serializers.SerializerMethodField()
    handling = serializers.SerializerMethodField()

    class Meta:
        model = IncomingDocument
        fields = (
            "id",
            "series",
            "year",
            "arrival_number",
            "received_on",
            "medium",
            "sender",
            "sender_name",
            "reference",
            "issued_on",
            "doc_type",
            "summary",
            "signer",
            "urgency",
            "secrecy",
            "pages",
            "state",
            "state_label",
            "direction",
            "routed_on",
            "due_on",
            "outcome",
            "closed_on",
            "answer",
            "routing",
            "handling",
        )
        read_only_fields = fields

    def get_routing(self, document: IncomingDocument) -> list[dict[str, Any]]:
        return [
            {"kind": kind, "unit": unit.pk, "unit_name": unit.name, "due_on": due}
            for kind, unit, due in selectors.routing_of(document)
        ]

    def get_handling(self, document: IncomingDocument) -> list[dict[str, Any]]:
        return [
            {
                "unit": n.unit_id,
                "author": n.author_id,
                "note": n.note,
                "is_done": n.is_done,
                "at": n.written_at,
            }
            for n in selectors.handling_of(document)
        ]


class RegisterIncomingSerializer(serializers.Serializer[Any]):
    received_on = serializers.DateField()
    sender = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    sender_name = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    reference = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    doc_type = serializers.ChoiceField(choices=TYPE_CHOICES)
    summary = serializers.CharField(max_length=500)
    signer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=UrgencyLevel.choices, default=UrgencyLevel.NORMAL)
    secrecy = serializers.ChoiceField(choices=SecrecyLevel.choices, default=SecrecyLevel.NONE)
    pages = serializers.IntegerField(min_value=1, default=1)
    medium = serializers.ChoiceField(choices=Medium.choices, default=Medium.ELECTRONIC)
    files = serializers.ListField(child=FileField(), required=False, default=list)


class RouteSerializer(serializers.Serializer[Any]):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    cooperating_units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), many=True, required=False, default=list
    )
    handler = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    days = serializers.IntegerField(min_value=1, max_value=365, required=False, allow_null=True, default=None)
    direction = serializers.CharField(required=False, allow_blank=True, default="")


class HandlingSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()
    is_done = serializers.BooleanField(default=False)


class CloseIncomingSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    answer = serializers.PrimaryKeyRelatedField(
        queryset=OutgoingDocument.objects.all(), required=False, allow_null=True, default=None
    )


class DocumentReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class PackageSerializer(serializers.Serializer[Any]):
    package = FileField()


class PackageOutSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    package = serializers.CharField(help_text="the edXML package, base64")


class ExchangeSerializer(serializers.Serializer[Any]):
    agencies = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(is_active=True), many=True)


class DispatchStatusSerializer(serializers.Serializer[Any]):
    document = serializers.IntegerField()
    agency = serializers.IntegerField()
    status = serializers.CharField()
    status_note = serializers.CharField()


def _package(name: str, content: bytes) -> Response:
    return Response({"name": name, "package": base64.b64encode(content).decode()})


class IncomingViewSet(mixins.RetrieveModelMixin, RecordViewSet[IncomingDocument]):
    """Incoming documents the caller may see. Each POST action is one step of the document's path."""

    serializer_class = IncomingSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[IncomingDocument]:
        return selectors.visible_incoming(self.request.user)

    def _document(self) -> IncomingDocument:
        return selectors.get_incoming(self.request.user, int(self.kwargs["pk"]))

    def _show(self, document: IncomingDocument, code: int = status.HTTP_200_OK) -> Response:
        fresh = IncomingDocument.objects.get(pk=document.pk)
        return Response(IncomingSerializer(fresh).data, status=code)

    @extend_schema(request=RegisterIncomingSerializer, responses={201: IncomingSerializer})
    def create(self, request: Request) -> Response:
        """Register an incoming document; the answer carries its arrival number."""
        payload = RegisterIncomingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        files = values.pop("files")
        document = services.register_incoming(
            actor=request.user, data=services.IncomingData(**values), attachments=files
        )
        return self._show(document, status.HTTP_201_CREATED)

    @extend_schema(request=PackageSerializer, responses={201: IncomingSerializer})
    @action(detail=False, methods=["post"], url_path="import-exchange")
    def import_exchange(self, request: Request) -> Response:
        """Register a document received as an edXML package (QCVN 102:2016); refused with every problem. A
        package revoking, updating or replacing a document received before is recorded on it (200)."""
        payload = PackageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document, kind = services.receive_exchange(
            actor=request.user, content=payload.validated_data["package"].read()
        )
        return self._show(document, status.HTTP_201_CREATED if kind == "new" else status.HTTP_200_OK)

    @extend_schema(request=None, responses=PackageOutSerializer)
    @action(detail=True, methods=["get"], url_path="exchange-status")
    def exchange_status(self, request: Request, pk: str) -> Response:
        """The status package telling the sender what the Office did with the document."""
        document = self._document()
        content = services.exchange_status(actor=request.user, document=document)
        return _package(f"trang-thai-{document.year}-{document.arrival_number:02d}.edxml", content)

    @extend_schema(request=RouteSerializer, responses=IncomingSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str) -> Response:
        payload = RouteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.route_incoming(
            actor=request.user, document=self._document(), routing=services.Routing(**payload.validated_data)
        )
        return self._show(document)

    @extend_schema(request=HandlingSerializer, responses=IncomingSerializer)
    @action(detail=True, methods=["post"])
    def handling(self, request: Request, pk: str) -> Response:
        payload = HandlingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = self._document()
        services.record_handling(actor=request.user, document=document, **payload.validated_data)
        return self._show(document)

    @extend_schema(request=CloseIncomingSerializer, responses=IncomingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        payload = CloseIncomingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.close_incoming(
            actor=request.user, document=self._document(), **payload.validated_data
        )
        return self._show(document)

    @extend_schema(
        request=DocumentReasonSerializer, responses=IncomingSerializer, operation_id="incoming_return"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_sender(self, request: Request, pk: str) -> Response:
        payload = DocumentReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.return_incoming(
            actor=request.user, document=self._document(), reason=payload.validated_data["reason"]
        )
        return self._show(document)


class OutgoingSerializer(serializers.ModelSerializer[OutgoingDocument]):
    state_label = serializers.CharField(read_only=True)
    versions = serializers.SerializerMethodField()
    circuit = serializers.SerializerMethodField()
    numbers = serializers.SerializerMethodField()
    dispatches = serializers.SerializerMethodField()

    class Meta:
        model = OutgoingDocument
        fields = (
            "id",
            "issuer",
            "doc_type",
            "is_normative",
            "summary",
            "urgency",
            "secrecy",
            "addressee",
            "body",
            "copies_to",
            "signer",
            "signer_title",
            "owning_unit",
            "drafted_by",
            "in_reply_to",
            "state",
            "state_label",
            "number",
            "year",
            "number_text",
            "issued_on",
            "signed_by_name",
            "versions",
            "circuit",
            "numbers",
            "dispatches",
        )
        read_only_fields = fields

    def get_versions(self, document: OutgoingDocument) -> list[dict[str, Any]]:
        return [
            {"version": v.version, "name": v.name, "sha256": v.sha256, "size": v.size, "signed": v.is_signed}
            for v in document.versions.order_by("version")
        ]

    def get_circuit(self, document: OutgoingDocument) -> list[dict[str, Any]]:
        return [
            {
                "round": s.round,
                "position": s.position,
                "mode": s.mode,
                "reviewer": s.reviewer_id,
                "status": s.status,
                "comment": s.comment,
            }
            for s in selectors.circuit_of(document)
        ]

    def get_numbers(self, document: OutgoingDocument) -> list[dict[str, Any]]:
        return [
            {"text": n.text, "status": n.status, "cancelled_reason": n.cancelled_reason}
            for n in selectors.numbers_of(document)
        ]

    def get_dispatches(self, document: OutgoingDocument) -> list[dict[str, Any]]:
        return [
            {"unit": d.unit_id, "agency": d.agency_id, "medium": d.medium, "status": d.status}
            for d in document.dispatches.all()
        ]


class DraftSerializer(serializers.Serializer[Any]):
    issuer = serializers.ChoiceField(choices=IssuerChoice.choices)
    doc_type = serializers.ChoiceField(choices=TYPE_CHOICES)
    summary = serializers.CharField(max_length=500)
    urgency = serializers.ChoiceField(choices=UrgencyLevel.choices, default=UrgencyLevel.NORMAL)
    secrecy = serializers.ChoiceField(choices=SecrecyLevel.choices, default=SecrecyLevel.NONE)
    is_normative = serializers.BooleanField(default=False)
    addressee = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="")
    copies_to = serializers.CharField(required=False, allow_blank=True, default="")
    signer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    signer_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    in_reply_to = serializers.PrimaryKeyRelatedField(
        queryset=IncomingDocument.objects.all(), required=False, allow_null=True, default=None
    )


class VersionSerializer(serializers.Serializer[Any]):
    file = FileField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SubmitSerializer(serializers.Serializer[Any]):
    reviewers = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False, default=list
    )
    mode = serializers.ChoiceField(
        choices=[m.value for m in CircuitMode], default=CircuitMode.SEQUENTIAL.value
    )


class ReviewSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class IssueSerializer(serializers.Serializer[Any]):
    signed_file = FileField(required=False, allow_null=True, default=None)


class DispatchSerializer(serializers.Serializer[Any]):
    units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), many=True, required=False, default=list
    )
    agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), many=True, required=False, default=list
    )
    medium = serializers.ChoiceField(choices=Medium.choices, default=Medium.ELECTRONIC)


class OutgoingViewSet(mixins.RetrieveModelMixin, RecordViewSet[OutgoingDocument]):
    """Outgoing documents the caller may see, from draft to dispatch."""

    serializer_class = OutgoingSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[OutgoingDocument]:
        return selectors.visible_outgoing(self.request.user)

    def _document(self) -> OutgoingDocument:
        return selectors.get_outgoing(self.request.user, int(self.kwargs["pk"]))

    def _show(self, document: OutgoingDocument, code: int = status.HTTP_200_OK) -> Response:
        fresh = OutgoingDocument.objects.get(pk=document.pk)
        return Response(OutgoingSerializer(fresh).data, status=code)

    @extend_schema(request=DraftSerializer, responses={201: OutgoingSerializer})
    def create(self, request: Request) -> Response:
        """Start a draft; its first version is made from the template of the national format."""
        payload = DraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        if values["in_reply_to"] is not None:
            values["in_reply_to"] = selectors.get_incoming(request.user, values["in_reply_to"].pk)
        document = services.create_draft(actor=request.user, data=services.DraftData(**values))
        return self._show(document, status.HTTP_201_CREATED)

    @extend_schema(request=VersionSerializer, responses=OutgoingSerializer)
    @action(detail=True, methods=["post"])
    def versions(self, request: Request, pk: str) -> Response:
        payload = VersionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = self._document()
        services.upload_version(
            actor=request.user,
            document=document,
            upload=payload.validated_data["file"],
            note=payload.validated_data["note"],
        )
        return self._show(document)

    @extend_schema(request=SubmitSerializer, responses=OutgoingSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        payload = SubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = self._document()
        services.submit_for_approval(actor=request.user, document=document, **payload.validated_data)
        return self._show(document)

    @extend_schema(request=ReviewSerializer, responses=OutgoingSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        payload = ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.decide_step(
            actor=request.user, document=self._document(), **payload.validated_data
        )
        return self._show(document)

    @extend_schema(request=None, responses=OutgoingSerializer)
    @action(detail=True, methods=["post"], url_path="send-for-signature")
    def send_for_signature(self, request: Request, pk: str) -> Response:
        document = self._document()
        services.send_for_signature(actor=request.user, document=document)
        return self._show(document)

    @extend_schema(request=DocumentReasonSerializer, responses=OutgoingSerializer)
    @action(detail=True, methods=["post"], url_path="refuse-signature")
    def refuse_signature(self, request: Request, pk: str) -> Response:
        payload = DocumentReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.refuse_signature(
            actor=request.user, document=self._document(), reason=payload.validated_data["reason"]
        )
        return self._show(document)

    @extend_schema(request=IssueSerializer, responses=OutgoingSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        payload = IssueSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.issue_document(
            actor=request.user,
            document=self._document(),
            signed_file=signed.read() if (signed := payload.validated_data.get("signed_file")) else None,
        )
        return self._show(document)

    @extend_schema(request=DispatchSerializer, responses=OutgoingSerializer)
    @action(detail=True, methods=["post"], url_path="send")
    def dispatch_to(self, request: Request, pk: str) -> Response:
        payload = DispatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = self._document()
        services.dispatch_document(actor=request.user, document=document, **payload.validated_data)
        return self._show(document)

    @extend_schema(request=ExchangeSerializer, responses=PackageOutSerializer)
    @action(detail=True, methods=["post"])
    def exchange(self, request: Request, pk: str) -> Response:
        """The edXML package of the issued document for the agencies given (recorded as sent to them)."""
        payload = ExchangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = self._document()
        content = services.export_exchange(
            actor=request.user, document=document, agencies=payload.validated_data["agencies"]
        )
        return _package(f"{document.number_text.replace('/', '-')}.edxml", content)

    @extend_schema(request=PackageSerializer, responses=DispatchStatusSerializer)
    @action(detail=False, methods=["post"], url_path="exchange-status")
    def exchange_status(self, request: Request) -> Response:
        """Record a status package an agency sent back about a document the Office issued."""
        payload = PackageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        dispatch = services.record_exchange_status(
            actor=request.user, content=payload.validated_data["package"].read()
        )
        return Response(
            {
                "document": dispatch.document_id,
                "agency": dispatch.agency_id,
                "status": dispatch.status,
                "status_note": dispatch.status_note,
            }
        )

    @extend_schema(request=DocumentReasonSerializer, responses=OutgoingSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        payload = DocumentReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.withdraw_document(
            actor=request.user, document=self._document(), reason=payload.validated_data["reason"]
        )
        return self._show(document)
