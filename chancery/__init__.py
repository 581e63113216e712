"""Chancery: the digital office of the Office of the State President (Văn phòng Chủ tịch nước)."""
