"""REST endpoints of the organisation, the audit trail and the current user (/api/v1/)."""

from datetime import datetime
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core import access, audit, security, selectors, services
from chancery.core.api_base import ReadOnlyRecordViewSet, RecordViewSet
from chancery.core.api_errors import MAX_ID, number_param
from chancery.core.models import (
    AccessProposal,
    Agency,
    AuditEvent,
    RoleCode,
    SecrecyLevel,
    Unit,
    UnitKind,
    User,
)
from chancery.core.text import fold


class UnitSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ("id", "code", "name", "short_name", "kind", "parent", "sort_order", "is_active")


class UnitWriteSerializer(serializers.Serializer[Any]):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=200)
    short_name = serializers.CharField(max_length=40, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Unit.objects.all(), allow_null=True, required=False
    )
    sort_order = serializers.IntegerField(min_value=0, required=False)
    is_active = serializers.BooleanField(required=False)


class StaffDirectorySerializer(serializers.ModelSerializer[User]):
    unit_name = serializers.CharField(source="unit.name", default=None, read_only=True, allow_null=True)

    class Meta:
        model = User
        fields: tuple[str, ...] = ("id", "username", "full_name", "unit", "unit_name", "position")


class StaffDetailSerializer(StaffDirectorySerializer):
    roles = serializers.SerializerMethodField()

    class Meta(StaffDirectorySerializer.Meta):
        fields = (*StaffDirectorySerializer.Meta.fields, "email", "phone", "clearance", "roles", "is_active")

    def get_roles(self, obj: User) -> list[str]:
        return sorted(obj.role_codes)


class StaffWriteSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    position = serializers.CharField(max_length=120, required=False, allow_blank=True)
    clearance = serializers.ChoiceField(choices=SecrecyLevel.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=RoleCode.choices), required=False)


class StaffPasswordSerializer(serializers.Serializer[Any]):
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})


class StaffCreateSerializer(StaffWriteSerializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = (
            "id",
            "at",
            "actor",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "message",
            "seq",
            "hash",
            "doubt",
        )

    doubt = serializers.SerializerMethodField(
        help_text="why this event must not be taken as one Chancery wrote (put straight into the database, "
        "changed since, or not yet sealed), or empty"
    )

    def get_doubt(self, event: AuditEvent) -> str:
        return event.doubt


class ManagesOrganisation(BasePermission):
    message = _("Only an administrator may change the organisation and accounts.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return access.can_manage_organisation(request.user)


@extend_schema_view(
    list=extend_schema(summary="Units of the office"),
    create=extend_schema(request=UnitWriteSerializer, responses={201: UnitSerializer}),
    partial_update=extend_schema(request=UnitWriteSerializer, responses={200: UnitSerializer}),
)
class UnitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RecordViewSet[Unit],
):
    serializer_class = UnitSerializer
    permission_classes = [IsAuthenticated, ManagesOrganisation]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Unit]:
        return Unit.objects.all()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = UnitWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.create_unit(actor=request.user, **data.validated_data)
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a unit. Its `code` never changes once the unit exists, and a unit the settings name
        (petitions, registers, reports) is neither moved, nor is any unit above it, nor deactivated: 400."""
        data = UnitWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        unit = services.update_unit(actor=request.user, unit=self.get_object(), **data.validated_data)
        return Response(UnitSerializer(unit).data)


@extend_schema_view(
    list=extend_schema(
        summary="Staff directory",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="search, diacritics optional"),
            OpenApiParameter("unit", OpenApiTypes.INT, description="a unit and the units below it"),
        ],
    ),
    retrieve=extend_schema(
        description="The details (roles, clearance, contact) where the policy lets the caller see them; "
        "otherwise the directory entry alone.",
        # anyOf, not oneOf: the full entry holds every field of the short one, so it matches both
        responses={
            200: {
                "anyOf": [
                    {"$ref": "#/components/schemas/StaffDetail"},
                    {"$ref": "#/components/schemas/StaffDirectory"},
                ]
            }
        },
    ),
    create=extend_schema(request=StaffCreateSerializer, responses={201: StaffDetailSerializer}),
    partial_update=extend_schema(request=StaffWriteSerializer, responses={200: StaffDetailSerializer}),
)
class StaffViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RecordViewSet[User],
):
    """Everyone reads the directory; details (clearance, roles, contact) only where the policy allows."""

    serializer_class = StaffDirectorySerializer
    permission_classes = [IsAuthenticated, ManagesOrganisation]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[User]:
        unit = self.request.query_params.get("unit")
        return selectors.list_staff(
            self.request.user,
            query=self.request.query_params.get("q", ""),
            unit_id=int(unit) if unit and unit.isdigit() and int(unit) <= MAX_ID else None,
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        staff = self.get_object()
        if access.can_view_staff_details(request.user, staff):
            if staff.pk != request.user.pk:
                services.record_view(actor=request.user, record=staff)
            return Response(StaffDetailSerializer(staff).data)
        return Response(StaffDirectorySerializer(staff).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = StaffCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        staff = services.create_staff(
            actor=request.user,
            username=values.pop("username"),
            full_name=values.pop("full_name"),
            unit=values.pop("unit", None),
            password=values.pop("password", None),
            roles=values.pop("roles", ()),
            **values,
        )
        return Response(StaffDetailSerializer(staff).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change an account. Granting the leadership role or a clearance, and any change of the roles,
        clearance, unit, `is_active` or `email` of a protected account (the leadership, or any clearance),
        is refused (400): propose it (POST /api/v1/access-proposals/)."""
        data = StaffWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        staff = services.update_staff(
            actor=request.user, staff=self.get_object(), roles=values.pop("roles", None), **values
        )
        return Response(StaffDetailSerializer(staff).data)

    @extend_schema(request=StaffPasswordSerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="set-password")
    def set_password(self, request: Request, pk: str | None = None) -> Response:
        """An administrator sets a new password of an account that is not protected. A protected account (the
        leadership, or any clearance) is refused (403): propose its reset
        (POST /api/v1/access-proposals/ with `reset_password`)."""
        data = StaffPasswordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        staff = self.get_object()
        if staff.pk == request.user.pk:
            # Not with a token or a session alone: the account page asks for the old password first.
            raise PermissionDenied(_("Change your own password on your account page."))
        services.set_staff_password(actor=request.user, staff=staff, password=data.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], url_path="reset-second-factor")
    def reset_second_factor(self, request: Request, pk: str | None = None) -> Response:
        """An administrator resets the two-step login of an account that is not protected (the person enrols
        again at the next login); a protected account is refused (403): propose its reset
        (`reset_second_factor`)."""
        security.remove_second_factor(actor=request.user, user=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=StaffDetailSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request: Request) -> Response:
        """The logged-in person, with roles and clearance."""
        return Response(StaffDetailSerializer(cast(User, request.user)).data)


