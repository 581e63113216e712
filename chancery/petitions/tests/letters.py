"""A fixed corpus of letters for the duplicate check, written out as citizens write them, each labelled with
the matter it is about: resends with a new greeting and closing, co-signed copies, a retype without
diacritics and with typos, letters in other words (by the same person, a name misspelt, or by another member
of the family), and hard negatives: one pre-printed form filled for different prisoners and different
parcels (once by the same writer), a model letter about another decision, and unrelated letters.

Each letter: (matter, summary, content, petitioner's name, province, commune, identity number). Letters
with the same matter are the same matter; any other pair is not.
"""

from __future__ import annotations

from dataclasses import dataclass

HANOI, THANH_HOA = 1, 38
DONG_ANH, PHU_XUYEN, THANH_TRI = 454, 10273, 640  # communes of Hà Nội (codes as in chancery.core.provinces)
DONG_SON, YEN_DINH = 16378, 15469  # communes of Thanh Hóa


@dataclass(frozen=True)
class Letter:
    key: str
    matter: str
    summary: str
    content: str
    name: str
    province: int
    ward: int | None = None
    id_number: str = ""


LAND = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN KHIẾU NẠI
Kính gửi: Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam
Tôi tên là: Nguyễn Thị Hường      Sinh năm: 1962
Địa chỉ: thôn Đông, xã Phú Xuyên, Thành phố Hà Nội
Số CCCD: 001162004455
Gia đình tôi có 1.200 m2 đất nông nghiệp tại thửa số 318, tờ bản đồ số 7 thôn Đông, đã được cấp giấy chứng nhận quyền sử dụng đất năm 1998.
Ngày 12/3/2024, Ủy ban nhân dân huyện Phú Xuyên ban hành Quyết định số 1452/QĐ-UBND thu hồi toàn bộ thửa đất để xây dựng cụm công nghiệp Phú Xuyên.
Đơn giá bồi thường chỉ 105.000 đồng/m2, trong khi giá chuyển nhượng thực tế ở địa phương khoảng 1.500.000 đồng/m2. Gia đình không được hỗ trợ chuyển đổi nghề, không được giao đất dịch vụ.
Tôi đã khiếu nại lên UBND huyện hai lần nhưng chưa được trả lời.
Tôi đề nghị Chủ tịch nước chỉ đạo xem xét lại phương án bồi thường đối với thửa đất số 318 cho đúng quy định.
Tôi xin chân thành cảm ơn.
Hà Nội, ngày 5 tháng 8 năm 2024
Người làm đơn
(Ký, ghi rõ họ tên)
Nguyễn Thị Hường"""

LAND_BODY = LAND[LAND.index("Gia đình tôi có") : LAND.index("Tôi xin chân thành cảm ơn.")]

LAND_RESEND = f"""Kính gửi:
- Ban Tiếp công dân Trung ương
- Văn phòng Chủ tịch nước
- Thanh tra Chính phủ
Tôi là Nguyễn Thị Hường, sinh năm 1962, thường trú tại thôn Đông, xã Phú Xuyên, Hà Nội.
Đơn tôi gửi tháng 8 năm 2024 đến nay chưa có trả lời, nay tôi gửi lại.
{LAND_BODY}
Kính mong các đồng chí lãnh đạo quan tâm giải quyết, tôi xin trân trọng cảm ơn.
Hà Nội, ngày 20 tháng 11 năm 2024
Người viết đơn
Nguyễn Thị Hường"""

LAND_COSIGNED = f"""CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN KHIẾU NẠI
Kính gửi: Chủ tịch nước
Tôi tên là: Trần Văn Lợi      Sinh năm: 1958
Địa chỉ: xóm 4 thôn Đông, xã Phú Xuyên, Thành phố Hà Nội
Điện thoại: 0912 778 341
{LAND_BODY}
Tôi xin cam đoan những nội dung trên là đúng sự thật.
Người làm đơn
Trần Văn Lợi"""

LAND_RETYPE = """CONG HOA XA HOI CHU NGHIA VIET NAM Doc lap - Tu do - Hanh phuc
DON KHIEU NAI
Kinh gui: Chu tich nuoc Cong hoa xa hoi chu nghia Viet Nam
Toi ten la: Nguyen Thi Huong Sinh nam: 1962 Dia chi: thon Dong, xa Phu Xuyen, Thanh pho Ha Noi
Gia dinh toi co 1.200 m2 dat nong nghiep tai thua so 318, to ban do so 7 thon Dong, da duoc cap giay chung nhan quyen su dung dat nam 1998. Ngay 12/3/2024, Uy ban nhan dan huyen Phu Xuyen ban hanh Quyet dinh so 1452/QD-UBND thu hoi toan bo thua dat de xay dung cum cong nghiep Phu Xuyen.
Don gia boi thuong chi 105.000 dong/m2, trong khi gia chuyen nhuong thuc te o dia phuong khoang 1.500.000 dong/m2.
Gia dinh khong duoc ho tro chuyen doi nghe, khong duoc giao dat dich vu. Toi da khieu nai len UBND huyen hai lan nhung chua duoc tra loi. Toi de nghi Chu tich nuoc chi dao xem xet lai phuong an boi thuong doi voi thua dat so 318 cho dung quy dinh.
Toi xin chan thanh cam on.
Nguoi lam don
Nguyen Thi Huong"""

LAND_PARAPHRASE = """Kính gửi Chủ tịch nước.
Tôi là Nguyễn Thị Hương, ở thôn Đông, xã Phú Xuyên, Hà Nội.
Năm 2024 huyện Phú Xuyên thu hồi hết 1.200 m2 ruộng của nhà tôi (thửa 318, tờ bản đồ 7) theo Quyết định 1452/QĐ-UBND để làm cụm công nghiệp. Mỗi mét vuông chỉ được đền 105.000 đồng, ai ở quê tôi cũng biết đất bán ngoài là một triệu rưỡi một mét.
Nhà tôi mất hết đất cấy, không ai hỗ trợ học nghề hay đất dịch vụ. Tôi làm đơn lên huyện hai lần rồi mà huyện không trả lời.
Tôi mong Chủ tịch nước cho người xem lại tiền đền bù cho nhà tôi.
Người viết đơn: Nguyễn Thị Hương"""

OFFICIAL = """ĐƠN TỐ CÁO
Kính gửi: Thanh tra Chính phủ
Tôi là Lê Văn Tám, sinh năm 1970, trú tại thôn 5, xã Đông Sơn, tỉnh Thanh Hóa.
Tôi tố cáo ông Hoàng Minh Trí, Phó Chủ tịch Ủy ban nhân dân xã Đông Sơn, đã lập danh sách khống 37 hộ được nhận tiền hỗ trợ bão lụt năm 2023, chiếm đoạt khoảng 412 triệu đồng.
Nhiều hộ dân trong danh sách không hề nhận được đồng nào, có hộ bị ép ký nhận 15 triệu nhưng chỉ được phát 3 triệu.
Tôi có bản sao danh sách ký nhận và ghi âm lời kể của các hộ dân.
Đề nghị Thanh tra Chính phủ xác minh, xử lý nghiêm theo pháp luật.
Người tố cáo
Lê Văn Tám"""

OFFICIAL_PARAPHRASE = """Kính gửi Chủ tịch nước
Tôi tên Lê Văn Tám, thôn 5 xã Đông Sơn, Thanh Hóa. Tôi đã gửi đơn tố cáo nhưng chưa thấy ai về xác minh.
Ông Phó Chủ tịch xã Đông Sơn là Hoàng Minh Trí khai khống 37 hộ để nhận tiền hỗ trợ bão lụt năm 2023, tổng cộng 412 triệu đồng rồi chiếm đoạt.
Bà con bị bắt ký nhận 15 triệu mà cầm về chỉ có 3 triệu. Tôi giữ danh sách ký nhận và băng ghi âm.
Xin Chủ tịch nước chỉ đạo làm rõ.
Lê Văn Tám"""

OFFICIAL_RESEND = OFFICIAL.replace(
    "Kính gửi: Thanh tra Chính phủ", "Kính gửi: Văn phòng Chủ tịch nước; Ban Nội chính Trung ương"
)

CLEMENCY_FORM = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN XIN ÂN GIẢM ÁN TỬ HÌNH
Kính gửi: Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam
Tôi tên là: {writer}      Sinh năm: {born}
Địa chỉ: {address}
Là {relation} của phạm nhân: {prisoner}      Sinh năm: {prisoner_born}
Bị Tòa án nhân dân cấp cao tại Hà Nội xử phạt tử hình về tội: Mua bán trái phép chất ma túy
Tại Bản án số: {judgment} ngày {date}
Hiện đang bị giam giữ tại: Trại tạm giam Công an tỉnh Thanh Hóa
Tôi làm đơn này kính xin Chủ tịch nước xem xét, ân giảm án tử hình cho phạm nhân nêu trên.
Lý do xin ân giảm: Phạm nhân đã thành khẩn khai báo, ăn năn hối cải; gia đình có hoàn cảnh đặc biệt khó khăn.
Tôi xin cam đoan những lời khai trên là đúng sự thật.
Thanh Hóa, ngày {day} tháng 6 năm 2024
Người làm đơn
(Ký, ghi rõ họ tên)
{writer}"""

