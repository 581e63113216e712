"""Treaties and foreign affairs as data the workflow uses.

Treaties: Luật Điều ước quốc tế 2016 (108/2016/QH13), amended by Luật 137/2025/QH15 (in force 1 January 2026).
A treaty is concluded in the name of the State or of the Government (Điều 4); Vietnam consents to be bound by
signature, ratification (phê chuẩn: the National Assembly or the President), approval (phê duyệt: the
Government) or accession (gia nhập) (Điều 2, Điều 28–38). The bodies asked for their opinion on a proposal
to ratify answer in writing within 15 days of receiving it (Điều 30 khoản 3 of the 2016 law, read in the
Công báo, số 345+346/2016); Luật 137/2025 rewrote Điều 30 and its days were not confirmed from a public copy:
the 15 days are kept and marked to be checked. The law sets no time limit on the steps of the Office of the
President itself that could be confirmed; those steps carry the due date the person recording them gives.

Foreign affairs: the kinds of event and what each needs (../shared/domain/state.md).
"""

from __future__ import annotations

from chancery.casework.rules import ClockUnit

BILATERAL = "bilateral"
MULTILATERAL = "multilateral"
KIND_CHOICES = [(BILATERAL, "Song phương"), (MULTILATERAL, "Đa phương")]

STATE_NAME = "state"
GOVERNMENT_NAME = "government"
NAME_CHOICES = [(STATE_NAME, "Nhân danh Nhà nước"), (GOVERNMENT_NAME, "Nhân danh Chính phủ")]

RATIFICATION = "ratification"
APPROVAL = "approval"
ACCESSION = "accession"
SIGNATURE = "signature"
CONSENT_CHOICES = [
    (RATIFICATION, "Phê chuẩn"),
    (APPROVAL, "Phê duyệt"),
    (ACCESSION, "Gia nhập"),
    (SIGNATURE, "Ký (có hiệu lực từ khi ký)"),
]

OPINIONS = "opinions"
OPINION_DAYS = 15
OPINION_DAYS_VERIFIED = False  # Luật 137/2025/QH15 rewrote Điều 30: its days not confirmed
STEP_DUE = "step_due"
UNIT = ClockUnit.CALENDAR

# Events
VISIT_ABROAD = "visit_abroad"
STATE_VISIT = "state_visit"
DELEGATION = "delegation"
CREDENTIALS = "credentials"
CONFERENCE = "conference"
TALKS = "talks"
MESSAGE = "message"
EVENT_KINDS = [
    (VISIT_ABROAD, "Chuyến thăm nước ngoài"),
    (STATE_VISIT, "Đón chuyến thăm cấp Nhà nước"),
    (DELEGATION, "Tiếp đoàn quốc tế"),
    (CREDENTIALS, "Lễ trình quốc thư"),
    (CONFERENCE, "Hội nghị quốc tế tổ chức tại Việt Nam"),
    (TALKS, "Điện đàm, hội đàm trực tuyến"),
    (MESSAGE, "Điện mừng, điện chia buồn"),
]
EVENT_KIND_LABELS = dict(EVENT_KINDS)
# Colours of the calendar, one per kind (Bootstrap's text-bg classes).
EVENT_COLOURS = {
    VISIT_ABROAD: "primary",
    STATE_VISIT: "danger",
    DELEGATION: "success",
    CREDENTIALS: "warning",
    CONFERENCE: "info",
    TALKS: "secondary",
    MESSAGE: "light",
}

LEADERS = [("president", "Chủ tịch nước"), ("vice_president", "Phó Chủ tịch nước")]

CHECKLIST_CATEGORIES = [
    ("reception", "Đón tiếp, lễ tân"),
    ("security", "An ninh"),
    ("transport", "Phương tiện, đi lại"),
    ("gifts", "Quà tặng"),
    ("interpreters", "Phiên dịch"),
    ("press", "Báo chí, truyền thông"),
    ("logistics", "Hậu cần"),
]
# What a state visit received needs, as a checklist the office starts from (each item then given a unit and
# a due date counted back from the first day of the event).
STANDARD_CHECKLIST = [
    ("reception", "Lễ đón chính thức, 21 phát đại bác, đội danh dự", 3),
    ("reception", "Phòng khách, bố trí chỗ ngồi hội đàm", 2),
    ("security", "Phương án an ninh, bảo vệ đoàn", 5),
    ("transport", "Đoàn xe, lộ trình, đón tại sân bay", 3),
    ("gifts", "Quà tặng của Chủ tịch nước", 7),
    ("interpreters", "Phiên dịch hội đàm và chiêu đãi", 5),
    ("press", "Thông cáo báo chí, ghi hình", 2),
    ("logistics", "Chiêu đãi cấp Nhà nước", 4),
]

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
