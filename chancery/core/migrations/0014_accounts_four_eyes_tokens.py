"""API tokens stored as digests with their limits (replacing rest_framework.authtoken, whose keys were kept
in plain text and never expired), the four-eyes proposals on access to state secrets, and their notices."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder


def drop_plain_text_tokens(apps, schema_editor):
    """rest_framework.authtoken is no longer installed: its table kept every key in plain text. Drop it (and
    its migration records, so that the app could be installed again cleanly)."""
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute(
            schema_editor.sql_delete_table % {"table": schema_editor.quote_name("authtoken_token")}
        )
    MigrationRecorder(connection).migration_qs.filter(app="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0013_job_uploads"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("assigned", "Assigned to you"),
                    ("due_soon", "Time limit due soon"),
                    ("overdue", "Time limit overdue"),
                    ("escalated", "Overdue in your unit"),
                    ("opinion_requested", "Opinion requested"),
                    ("opinion_given", "Opinion given"),
                    ("job_ended", "Background job ended"),
                    ("report_drafted", "Report drafted"),
                    ("access_proposed", "Access change to confirm"),
                    ("access_decided", "Access change decided"),
                    ("security_alert", "Security alert"),
                ],
                max_length=30,
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="AccessProposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "grant_leadership",
                    models.BooleanField(default=False, verbose_name="grant the office leadership role"),
                ),
                (
                    "clearance",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[(0, "Not secret"), (1, "Confidential"), (2, "Secret"), (3, "Top secret")],
                        null=True,
                        verbose_name="proposed clearance",
                    ),
                ),
                ("reason", models.TextField(verbose_name="reason")),
                ("proposed_at", models.DateTimeField(auto_now_add=True, verbose_name="proposed at")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for confirmation"),
                            ("confirmed", "Confirmed"),
                            ("rejected", "Rejected"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided at")),
                ("decision_reason", models.TextField(blank=True, verbose_name="reason for the decision")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="proposed by",
                    ),
                ),
                (
                    "staff",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="access_proposals",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff member",
                    ),
                ),
            ],
            options={
                "verbose_name": "access proposal",
                "verbose_name_plural": "access proposals",
                "ordering": ["-id"],
                "indexes": [models.Index(fields=["status", "-id"], name="proposal_status_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("staff",),
                        name="one_pending_proposal_per_person",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("grant_leadership", True), ("clearance__isnull", False), _connector="OR"
                        ),
                        name="proposal_grants_something",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("proposed_by", models.F("staff")), _negated=True),
                        name="proposal_not_for_oneself",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("decided_by__isnull", True),
                            models.Q(
                                models.Q(("decided_by", models.F("proposed_by")), _negated=True),
                                models.Q(("decided_by", models.F("staff")), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="proposal_decided_by_a_second_person",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("prefix", models.CharField(max_length=16, verbose_name="token begins with")),
                ("bound_to", models.CharField(max_length=64)),
                (
                    "second_factor",
                    models.BooleanField(default=False, verbose_name="issued after two-step login"),
                ),
                ("read_only", models.BooleanField(default=False, verbose_name="read only")),
                ("created_at", models.DateTimeField(verbose_name="issued at")),
                ("expires_at", models.DateTimeField(verbose_name="expires at")),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="last used at")),
                (
                    "last_used_ip",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="last used from"),
                ),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked at")),
                ("revoked_reason", models.CharField(blank=True, max_length=100, verbose_name="why revoked")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff member",
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
                "indexes": [models.Index(fields=["user", "revoked_at"], name="apitoken_user_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("expires_at__gt", models.F("created_at"))),
                        name="apitoken_expires_later",
                    )
                ],
            },
        ),
        migrations.RunPython(drop_plain_text_tokens, migrations.RunPython.noop),
    ]
