"""The four-eyes rule covers any change of a protected account (roles, clearance, unit, active status, e-mail
address, lowering included): a proposal records each field's value before and after (`changes`), and that is
what a confirmation applies. A proposal still waiting from before is given its `changes` from what it grants
and the account as it is now."""

from typing import Any

from django.db import migrations, models


def describe_waiting_proposals(apps: Any, schema_editor: Any) -> None:
    proposal_model = apps.get_model("core", "AccessProposal")
    for proposal in proposal_model.objects.filter(status="pending", changes={}).select_related("staff"):
        staff = proposal.staff
        roles = sorted(staff.roles.values_list("code", flat=True))
        changes: dict[str, dict[str, Any]] = {}
        if proposal.grant_leadership and "leadership" not in roles:
            changes["roles"] = {"before": roles, "after": sorted([*roles, "leadership"])}
        if proposal.clearance is not None and proposal.clearance > staff.clearance:
            changes["clearance"] = {"before": staff.clearance, "after": proposal.clearance}
        if changes:
            proposal.changes = changes
            proposal.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [("core", "0018_calendar_decisions_2024_2026")]

    operations = [
        migrations.RemoveConstraint(model_name="accessproposal", name="proposal_does_something"),
        migrations.AddField(
            model_name="accessproposal",
            name="changes",
            field=models.JSONField(blank=True, default=dict, verbose_name="changes"),
        ),
        migrations.AddConstraint(
            model_name="accessproposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("grant_leadership", True),
                    ("clearance__isnull", False),
                    ("reset_password", True),
                    ("reset_second_factor", True),
                    models.Q(("changes", {}), _negated=True),
                    _connector="OR",
                ),
                name="proposal_does_something",
            ),
        ),
        migrations.RunPython(describe_waiting_proposals, migrations.RunPython.noop),
    ]
