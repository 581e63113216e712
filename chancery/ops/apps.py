from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Chancery: health probes, metrics, request logs, backup and restore."""

    name = "chancery.ops"
    label = "ops"
    verbose_name = "Operations"
