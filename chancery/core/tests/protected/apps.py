from django.apps import AppConfig


class ProtectedConfig(AppConfig):
    name = "chancery.core.tests.protected"
    label = "protected"
