"""Texts the seed stores and the browser tests type again."""

E2E_PETITION = (
    "Đề nghị xem xét việc cấp nước sạch cho thôn Yên Lạc. Thôn Yên Lạc, xã Kim Bảng có 240 hộ dân nhưng từ "
    "tháng 3 năm 2026 đến nay nhà máy nước ngừng cấp nước, người dân phải dùng nước giếng nhiễm phèn, nhiều cháu "
    "nhỏ bị bệnh ngoài da. Chúng tôi đã kiến nghị với Ủy ban nhân dân xã nhiều lần nhưng chưa được giải quyết."
)

# The authenticator key (hex, as django-otp keeps it) of the cleared people in the documents journey.
E2E_TOTP_KEY = "3132333435363738393031323334353637383930"
E2E_TOTP_USERS = ("vanthu", "phochunhiem", "vutruong.th", "vutruong.kt", "chutich")
