"""Background jobs and the files they read."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.models.organisation import User


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Job(models.Model):
    """A piece of long work (an import, a batch appraisal, a report, the clock watch) as the office sees it:
    who started it, how far it has got, why it failed. The work itself runs as a Django task
    (`chancery.core.jobs`); `cursor` is the last item it finished, so a retry carries on after it."""

    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("job"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, encoder=DjangoJSONEncoder)
    started_by = models.ForeignKey(
        User, verbose_name=_("started by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(_("items"), null=True, blank=True)
    done = models.PositiveIntegerField(_("items done"), default=0)
    cursor = models.CharField(max_length=200, blank=True)
    result = models.JSONField(_("result"), default=dict, encoder=DjangoJSONEncoder)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # Set by the worker while the job runs: a running job whose heartbeat stops lost its worker
    # (`jobs.recover_stale` queues it again; it carries on from its cursor).
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["started_by", "-id"], name="job_owner_idx"),
            models.Index(fields=["kind", "status"], name="job_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__lte=F("total")), name="job_done_le_total"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.pk])

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else None
        return min(100, self.done * 100 // self.total)

    @property
    def is_active(self) -> bool:
        return self.status in {JobStatus.QUEUED, JobStatus.RUNNING}


class JobUpload(models.Model):
    """A file a person uploaded as the input of one job (an Excel list to import).

    A job never reads a file named by its parameters: it reads the upload bound to it, which the same person
    sent for that kind of job. The stored name is made by the server (no part of it comes from the client);
    the file is removed once the job has read it through, and the row stays with its checksum."""

    owner = models.ForeignKey(User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of job"), max_length=60)
    job = models.OneToOneField(
        Job, verbose_name=_("job"), on_delete=models.CASCADE, null=True, blank=True, related_name="upload"
    )
    file = models.CharField(_("stored file"), max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("file removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        indexes = [models.Index(fields=["owner", "kind", "-id"], name="jobupload_owner_idx")]

    def __str__(self) -> str:
        return self.name
