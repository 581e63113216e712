"""The organisation and its people: units as a tree, roles, staff accounts with their clearance on the
secrecy scale, the base of every protected record, and the agencies the office corresponds with."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SecrecyLevel(models.IntegerChoices):
    """Độ mật — the three secrecy levels of state secrets: Tuyệt mật, Tối mật, Mật (Luật Bảo vệ bí mật nhà
    nước 117/2025/QH15, in force from 1 March 2026, replacing Luật 29/2018/QH14, which had the same levels).

    The same scale measures a record's level and a person's clearance: a person may see a record only when
    the clearance is at least the record's level.
    """

    NONE = 0, _("Not secret")
    CONFIDENTIAL = 1, _("Confidential")
    SECRET = 2, _("Secret")
    TOP_SECRET = 3, _("Top secret")


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Office")
    LEADERSHIP = "leadership", _("Office leadership")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division")


class Unit(models.Model):
    """A unit of the office: the office itself, its departments (Vụ, Cục) and their divisions (Phòng)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    audit_fields: ClassVar[tuple[str, ...]] = ("code", "name", "short_name", "kind", "parent", "is_active")
    detail_url_name: ClassVar[str] = "core:unit_detail"

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="unit_not_own_parent"),
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_among_siblings"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    def audit_scope(self) -> tuple[int | None, int]:
        return self.pk, SecrecyLevel.NONE


class RoleCode(models.TextChoices):
    """The roles a member of staff may hold; one person may hold several."""

    CLERK = "clerk", _("Clerk")
    SPECIALIST = "specialist", _("Specialist")
    HEAD_OF_UNIT = "head_of_unit", _("Head of unit")
    LEADERSHIP = "leadership", _("Office leadership")
    ADMINISTRATOR = "administrator", _("Administrator")


class Role(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class StaffManager(UserManager["User"]):
    pass


class User(AbstractUser):
    """A member of the office's staff (cán bộ, công chức): a unit, a position, roles and a clearance."""

    full_name = models.CharField(_("full name"), max_length=150)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    clearance = models.PositiveSmallIntegerField(
        _("secrecy clearance"), choices=SecrecyLevel.choices, default=SecrecyLevel.NONE
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="users")
    search_key = models.CharField(max_length=400, blank=True, editable=False)
    # Whether the password in force was chosen by someone other than the person (an administrator opening the
    # account or resetting it): such a password does not survive a grant of protected access, which would
    # let that administrator log in as the person (chancery.core.services.confirm_access_proposal).
    password_set_by_other = models.BooleanField(default=False, editable=False)

    objects = StaffManager()  # type: ignore[misc]

    audit_fields: ClassVar[tuple[str, ...]] = (
        "username",
        "full_name",
        "email",
        "unit",
        "position",
        "clearance",
        "phone",
        "is_active",
        "roles",
    )
    detail_url_name: ClassVar[str] = "core:staff_detail"

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["full_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(clearance__gte=0, clearance__lte=3), name="user_clearance_range"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.username])[-1]

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    def audit_scope(self) -> tuple[int | None, int]:
        return self.unit_id, SecrecyLevel.NONE

    @property
    def role_codes(self) -> frozenset[str]:
        """The codes of the roles held, loaded once per user object."""
        cached = self.__dict__.get("_role_codes")
        if cached is None:
            cached = frozenset(self.roles.values_list("code", flat=True)) if self.pk else frozenset()
            self.__dict__["_role_codes"] = cached
        return cached


class ProtectedRecord(models.Model):
    """What a record needs for the access policy: an owning unit and a secrecy level.

    Every domain record (a petition, a document, a nomination...) inherits it; `chancery.core.access` decides
    who may see and do what with it, together with the record's assignments.
    """

    owning_unit = models.ForeignKey(
        Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="+"
    )
    secrecy = models.PositiveSmallIntegerField(
        _("secrecy level"), choices=SecrecyLevel.choices, default=SecrecyLevel.NONE, db_index=True
    )
    owning_unit_id: int

    class Meta:
        abstract = True

    def audit_scope(self) -> tuple[int | None, int]:
        return self.owning_unit_id, self.secrecy


class Agency(models.Model):
    """A body outside the Office that it corresponds with: petitions are forwarded to it or come from it,
    official documents are received from it and sent to it. `code` is the agency's identifier in the national
    list of agency codes, by which electronic documents are addressed between agencies."""

    name = models.CharField(_("name"), max_length=250, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.CharField(_("agency code"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    province_code = models.PositiveSmallIntegerField(_("province"), null=True, blank=True)
    folded = models.CharField(max_length=250, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    audit_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "short_name",
        "code",
        "address",
        "province_code",
        "is_active",
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="agency_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name