CLEMENCY_OWN_WORDS = """Kính gửi Chủ tịch nước
Tôi là Hà Thị Lan, vợ của Đinh Văn Khải, sinh năm 1991, quê xã Yên Định, Thanh Hóa.
Chồng tôi bị Tòa án nhân dân cấp cao tại Hà Nội tuyên tử hình tại Bản án số 215/2024/HS-PT vì mua bán ma túy. Anh ấy đã nhận hết tội, rất hối hận.
Nhà tôi có hai con nhỏ, mẹ chồng già yếu, anh Khải là trụ cột của gia đình.
Tôi cúi xin Chủ tịch nước thương tình tha tội chết cho chồng tôi là Đinh Văn Khải để anh có cơ hội làm lại cuộc đời.
Người viết đơn
Hà Thị Lan"""

LAND_FORM = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN KHIẾU NẠI
(Về việc bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất)
Kính gửi: Chủ tịch nước; Ủy ban nhân dân Thành phố Hà Nội
Họ và tên người khiếu nại: {writer}
Địa chỉ: thôn Văn Điển, xã Thanh Trì, Thành phố Hà Nội
Khiếu nại Quyết định số: 3307/QĐ-UBND ngày 4/10/2023 của Ủy ban nhân dân huyện Thanh Trì về việc phê duyệt phương án bồi thường, hỗ trợ, tái định cư dự án đường vành đai 3,5.
Thửa đất bị thu hồi: thửa số {parcel}, tờ bản đồ số {sheet}, diện tích {area} m2.
Số tiền được bồi thường: {paid} triệu đồng.
Nội dung khiếu nại: Giá đất tính bồi thường thấp hơn nhiều so với giá thị trường; không được hỗ trợ chuyển đổi nghề nghiệp và tìm kiếm việc làm; không được bố trí tái định cư.
Yêu cầu giải quyết: Đề nghị hủy phần phương án bồi thường đối với thửa đất nêu trên, bồi thường theo giá thị trường.
Người khiếu nại
(Ký, ghi rõ họ tên)
{writer}"""

DEPOSIT = """Kính gửi: Văn phòng Chủ tịch nước
Tôi tên là Bùi Thị Mến, sinh năm 1975, trú tại xã Đông Anh, Thành phố Hà Nội.
Ngày 14/2/2023 tôi đặt cọc 350 triệu đồng cho bà Đỗ Thị Hằng để mua căn nhà số 27 ngõ 4 thôn Cổ Loa, hai bên có viết giấy đặt cọc có người làm chứng.
Đến hạn bà Hằng không bán nhà, cũng không trả lại tiền cọc, tôi đến hỏi thì bà tránh mặt.
Tôi đề nghị các cơ quan có thẩm quyền giúp tôi lấy lại 350 triệu đồng tiền cọc.
Tôi xin trân trọng cảm ơn.
Người làm đơn
Bùi Thị Mến"""

DEPOSIT_RETYPE = """Kinh gui Van phong Chu tich nuoc
Toi ten la Bui Thi Men, sinh nam 1975, tru tai xa Dong Anh, Thanh pho Ha Noi.
Ngay 14/2/2023 toi dat coc 350 trieu dong cho ba Do Thi Hang de mau can nha so 27 ngo 4 thon Co Loa, hai ben co viet giay dat coc co nguoi lam chung. Den han ba Hang khong ban nha, cung khong tra lai tien coc, toi den hoi thi ba tranh mat.
Toi de nghi cac co quan co tham quyen giup toi lay lai 350 trieu dong tien cco.
Nguoi lam don
Bui Thi Men"""

POLLUTION = """ĐƠN PHẢN ÁNH
Kính gửi: Chủ tịch nước
Tôi là Vũ Thị Thoa, thôn Hạ, xã Yên Định, tỉnh Thanh Hóa.
Tôi xin phản ánh: Nhà máy chế biến tinh bột sắn Phú Thành xả nước thải chưa qua xử lý ra kênh Bắc suốt 8 tháng nay, mùi hôi thối nồng nặc, cá của 46 hộ nuôi chết trắng.
Chúng tôi đã báo xã từ tháng 2 năm 2024 nhưng nhà máy vẫn xả thải ban đêm.
Đề nghị cơ quan chức năng kiểm tra, đình chỉ việc xả thải và bồi thường cho các hộ dân.
Người phản ánh
Vũ Thị Thoa"""

POLLUTION_PARAPHRASE = """Kính gửi Chủ tịch nước
Tôi là Vũ Thị Thao ở thôn Hạ xã Yên Định, Thanh Hóa, tôi viết tiếp về việc nhà máy tinh bột sắn Phú Thành.
Đã 8 tháng nhà máy cho nước thải chảy thẳng xuống kênh Bắc, không xử lý gì, cả xóm phải chịu mùi thối, 46 hộ nuôi cá bị chết sạch.
Xã biết từ tháng 2 năm 2024 mà nhà máy vẫn lén xả vào ban đêm.
Mong Chủ tịch nước cho kiểm tra, bắt nhà máy ngừng xả và đền cho bà con.
Vũ Thị Thao"""

MARTYR = """Kính gửi: Chủ tịch nước
Tôi là Trịnh Văn Hòa, con trai ông Trịnh Văn Cẩn, trú tại xã Thanh Trì, Hà Nội.
Bố tôi là ông Trịnh Văn Cẩn nhập ngũ năm 1968, chiến đấu tại Trung đoàn 66, hy sinh năm 1972 ở Quảng Trị, nhưng giấy báo tử bị thất lạc nên đến nay chưa được công nhận liệt sĩ.
Gia đình đã có xác nhận của đơn vị cũ và hai đồng đội của bố.
Tôi đề nghị Chủ tịch nước xem xét công nhận liệt sĩ cho bố tôi.
Trịnh Văn Hòa"""

WAGES = """Kính gửi: Chủ tịch nước
Chúng tôi gồm 212 công nhân Công ty TNHH may Sao Việt tại huyện Yên Định, tỉnh Thanh Hóa.
Công ty đã nợ lương chúng tôi 5 tháng với tổng số tiền khoảng 3,2 tỷ đồng và không đóng bảo hiểm xã hội từ tháng 1 năm 2024, dù vẫn trừ tiền bảo hiểm vào lương hằng tháng.
Đề nghị các cơ quan có thẩm quyền buộc công ty trả đủ lương và đóng bảo hiểm xã hội cho người lao động.
Đại diện công nhân
Lê Thị Nga"""

OTHER_LAND = """Kính gửi: Chủ tịch nước
Tôi tên là Phạm Đình Quý, trú tại xã Đông Sơn, tỉnh Thanh Hóa.
Gia đình tôi có 640 m2 đất trồng lúa tại thửa số 52, tờ bản đồ số 19, bị Ủy ban nhân dân huyện Đông Sơn thu hồi theo Quyết định số 877/QĐ-UBND ngày 2/6/2022 để làm khu dân cư mới.
Đơn giá bồi thường chỉ 90.000 đồng/m2, quá thấp so với giá thị trường; gia đình không được hỗ trợ chuyển đổi nghề.
Tôi đề nghị Chủ tịch nước chỉ đạo xem xét lại phương án bồi thường cho gia đình tôi.
Người làm đơn
Phạm Đình Quý"""


def _clemency(
    writer: str,
    born: int,
    address: str,
    relation: str,
    prisoner: str,
    prisoner_born: int,
    judgment: str,
    date: str,
    day: int,
) -> str:
    return CLEMENCY_FORM.format(
        writer=writer,
        born=born,
        address=address,
        relation=relation,
        prisoner=prisoner,
        prisoner_born=prisoner_born,
        judgment=judgment,
        date=date,
        day=day,
    )


def _land_form(writer: str, parcel: int, sheet: int, area: int, paid: int) -> str:
    return LAND_FORM.format(writer=writer, parcel=parcel, sheet=sheet, area=area, paid=paid)


LETTERS: list[Letter] = [
    # A: land recovered and badly compensated
    Letter(
        "land",
        "A",
        "Khiếu nại mức bồi thường khi thu hồi thửa đất số 318",
        LAND,
        "Nguyễn Thị Hường",
        HANOI,
        PHU_XUYEN,
        "001162004455",
    ),
    Letter(
        "land_resend",
        "A",
        "Gửi lại đơn khiếu nại bồi thường thửa đất 318",
        LAND_RESEND,
        "Nguyễn Thị Hường",
        HANOI,
        PHU_XUYEN,
    ),
    Letter(
        "land_cosigned",
        "A",
        "Khiếu nại mức bồi thường khi thu hồi thửa đất số 318",
        LAND_COSIGNED,
        "Trần Văn Lợi",
        HANOI,
        PHU_XUYEN,
    ),
    Letter(
        "land_retype",
        "A",
        "Khieu nai boi thuong thu hoi dat thua 318",
        LAND_RETYPE,
        "Nguyen Thi Huong",
        HANOI,
        None,
    ),
    Letter(
        "land_paraphrase",
        "A",
        "Đề nghị xem lại tiền đền bù ruộng bị thu hồi",
        LAND_PARAPHRASE,
        "Nguyễn Thị Hương",
        HANOI,
        PHU_XUYEN,
    ),
    # B: a commune official who took the storm relief money
    Letter(
        "official",
        "B",
        "Tố cáo Phó Chủ tịch UBND xã Đông Sơn lập danh sách khống",
        OFFICIAL,
        "Lê Văn Tám",
        THANH_HOA,
        DONG_SON,
    ),
    Letter(
        "official_paraphrase",
        "B",
        "Tiếp tục tố cáo việc khai khống tiền hỗ trợ bão lụt",
        OFFICIAL_PARAPHRASE,
        "Lê Văn Tám",
        THANH_HOA,
        DONG_SON,
    ),
    Letter(
        "official_resend",
        "B",
        "Tố cáo Phó Chủ tịch UBND xã Đông Sơn lập danh sách khống",
        OFFICIAL_RESEND,
        "Lê Văn Tám",
        THANH_HOA,
        DONG_SON,
    ),
    # C: clemency for Đinh Văn Khải, on the form and in a wife's own words
    Letter(
        "clemency",
        "C",
        "Xin ân giảm án tử hình cho phạm nhân Đinh Văn Khải",
        _clemency(
            "Đinh Thị Mận",
            1966,
            "thôn Thượng, xã Yên Định, tỉnh Thanh Hóa",
            "mẹ đẻ",
            "Đinh Văn Khải",
            1991,
            "215/2024/HS-PT",
            "18/4/2024",
            3,
        ),
        "Đinh Thị Mận",
        THANH_HOA,
        YEN_DINH,
    ),
    Letter(
        "clemency_cosigned",
        "C",
        "Xin ân giảm án tử hình cho phạm nhân Đinh Văn Khải",
        _clemency(
            "Đinh Văn Sáu",
            1963,
            "thôn Thượng, xã Yên Định, tỉnh Thanh Hóa",
            "bố đẻ",
            "Đinh Văn Khải",
            1991,
            "215/2024/HS-PT",
            "18/4/2024",
            9,
        ),
        "Đinh Văn Sáu",
        THANH_HOA,
        YEN_DINH,
    ),
    Letter(
        "clemency_own_words",
        "C",
        "Xin tha tội chết cho chồng",
        CLEMENCY_OWN_WORDS,
        "Hà Thị Lan",
        THANH_HOA,
        YEN_DINH,
    ),
    # hard negatives: the same form for two other prisoners, same court and crime
    Letter(
        "clemency_other",
        "N1",
        "Xin ân giảm án tử hình cho phạm nhân Lò Văn Páo",
        _clemency(
            "Lò Thị Xuân",
            1968,
            "bản Nà Sài, xã Yên Định, tỉnh Thanh Hóa",
            "mẹ đẻ",
            "Lò Văn Páo",
            1994,
            "198/2024/HS-PT",
            "2/4/2024",
            3,
        ),
        "Lò Thị Xuân",
        THANH_HOA,
        YEN_DINH,
    ),
    Letter(
        "clemency_third",
        "N2",
        "Xin ân giảm án tử hình cho phạm nhân Đinh Văn Toàn",
        _clemency(
            "Đinh Thị Mận",
            1966,
            "thôn Thượng, xã Yên Định, tỉnh Thanh Hóa",
            "dì ruột",
            "Đinh Văn Toàn",
            1989,
            "231/2024/HS-PT",
            "25/4/2024",
            3,
        ),
        "Đinh Thị Mận",
        THANH_HOA,
        YEN_DINH,
    ),
    # D: a parcel on the land complaint form, and its hard negatives
    Letter(
        "land_form",
        "D",
        "Khiếu nại bồi thường thửa đất số 215, tờ bản đồ số 12",
        _land_form("Phạm Văn Đông", 215, 12, 430, 310),
        "Phạm Văn Đông",
        HANOI,
        THANH_TRI,
    ),
    Letter(
        "land_form_cosigned",
        "D",
        "Khiếu nại bồi thường thửa đất số 215, tờ bản đồ số 12",
        _land_form("Ngô Thị Duyên", 215, 12, 430, 310),
        "Ngô Thị Duyên",
        HANOI,
        THANH_TRI,
    ),
    Letter(
        "land_form_neighbour",
        "N3",
        "Khiếu nại bồi thường thửa đất số 216, tờ bản đồ số 12",
        _land_form("Tạ Quang Vinh", 216, 12, 455, 328),
        "Tạ Quang Vinh",
        HANOI,
        THANH_TRI,
    ),
    Letter(
        "land_form_second_parcel",
        "N4",
        "Khiếu nại bồi thường thửa đất số 388, tờ bản đồ số 14",
        _land_form("Phạm Văn Đông", 388, 14, 260, 190),
        "Phạm Văn Đông",
        HANOI,
        THANH_TRI,
    ),
    # E: a deposit not returned (a civil dispute), and its retype
    Letter(
        "deposit", "E", "Đề nghị giúp đòi lại tiền đặt cọc mua nhà", DEPOSIT, "Bùi Thị Mến", HANOI, DONG_ANH
    ),
    Letter(
        "deposit_retype",
        "E",
        "De nghi giup doi lai tien dat coc",
        DEPOSIT_RETYPE,
        "Bui Thi Men",
        HANOI,
        DONG_ANH,
    ),
    # F: waste water, and the same reflection in other words with the name misspelt
    Letter(
        "pollution",
        "F",
        "Phản ánh nhà máy tinh bột sắn xả thải ra kênh Bắc",
        POLLUTION,
        "Vũ Thị Thoa",
        THANH_HOA,
        YEN_DINH,
    ),
    Letter(
        "pollution_paraphrase",
        "F",
        "Tiếp tục phản ánh nhà máy xả thải",
        POLLUTION_PARAPHRASE,
        "Vũ Thị Thao",
        THANH_HOA,
        YEN_DINH,
    ),
    # unrelated letters, one a model letter about another decision
    Letter(
        "martyr",
        "G",
        "Đề nghị công nhận liệt sĩ cho ông Trịnh Văn Cẩn",
        MARTYR,
        "Trịnh Văn Hòa",
        HANOI,
        THANH_TRI,
    ),
    Letter(
        "wages",
        "H",
        "Công nhân Công ty may Sao Việt bị nợ lương 5 tháng",
        WAGES,
        "Lê Thị Nga",
        THANH_HOA,
        YEN_DINH,
    ),
    Letter(
        "other_land",
        "I",
        "Khiếu nại giá bồi thường thửa đất số 52",
        OTHER_LAND,
        "Phạm Đình Quý",
        THANH_HOA,
        DONG_SON,
    ),
]


def same_matter_pairs() -> set[tuple[str, str]]:
    pairs = set()
    for i, a in enumerate(LETTERS):
        for b in LETTERS[i + 1 :]:
            if a.matter == b.matter:
                pairs.add((a.key, b.key))
    return pairs
