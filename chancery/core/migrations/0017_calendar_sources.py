"""Where each day of the working-day calendar comes from: the instrument's number and date, shipped rows
apart from the administrator's (a later load keeps the administrator's decisions), withdrawn decisions kept;
a notice when a running time limit moves with the calendar."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0016_protected_account_resets")]

    operations = [
        migrations.AddField(
            model_name="calendarday",
            name="instrument_date",
            field=models.DateField(blank=True, null=True, verbose_name="instrument date"),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="instrument_number",
            field=models.CharField(blank=True, max_length=100, verbose_name="instrument number"),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="is_withdrawn",
            field=models.BooleanField(
                default=False,
                help_text="The decision was withdrawn: the date follows the holiday library's default.",
                verbose_name="withdrawn",
            ),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="origin",
            field=models.CharField(
                choices=[
                    ("shipped", "Government decision shipped with Chancery"),
                    ("administrator", "Recorded by an administrator"),
                ],
                default="administrator",
                max_length=20,
                verbose_name="origin",
            ),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="recorded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="recorded at"),
        ),
        migrations.AddField(
            model_name="calendarday",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
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
                    ("due_date_moved", "Time limit moved with the calendar"),
                ],
                max_length=30,
                verbose_name="kind",
            ),
        ),
    ]
