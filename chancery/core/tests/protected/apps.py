from django.apps import AppConfig


class ProtectedConfig(AppConfig):
    name = "chancery.core.tests.protected"
    label = "protected"

    def ready(self) -> None:
        from chancery.casework import lists
        from chancery.core.models import SecrecyLevel
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
        lists.register(
            lists.CaseList(
                key="complaints",
                model=Complaint,
                title="Đơn khiếu nại",
                columns=(
                    lists.Column("id", "Số"),
                    lists.Column("title", "Trích yếu", sortable=True, link=True),
                    lists.Column("state", "Trạng thái", value=lambda c: c.state_label),
                    lists.Column("owning_unit", "Đơn vị chủ trì"),
                    lists.Column("created_at", "Ngày nhận", sortable=True),
                    lists.Column(
                        "body",
                        "Nội dung",
                        shown_to=lambda user, c: c.secrecy == SecrecyLevel.NONE,
                    ),
                ),
                filters=(
                    lists.state_filter(Complaint),
                    lists.unit_filter(),
                    lists.date_filter("created", "Ngày nhận", lookup="created_at__date"),
                    lists.prefix_filter("title", "Trích yếu bắt đầu bằng"),
                    lists.choice_filter("secrecy", "Độ mật", SecrecyLevel.choices),
                ),
                detail_url=lambda c: f"/complaints/{c.pk}/",
            )
        )
