from django.apps import AppConfig


class ProtectedConfig(AppConfig):
    name = "chancery.core.tests.protected"
    label = "protected"

    def ready(self) -> None:
        from chancery.core.tests.protected.models import Complaint, Memo
        from chancery.search import index

        index.register(Memo, module="memos", label="Tờ trình", title=lambda m: m.title, body=lambda m: "")
        index.register(
            Complaint,
            module="complaints",
            label="Khiếu nại",
            title=lambda c: c.title,
            body=lambda c: c.body,
            state=lambda c: c.state,
            date=lambda c: c.created_at.date() if c.created_at else None,
        )
