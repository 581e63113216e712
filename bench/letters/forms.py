"""The pre-printed forms (clemency, land complaints) and their rewrites."""

from __future__ import annotations

import random

from bench.letters.frame import frame
from bench.letters.matters import Facts
from bench.letters.people import Writer
from chancery.petitions.demo import GIVEN, MIDDLE, SURNAMES
from chancery.petitions.models import Field, PetitionKind

# --- pre-printed forms ----------------------------------------------------------------------------------

CLEMENCY_REASONS = [
    "Con tôi đã thành khẩn khai báo, ăn năn hối cải, gia đình đã bồi thường cho gia đình bị hại.",
    "Con tôi phạm tội lần đầu, có nhân thân tốt, trong thời gian bị giam giữ luôn chấp hành tốt nội quy.",
    "Gia đình tôi có công với cách mạng, hoàn cảnh khó khăn, con tôi là lao động chính trong gia đình.",
    "Gia đình bị hại đã có đơn xin giảm nhẹ hình phạt cho con tôi.",
]


def clemency(rng: random.Random, writer: Writer) -> Facts:
    return {
        "prisoner": f"{writer.name.split()[0] if rng.random() < 0.7 else rng.choice(SURNAMES)} "
        f"{rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        "born": rng.randint(1975, 2000),
        "relation": rng.choice(["mẹ đẻ", "bố đẻ", "vợ", "chị gái", "anh trai"]),
        "court": f"Tòa án nhân dân {rng.choice(['tỉnh', 'cấp cao tại'])} {rng.choice(['Thanh Hóa', 'Nghệ An', 'Hà Nội', 'Đà Nẵng', 'Sơn La', 'Điện Biên'])}",
        "number": rng.randint(10, 600),
        "year": rng.randint(2019, 2024),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        "crime": rng.choice(
            ["Mua bán trái phép chất ma túy", "Giết người", "Vận chuyển trái phép chất ma túy"]
        ),
        "camp": rng.choice(["Trại tạm giam Công an tỉnh", "Trại giam số 5", "Trại tạm giam T16"]),
        "reasons": rng.sample(range(len(CLEMENCY_REASONS)), 2),
    }


def clemency_form(f: Facts, writer: Writer, rng: random.Random) -> tuple[str, str]:
    reasons = " ".join(CLEMENCY_REASONS[i] for i in f["reasons"])  # type: ignore[attr-defined]
    lines = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐƠN XIN ÂN GIẢM ÁN TỬ HÌNH",
        "Kính gửi: Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        f"Tôi tên là: {writer.name}    Sinh năm: {writer.birth}",
        f"Địa chỉ: {writer.address}",
        f"Là {f['relation']} của phạm nhân: {f['prisoner']}    Sinh năm: {f['born']}",
        f"Bị {f['court']} xử phạt tử hình về tội: {f['crime']}",
        f"Tại Bản án số: {f['number']}/{f['year']}/HS-PT ngày {f['date']}/{f['year']}",
        f"Hiện đang bị giam giữ tại: {f['camp']}",
        "Tôi làm đơn này kính xin Chủ tịch nước xem xét, ân giảm án tử hình cho phạm nhân nêu trên.",
        f"Lý do xin ân giảm: {reasons}",
        "Tôi xin cam đoan những lời khai trên là đúng sự thật và xin chịu trách nhiệm trước pháp luật.",
        f"{writer.province.removeprefix('Thành phố ')}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm 2025",
        "Người làm đơn",
        "(Ký, ghi rõ họ tên)",
        writer.name,
    ]
    return f"Đơn xin ân giảm án tử hình cho phạm nhân {f['prisoner']}", "\n".join(lines)


def clemency_rewrite(f: Facts, writer: Writer, rng: random.Random) -> tuple[str, str]:
    """A family member writes again in their own words, not on the form."""
    body_text = " ".join(
        [
            f"Tôi là {f['relation']} của {f['prisoner']}, sinh năm {f['born']}, bị {f['court']} tuyên án tử hình "
            f"về tội {str(f['crime']).lower()} theo Bản án số {f['number']}/{f['year']}/HS-PT.",
            "Gia đình tôi vô cùng đau xót và ân hận về việc làm sai trái của con em mình.",
            CLEMENCY_REASONS[f["reasons"][0]],  # type: ignore[index]
            f"Kính xin Chủ tịch nước mở lượng khoan hồng, tha tội chết cho {f['prisoner']} để có cơ hội sửa chữa.",
        ]
    )
    return (
        f"Xin tha tội chết cho {f['prisoner']}",
        frame(rng, writer, "xin ân giảm án tử hình", body_text),
    )