@extend_schema_view(
    list=extend_schema(
        summary="The audit trail, newest first",
        parameters=[
            OpenApiParameter("object_type", OpenApiTypes.STR, description='record type, e.g. "core.unit"'),
            OpenApiParameter("object_id", OpenApiTypes.INT),
            OpenApiParameter("actor", OpenApiTypes.INT, description="who acted (staff id)"),
            OpenApiParameter("action", OpenApiTypes.STR),
        ],
    )
)
class AuditEventViewSet(ReadOnlyRecordViewSet[AuditEvent]):
    serializer_class = AuditEventSerializer

    def get_queryset(self) -> QuerySet[AuditEvent]:
        params = self.request.query_params
        numbers: dict[str, int | None] = {}
        for param in ("object_id", "actor"):
            numbers[param] = number_param(params, param)
        filters = selectors.AuditFilter(
            object_type=params.get("object_type", ""),
            object_id=numbers["object_id"],
            actor_id=numbers["actor"],
            action=params.get("action", ""),
        )
        return selectors.audit_events(self.request.user, filters)

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        audit.mark_doubtful(page if page is not None else [])
        return page

    def get_object(self) -> AuditEvent:
        event = super().get_object()
        audit.mark_doubtful([event])
        return event


class AgencySerializer(serializers.ModelSerializer[Agency]):
    class Meta:
        model = Agency
        fields = ("id", "name", "short_name", "code", "address", "province_code", "is_active")
        read_only_fields = ("id", "is_active")


class AgencyViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, RecordViewSet[Agency]):
    """The agencies the office corresponds with: petitions forwarded, documents received and sent."""

    serializer_class = AgencySerializer

    def get_queryset(self) -> QuerySet[Agency]:
        agencies = Agency.objects.filter(is_active=True)
        if q := self.request.query_params.get("q"):
            agencies = agencies.filter(folded__contains=fold(q))
        return agencies.order_by("id")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.create_agency(actor=self.request.user, **serializer.validated_data)


