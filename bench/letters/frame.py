"""The frame of a letter: addressees, the date, the closings."""

from __future__ import annotations

import random

from bench.letters.people import Writer

# --- the frame of a letter ------------------------------------------------------------------------------

ADDRESSEES = [
    "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Chủ tịch nước",
    "Văn phòng Chủ tịch nước",
    "Ban Tiếp công dân Trung ương",
    "Thanh tra Chính phủ",
    "Ủy ban nhân dân tỉnh",
]
CLOSINGS = [
    "Tôi xin chân thành cảm ơn.",
    "Xin trân trọng cảm ơn.",
    "Tôi xin cam đoan những nội dung trình bày trên là đúng sự thật.",
    "Kính mong được quan tâm xem xét, giải quyết.",
    "Rất mong nhận được sự quan tâm của các cấp có thẩm quyền.",
]


def _date(rng: random.Random, year: int = 2025) -> tuple[int, int, int]:
    return rng.randint(1, 28), rng.randint(1, 12), year


def frame(
    rng: random.Random,
    writer: Writer,
    title: str,
    body_text: str,
    *,
    again: bool = False,
    form_identity: bool | None = None,
) -> str:
    """A whole letter around a body: heading, place and date, title, greeting, identity, body, closing,
    signature; each part in one of the ways people write it."""
    lines: list[str] = []
    day, month, year = _date(rng)
    dated = f"{writer.province.removeprefix('Thành phố ')}, ngày {day} tháng {month} năm {year}"
    if rng.random() < 0.7:
        lines += [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "-" * rng.randint(5, 20),
        ]
        if rng.random() < 0.5:
            lines.append(dated)
            dated = ""
    if rng.random() < 0.8:
        lines.append(f"ĐƠN {title.upper()}")
    addressees = rng.sample(ADDRESSEES, rng.randint(1, 3))
    lines.append("Kính gửi: " + ("; ".join(addressees) if rng.random() < 0.5 else "\n- ".join(addressees)))
    if form_identity is None:
        form_identity = rng.random() < 0.5
    if form_identity:
        lines.append(f"Tôi tên là: {writer.name}    Sinh năm: {writer.birth}")
        lines.append(f"Địa chỉ: {writer.address}")
        extra = []
        if writer.id_number:
            extra.append(f"Số CCCD: {writer.id_number}")
        if writer.phone:
            extra.append(f"Điện thoại: {writer.phone}")
        if extra:
            lines.append("    ".join(extra))
    else:
        sentence = rng.choice(
            [
                f"Tôi tên là {writer.name}, sinh năm {writer.birth}, trú tại {writer.address}.",
                f"Tôi là {writer.name}, sinh năm {writer.birth}, thường trú tại {writer.address}.",
                f"Tôi tên là {writer.name}, cư trú tại {writer.address}"
                + (f", điện thoại {writer.phone}" if writer.phone else "")
                + ".",
            ]
        )
        lines.append(sentence)
    if again:
        lines.append(
            rng.choice(
                [
                    "Tôi đã gửi đơn nhưng đến nay chưa nhận được trả lời, nay tôi tiếp tục gửi đơn.",
                    "Đây là lần thứ hai tôi gửi đơn về việc này.",
                    "Tôi xin gửi lại đơn như sau.",
                ]
            )
        )
    lines.append(body_text)
    lines.append(rng.choice(CLOSINGS))
    if dated:
        lines.append(dated)
    lines += [
        rng.choice(["Người làm đơn", "Người viết đơn", "NGƯỜI LÀM ĐƠN"]),
        "(Ký, ghi rõ họ tên)",
        writer.name,
    ]
    return "\n".join(lines)