def land_form(rng: random.Random, writer: Writer) -> Facts:
    return {
        "decision": rng.randint(100, 9999),
        "year": rng.randint(2020, 2024),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        "district": rng.choice(["Đông Sơn", "Yên Định", "Thanh Trì", "Gia Lâm", "Bình Chánh"]),
        "parcel": rng.randint(10, 900),
        "sheet": rng.randint(1, 60),
        "area": rng.randint(80, 3000),
        "paid": rng.randint(50, 900),
        "project": rng.choice(["khu đô thị mới", "đường vành đai", "khu công nghiệp"]),
    }


def land_complaint_form(f: Facts, writer: Writer, rng: random.Random) -> tuple[str, str]:
    lines = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐƠN KHIẾU NẠI",
        "(Về việc bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất)",
        "Kính gửi: Chủ tịch nước; Ủy ban nhân dân tỉnh",
        f"Họ và tên người khiếu nại: {writer.name}",
        f"Địa chỉ: {writer.address}",
        f"Số CCCD: {writer.id_number or 'không có'}",
        f"Khiếu nại Quyết định số: {f['decision']}/QĐ-UBND ngày {f['date']}/{f['year']} của Ủy ban nhân dân "
        f"huyện {f['district']} về việc phê duyệt phương án bồi thường, hỗ trợ, tái định cư dự án {f['project']}.",
        f"Thửa đất bị thu hồi: thửa số {f['parcel']}, tờ bản đồ số {f['sheet']}, diện tích {f['area']} m2.",
        f"Số tiền được bồi thường: {f['paid']} triệu đồng.",
        "Nội dung khiếu nại: Giá đất tính bồi thường thấp hơn nhiều so với giá thị trường; không được hỗ trợ "
        "chuyển đổi nghề nghiệp và tìm kiếm việc làm; không được bố trí tái định cư.",
        "Yêu cầu giải quyết: Đề nghị hủy phần phương án bồi thường đối với thửa đất nêu trên, bồi thường theo giá "
        "thị trường và hỗ trợ theo đúng quy định của pháp luật.",
        "Tài liệu kèm theo: Giấy chứng nhận quyền sử dụng đất (bản sao), Quyết định thu hồi đất (bản sao).",
        "Người khiếu nại",
        "(Ký, ghi rõ họ tên)",
        writer.name,
    ]
    return (
        f"Khiếu nại bồi thường thửa đất số {f['parcel']}, tờ bản đồ số {f['sheet']}",
        "\n".join(lines),
    )


def land_form_rewrite(f: Facts, writer: Writer, rng: random.Random) -> tuple[str, str]:
    body_text = " ".join(
        [
            f"Thửa đất số {f['parcel']}, tờ bản đồ số {f['sheet']} của gia đình tôi, rộng {f['area']} m2, bị thu "
            f"hồi cho dự án {f['project']}.",
            f"Theo Quyết định {f['decision']}/QĐ-UBND của UBND huyện {f['district']} năm {f['year']}, gia đình chỉ "
            f"được bồi thường {f['paid']} triệu đồng, quá thấp so với giá đất thực tế.",
            "Tôi đề nghị xem xét lại mức bồi thường cho gia đình tôi.",
        ]
    )
    return (
        f"Đề nghị xem xét lại bồi thường thửa đất {f['parcel']}",
        frame(rng, writer, "khiếu nại", body_text),
    )


FORMS = [
    ("clemency", clemency, clemency_form, clemency_rewrite, PetitionKind.RECOMMENDATION, Field.CLEMENCY),
    ("land_form", land_form, land_complaint_form, land_form_rewrite, PetitionKind.COMPLAINT, Field.LAND),
]