class AccessProposalSerializer(serializers.ModelSerializer[AccessProposal]):
    staff_name = serializers.CharField(source="staff.full_name", read_only=True)
    proposed_by_name = serializers.CharField(source="proposed_by.full_name", read_only=True)
    decided_by_name = serializers.CharField(
        source="decided_by.full_name", default=None, read_only=True, allow_null=True
    )
    set_password_url = serializers.SerializerMethodField(
        help_text="Only in the answer to the confirmation of a password reset, for the confirmer to hand to "
        "the person: the one-time link to set a new password. Never shown again."
    )
    set_password_expires_at = serializers.SerializerMethodField()

    class Meta:
        model = AccessProposal
        fields = (
            "id",
            "staff",
            "staff_name",
            "grant_leadership",
            "clearance",
            "reset_password",
            "reset_second_factor",
            "changes",
            "reason",
            "proposed_by",
            "proposed_by_name",
            "proposed_at",
            "status",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "decision_reason",
            "set_password_url",
            "set_password_expires_at",
        )
        read_only_fields = fields

    def get_set_password_url(self, obj: AccessProposal) -> str | None:
        link, request = obj.password_link, self.context.get("request")
        if link is None or request is None:
            return None
        return str(request.build_absolute_uri(link.path))

    def get_set_password_expires_at(self, obj: AccessProposal) -> datetime | None:
        return obj.password_link.expires_at if obj.password_link is not None else None


class AccessProposalCreateSerializer(serializers.Serializer[Any]):
    """What to change: a field left out stays as it is. `roles` is the whole set the person is to hold;
    `grant_leadership` adds the leadership role to the roles held."""

    staff = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    grant_leadership = serializers.BooleanField(required=False, default=False)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=RoleCode.choices), required=False, max_length=len(RoleCode)
    )
    clearance = serializers.ChoiceField(choices=SecrecyLevel.choices, required=False, allow_null=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    reset_password = serializers.BooleanField(required=False, default=False)
    reset_second_factor = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(max_length=2000)


class ProposalDecisionSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Access proposals (the four-eyes rule), newest first"),
    create=extend_schema(
        summary="An administrator proposes the leadership role or a clearance, a change of a protected "
        "account's roles, clearance, unit, status or e-mail address, or the reset of its password or "
        "two-step login",
        request=AccessProposalCreateSerializer,
        responses={201: AccessProposalSerializer},
    ),
)
class AccessProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    RecordViewSet[AccessProposal],
):
    """Granting the office leadership role or any clearance (Mật and above) takes two people: an
    administrator proposes (POST), a member of the leadership with that clearance confirms or rejects
    (POST …/confirm/, …/reject/ with a reason). So does any change of the roles, clearance, unit, status
    (`is_active`) or e-mail address of an account that has that access (a protected account), lowering
    included, and resetting its password or two-step login (`reset_password`, `reset_second_factor`;
    confirmed with a reason): the answer to the confirmation carries, once, the one-time link the confirmer
    hands to the person (`set_password_url`). `changes` shows each field before and after. Seen by
    administrators and the leadership."""

    serializer_class = AccessProposalSerializer

    def get_queryset(self) -> QuerySet[AccessProposal]:
        queryset = AccessProposal.objects.select_related("staff", "proposed_by", "decided_by").order_by("-id")
        if status_filter := self.request.query_params.get("status"):
            queryset = queryset.filter(status=status_filter)
        return access.visible_access_proposals(self.request.user, queryset)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AccessProposalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.propose_access(actor=request.user, **data.validated_data)
        return Response(AccessProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    def _decide(self, request: Request, decide: Any) -> Response:
        data = ProposalDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = decide(
            actor=request.user, proposal=self.get_object(), reason=data.validated_data["reason"]
        )
        return Response(AccessProposalSerializer(proposal, context={"request": request}).data)

    @extend_schema(request=ProposalDecisionSerializer, responses=AccessProposalSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Confirm: the person gets the role and clearance proposed now; a reset is done now (give the
        reason), and the answer carries the one-time link to hand to the person (`set_password_url`), once."""
        return self._decide(request, services.confirm_access_proposal)

    @extend_schema(request=ProposalDecisionSerializer, responses=AccessProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject, with the reason; nothing changes for the person."""
        return self._decide(request, services.reject_access_proposal)

    @extend_schema(request=ProposalDecisionSerializer, responses=AccessProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """An administrator withdraws a proposal still waiting."""
        return self._decide(request, services.withdraw_access_proposal)
