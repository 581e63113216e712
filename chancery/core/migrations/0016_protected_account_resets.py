"""Resetting a protected account's password or second factor takes a second person (issue 23, item 2).

- `AccessProposal.reset_password` / `reset_second_factor`: a reset proposed by an administrator, confirmed by
  a member of the leadership with the account's clearance; a proposal must now do something (grant or reset).
- `PasswordSetLink`: the one-time link with which the person sets a new password after a confirmed reset
  (only its digest is stored).
- `User.password_set_by_other`: whether the password in force was chosen by someone other than the person;
  existing accounts start at False (unknown: treated as the person's own).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0015_audit_event_mac")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="password_set_by_other",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RemoveConstraint(model_name="accessproposal", name="proposal_grants_something"),
        migrations.AddField(
            model_name="accessproposal",
            name="reset_password",
            field=models.BooleanField(default=False, verbose_name="reset the password"),
        ),
        migrations.AddField(
            model_name="accessproposal",
            name="reset_second_factor",
            field=models.BooleanField(default=False, verbose_name="reset two-step login"),
        ),
        migrations.AddConstraint(
            model_name="accessproposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("grant_leadership", True),
                    ("clearance__isnull", False),
                    ("reset_password", True),
                    ("reset_second_factor", True),
                    _connector="OR",
                ),
                name="proposal_does_something",
            ),
        ),
        migrations.CreateModel(
            name="PasswordSetLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField(verbose_name="issued at")),
                ("expires_at", models.DateTimeField(verbose_name="expires at")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="used at")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked at")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff member",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.accessproposal",
                        verbose_name="proposal",
                    ),
                ),
                (
                    "handed_to",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="handed to",
                    ),
                ),
            ],
            options={
                "verbose_name": "one-time password link",
                "verbose_name_plural": "one-time password links",
                "indexes": [
                    models.Index(fields=["user", "used_at", "revoked_at"], name="passwordlink_user_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("expires_at__gt", models.F("created_at"))),
                        name="passwordlink_expires_later",
                    )
                ],
            },
        ),
    ]
