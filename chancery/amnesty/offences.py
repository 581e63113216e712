"""The offences of the Criminal Code (Bộ luật Hình sự 2015, số 100/2015/QH13, amended by Luật 12/2017/QH14 and
Luật 86/2025/QH15): article -> the offence's name as the Code's article heading gives it, without "Tội" and
with its first letter capitalised ("Điều 173. Tội trộm cắp tài sản" -> "Trộm cắp tài sản"); a heading that
names two offences keeps both ("Điều 341. Tội làm giả con dấu, ...; tội sử dụng con dấu ..."). The annex of
a list shows them (`label`).

Where each was confirmed:

- Every article but 256a: the headings of the Bộ pháp điển (the Ministry of Justice's official codification,
  phapdien.moj.gov.vn), đề mục 16.1 "Hình sự", which gives each article of the Code as amended by Luật
  12/2017/QH14 (the articles it renamed with their new headings, Điều 217a as added, Điều 292 as repealed),
  in the public copy at
  https://github.com/diepxuan/diepxuan.github.io/blob/c06a80c179426b600f83368b3f042209554493d6/van-ban/hinh-su/hinh-su.md
  ("Điều 16.1.LQ.173. Tội trộm cắp tài sản" is Điều 173 of the Code).
- Điều 256a (Tội sử dụng trái phép chất ma túy, added by Luật 86/2025/QH15, in force 1 July 2025): the Supreme
  People's Court's handbook of the 2025 amendments,
  http://tapchitoaan.vn/cam-nang-cac-quy-dinh-moi-cua-phap-luat-ve-hinh-su-to-tung-hinh-su-tu-phap-nguoi-chua-thanh-nien-thi-hanh-an-hinh-su-dac-xa14100.html,
  https://plo.vn/tand-toi-cao-ban-hanh-cam-nang-cac-quy-dinh-moi-ve-hinh-su-to-tung-hinh-su-post874757.html
  and https://anlawvietnam.com/vi/drug-crime-in-vietnam-2025-revised-criminal-code. These sources name no
  other heading changed by that law: the other names are the headings as amended in 2017.
- Headings checked against a second public copy: Điều 108-110
  (http://tkshcm.edu.vn/tin-tuc/cac-toi-xam-pham-an-ninh-quoc-gia-theo-quy-dinh-cua-bo-luat-hinh-su-nam-2015-va-nhung-diem-moi-so-voi-bo-luat-hinh-su-nam-1999-3375.html),
  168 (the Công báo of the Code as consolidated in 2017,
  https://vi.wikisource.org/wiki/Trang:Cong_bao_Chinh_phu_775_776_nam_2017.pdf/8),
  160 (https://winlegal.vn/xam-pham-quyen-cua-cong-dan-ve-bau-cu-ung-cu-hoac-bieu-quyet/),
  181 (http://pbgdpl.camau.gov.vn/cuong-ep-ly-hon-se-bi-xu-ly-nhu-the-nao.2124),
  238 (https://luatminhkhue.vn/dung-leu-quan-trong-hanh-lang-bao-ve-an-toan-de-dieu-chiu-trach-nhiem-hinh-su-khi-nao.aspx).

Not in OFFENCES (so `label` shows "Điều N BLHS"): the articles of the special part that name no offence,
Điều 122 (Hình phạt bổ sung), 352 (Khái niệm tội phạm về chức vụ), 367 (Khái niệm tội xâm phạm hoạt động tư
pháp), 392 (Những người phải chịu trách nhiệm hình sự về các tội xâm phạm nghĩa vụ, trách nhiệm của quân
nhân) and 426 (Hiệu lực thi hành: the Code's last offence is Điều 425); Điều 292 (Tội cung cấp dịch vụ trái
phép trên mạng máy tính, mạng viễn thông), repealed by Luật 12/2017/QH14. No article was left out for want
of a source.
"""

from __future__ import annotations

import re

from chancery.amnesty.rules import ArticleError, article_code

OFFENCES: dict[str, str] = {
    "108": "Phản bội Tổ quốc",
    "109": "Hoạt động nhằm lật đổ chính quyền nhân dân",
    "110": "Gián điệp",
    "111": "Xâm phạm an ninh lãnh thổ",
    "112": "Bạo loạn",
    "113": "Khủng bố nhằm chống chính quyền nhân dân",
    "114": "Phá hoại cơ sở vật chất - kỹ thuật của nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    "115": "Phá hoại việc thực hiện các chính sách kinh tế - xã hội",
    "116": "Phá hoại chính sách đoàn kết",
    "117": (
        "Làm, tàng trữ, phát tán hoặc tuyên truyền thông tin, tài liệu, vật phẩm nhằm chống Nhà nước Cộng hòa"
        " xã hội chủ nghĩa Việt Nam"
    ),
    "118": "Phá rối an ninh",
    "119": "Chống phá cơ sở giam giữ",
    "120": (
        "Tổ chức, cưỡng ép, xúi giục người khác trốn đi nước ngoài hoặc trốn ở lại nước ngoài nhằm chống "
        "chính quyền nhân dân"
    ),
    "121": "Trốn đi nước ngoài hoặc trốn ở lại nước ngoài nhằm chống chính quyền nhân dân",
    "123": "Giết người",
    "124": "Giết hoặc vứt bỏ con mới đẻ",
    "125": "Giết người trong trạng thái tinh thần bị kích động mạnh",
    "126": (
        "Giết người do vượt quá giới hạn phòng vệ chính đáng hoặc do vượt quá mức cần thiết khi bắt giữ người"
        " phạm tội"
    ),
    "127": "Làm chết người trong khi thi hành công vụ",
    "128": "Vô ý làm chết người",
    "129": "Vô ý làm chết người do vi phạm quy tắc nghề nghiệp hoặc quy tắc hành chính",
    "130": "Bức tử",
    "131": "Xúi giục hoặc giúp người khác tự sát",
    "132": "Không cứu giúp người đang ở trong tình trạng nguy hiểm đến tính mạng",
    "133": "Đe dọa giết người",
    "134": "Cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác",
    "135": (
        "Cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác trong trạng thái tinh thần bị kích"
        " động mạnh"
    ),
    "136": (
        "Cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác do vượt quá giới hạn phòng vệ "
        "chính đáng hoặc do vượt quá mức cần thiết khi bắt giữ người phạm tội"
    ),
    "137": "Gây thương tích hoặc gây tổn hại cho sức khỏe của người khác trong khi thi hành công vụ",
    "138": "Vô ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác",
    "139": (
        "Vô ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác do vi phạm quy tắc nghề nghiệp "
        "hoặc quy tắc hành chính"
    ),
    "140": "Hành hạ người khác",
    "141": "Hiếp dâm",
    "142": "Hiếp dâm người dưới 16 tuổi",
    "143": "Cưỡng dâm",
    "144": "Cưỡng dâm người từ đủ 13 tuổi đến dưới 16 tuổi",
    "145": "Giao cấu hoặc thực hiện hành vi quan hệ tình dục khác với người từ đủ 13 tuổi đến dưới 16 tuổi",
    "146": "Dâm ô đối với người dưới 16 tuổi",
    "147": "Sử dụng người dưới 16 tuổi vào mục đích khiêu dâm",
    "148": "Lây truyền HIV cho người khác",
    "149": "Cố ý truyền HIV cho người khác",
    "150": "Mua bán người",
    "151": "Mua bán người dưới 16 tuổi",
    "152": "Đánh tráo người dưới 01 tuổi",
    "153": "Chiếm đoạt người dưới 16 tuổi",
    "154": "Mua bán, chiếm đoạt mô hoặc bộ phận cơ thể người",
    "155": "Làm nhục người khác",
    "156": "Vu khống",
    "157": "Bắt, giữ hoặc giam người trái pháp luật",
    "158": "Xâm phạm chỗ ở của người khác",
    "159": (
        "Xâm phạm bí mật hoặc an toàn thư tín, điện thoại, điện tín hoặc hình thức trao đổi thông tin riêng "
        "tư khác của người khác"
    ),
    "160": "Xâm phạm quyền của công dân về bầu cử, ứng cử hoặc biểu quyết khi Nhà nước trưng cầu ý dân",
    "161": "Làm sai lệch kết quả bầu cử, kết quả trưng cầu ý dân",
    "162": "Buộc công chức, viên chức thôi việc hoặc sa thải người lao động trái pháp luật",
    "163": "Xâm phạm quyền hội họp, lập hội của công dân",
    "164": "Xâm phạm quyền tự do tín ngưỡng, tôn giáo của người khác",
    "165": "Xâm phạm quyền bình đẳng giới",
    "166": "Xâm phạm quyền khiếu nại, tố cáo",
    "167": "Xâm phạm quyền tự do ngôn luận, tự do báo chí, tiếp cận thông tin, quyền biểu tình của công dân",
    "168": "Cướp tài sản",
    "169": "Bắt cóc nhằm chiếm đoạt tài sản",
    "170": "Cưỡng đoạt tài sản",
    "171": "Cướp giật tài sản",
    "172": "Công nhiên chiếm đoạt tài sản",
    "173": "Trộm cắp tài sản",
    "174": "Lừa đảo chiếm đoạt tài sản",
    "175": "Lạm dụng tín nhiệm chiếm đoạt tài sản",
    "176": "Chiếm giữ trái phép tài sản",
    "177": "Sử dụng trái phép tài sản",
    "178": "Hủy hoại hoặc cố ý làm hư hỏng tài sản",
    "179": "Thiếu trách nhiệm gây thiệt hại đến tài sản của Nhà nước, cơ quan, tổ chức, doanh nghiệp",
    "180": "Vô ý gây thiệt hại nghiêm trọng đến tài sản",
    "181": "Cưỡng ép kết hôn, ly hôn hoặc cản trở hôn nhân tự nguyện, tiến bộ, cản trở ly hôn tự nguyện",
    "182": "Vi phạm chế độ một vợ, một chồng",
    "183": "Tổ chức tảo hôn",
    "184": "Loạn luân",
    "185": "Ngược đãi hoặc hành hạ ông bà, cha mẹ, vợ chồng, con, cháu hoặc người có công nuôi dưỡng mình",
    "186": "Từ chối hoặc trốn tránh nghĩa vụ cấp dưỡng",
    "187": "Tổ chức mang thai hộ vì mục đích thương mại",
    "188": "Buôn lậu",
    "189": "Vận chuyển trái phép hàng hóa, tiền tệ qua biên giới",
    "190": "Sản xuất, buôn bán hàng cấm",
    "191": "Tàng trữ, vận chuyển hàng cấm",
    "192": "Sản xuất, buôn bán hàng giả",
    "193": "Sản xuất, buôn bán hàng giả là lương thực, thực phẩm, phụ gia thực phẩm",
    "194": "Sản xuất, buôn bán hàng giả là thuốc chữa bệnh, thuốc phòng bệnh",
    "195": (
        "Sản xuất, buôn bán hàng giả là thức ăn dùng để chăn nuôi, phân bón, thuốc thú y, thuốc bảo vệ thực "
        "vật, giống cây trồng, giống vật nuôi"
    ),
    "196": "Đầu cơ",
    "197": "Quảng cáo gian dối",
    "198": "Lừa dối khách hàng",
    "199": "Vi phạm quy định về cung ứng điện",
    "200": "Trốn thuế",
    "201": "Cho vay lãi nặng trong giao dịch dân sự",
    "202": "Làm, buôn bán tem giả, vé giả",
    "203": "In, phát hành, mua bán trái phép hóa đơn, chứng từ thu nộp ngân sách nhà nước",
    "204": "Vi phạm quy định về bảo quản, quản lý hóa đơn, chứng từ thu nộp ngân sách nhà nước",
    "205": "Lập quỹ trái phép",
    "206": "Vi phạm quy định về hoạt động ngân hàng, hoạt động khác liên quan đến hoạt động ngân hàng",
    "207": "Làm, tàng trữ, vận chuyển, lưu hành tiền giả",
    "208": "Làm, tàng trữ, vận chuyển, lưu hành công cụ chuyển nhượng giả hoặc các giấy tờ có giá giả khác",
    "209": "Cố ý công bố thông tin sai lệch hoặc che giấu thông tin trong hoạt động chứng khoán",
    "210": "Sử dụng thông tin nội bộ để mua bán chứng khoán",
    "211": "Thao túng thị trường chứng khoán",
    "212": "Làm giả tài liệu trong hồ sơ chào bán, niêm yết chứng khoán",
    "213": "Gian lận trong kinh doanh bảo hiểm",
    "214": "Gian lận bảo hiểm xã hội, bảo hiểm thất nghiệp",
    "215": "Gian lận bảo hiểm y tế",
    "216": "Trốn đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp cho người lao động",
    "217": "Vi phạm quy định về cạnh tranh",
    "217a": "Vi phạm quy định về kinh doanh theo phương thức đa cấp",
    "218": "Vi phạm quy định về hoạt động bán đấu giá tài sản",
    "219": "Vi phạm quy định về quản lý, sử dụng tài sản Nhà nước gây thất thoát, lãng phí",
    "220": "Vi phạm quy định về quản lý và sử dụng vốn đầu tư công gây hậu quả nghiêm trọng",
    "221": "Vi phạm quy định về kế toán gây hậu quả nghiêm trọng",
    "222": "Vi phạm quy định về đấu thầu gây hậu quả nghiêm trọng",
    "223": "Thông đồng, bao che cho người nộp thuế gây hậu quả nghiêm trọng",
    "224": "Vi phạm quy định về đầu tư công trình xây dựng gây hậu quả nghiêm trọng",
    "225": "Xâm phạm quyền tác giả, quyền liên quan",
    "226": "Xâm phạm quyền sở hữu công nghiệp",
    "227": "Vi phạm quy định về nghiên cứu, thăm dò, khai thác tài nguyên",
    "228": "Vi phạm các quy định về sử dụng đất đai",
    "229": "Vi phạm các quy định về quản lý đất đai",
    "230": "Vi phạm quy định về bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất",
    "231": "Cố ý làm trái quy định về phân phối tiền, hàng cứu trợ",
    "232": "Vi phạm quy định về khai thác, bảo vệ rừng và lâm sản",
    "233": "Vi phạm quy định về quản lý rừng",
    "234": "Vi phạm quy định về bảo vệ động vật hoang dã",
    "235": "Gây ô nhiễm môi trường",
    "236": "Vi phạm quy định về quản lý chất thải nguy hại",
    "237": "Vi phạm quy định về phòng ngừa, ứng phó, khắc phục sự cố môi trường",
    "238": (
        "Vi phạm quy định về bảo vệ an toàn công trình thủy lợi, đê điều và phòng, chống thiên tai; vi phạm "
        "quy định về bảo vệ bờ, bãi sông"
    ),
    "239": "Đưa chất thải vào lãnh thổ Việt Nam",
    "240": "Làm lây lan dịch bệnh truyền nhiễm nguy hiểm cho người",
    "241": "Làm lây lan dịch bệnh nguy hiểm cho động vật, thực vật",
    "242": "Hủy hoại nguồn lợi thủy sản",
    "243": "Hủy hoại rừng",
    "244": "Vi phạm quy định về bảo vệ động vật nguy cấp, quý, hiếm",
    "245": "Vi phạm quy định về quản lý khu bảo tồn thiên nhiên",
    "246": "Nhập khẩu, phát tán các loài ngoại lai xâm hại",
    "247": "Trồng cây thuốc phiện, cây côca, cây cần sa hoặc các loại cây khác có chứa chất ma túy",
    "248": "Sản xuất trái phép chất ma túy",
    "249": "Tàng trữ trái phép chất ma túy",
    "250": "Vận chuyển trái phép chất ma túy",
    "251": "Mua bán trái phép chất ma túy",
    "252": "Chiếm đoạt chất ma túy",
    "253": (
        "Tàng trữ, vận chuyển, mua bán hoặc chiếm đoạt tiền chất dùng vào việc sản xuất trái phép chất ma túy"
    ),
    "254": (
        "Sản xuất, tàng trữ, vận chuyển hoặc mua bán phương tiện, dụng cụ dùng vào việc sản xuất hoặc sử dụng"
        " trái phép chất ma túy"
    ),
    "255": "Tổ chức sử dụng trái phép chất ma túy",
    "256": "Chứa chấp việc sử dụng trái phép chất ma túy",
    "256a": "Sử dụng trái phép chất ma túy",
    "257": "Cưỡng bức người khác sử dụng trái phép chất ma túy",
    "258": "Lôi kéo người khác sử dụng trái phép chất ma túy",
    "259": "Vi phạm quy định về quản lý chất ma túy, tiền chất, thuốc gây nghiện, thuốc hướng thần",
    "260": "Vi phạm quy định về tham gia giao thông đường bộ",
    "261": "Cản trở giao thông đường bộ",
    "262": (
        "Đưa vào sử dụng phương tiện giao thông cơ giới đường bộ, xe máy chuyên dùng không bảo đảm an toàn"
    ),
    "263": "Điều động người không đủ điều kiện điều khiển phương tiện tham gia giao thông đường bộ",
    "264": "Giao cho người không đủ điều kiện điều khiển phương tiện tham gia giao thông đường bộ",
    "265": "Tổ chức đua xe trái phép",
    "266": "Đua xe trái phép",
    "267": "Vi phạm quy định về điều khiển phương tiện giao thông đường sắt",
    "268": "Cản trở giao thông đường sắt",
    "269": "Đưa vào sử dụng phương tiện, thiết bị giao thông đường sắt không bảo đảm an toàn",
    "270": "Điều động người không đủ điều kiện điều khiển phương tiện giao thông đường sắt",
    "271": "Giao cho người không đủ điều kiện điều khiển phương tiện giao thông đường sắt",
    "272": "Vi phạm quy định về điều khiển phương tiện giao thông đường thủy",
    "273": "Cản trở giao thông đường thủy",
    "274": "Đưa vào sử dụng phương tiện giao thông đường thủy không bảo đảm an toàn",
    "275": "Điều động người không đủ điều kiện điều khiển phương tiện giao thông đường thủy",
    "276": "Giao cho người không đủ điều kiện điều khiển phương tiện giao thông đường thủy",
    "277": "Vi phạm quy định về điều khiển tàu bay",
    "278": "Cản trở giao thông đường không",
    "279": "Đưa vào sử dụng tàu bay, thiết bị bảo đảm hoạt động bay không bảo đảm an toàn",
    "280": "Điều động hoặc giao cho người không đủ điều kiện điều khiển tàu bay",
    "281": "Vi phạm quy định về duy tu, sửa chữa, quản lý công trình giao thông",
    "282": "Chiếm đoạt tàu bay, tàu thủy",
    "283": "Điều khiển tàu bay vi phạm quy định về hàng không của nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    "284": (
        "Điều khiển phương tiện hàng hải vi phạm quy định về hàng hải của nước Cộng hòa xã hội chủ nghĩa Việt"
        " Nam"
    ),
    "285": (
        "Sản xuất, mua bán, trao đổi hoặc tặng cho công cụ, thiết bị, phần mềm để sử dụng vào mục đích trái "
        "pháp luật"
    ),
    "286": (
        "Phát tán chương trình tin học gây hại cho hoạt động của mạng máy tính, mạng viễn thông, phương tiện "
        "điện tử"
    ),
    "287": "Cản trở hoặc gây rối loạn hoạt động của mạng máy tính, mạng viễn thông, phương tiện điện tử",
    "288": "Đưa hoặc sử dụng trái phép thông tin mạng máy tính, mạng viễn thông",
    "289": "Xâm nhập trái phép vào mạng máy tính, mạng viễn thông hoặc phương tiện điện tử của người khác",
    "290": "Sử dụng mạng máy tính, mạng viễn thông, phương tiện điện tử thực hiện hành vi chiếm đoạt tài sản",
    "291": "Thu thập, tàng trữ, trao đổi, mua bán, công khai hóa trái phép thông tin về tài khoản ngân hàng",
    "293": (
        "Sử dụng trái phép tần số vô tuyến điện dành riêng cho mục đích cấp cứu, an toàn, tìm kiếm, cứu hộ, "
        "cứu nạn, quốc phòng, an ninh"
    ),
    "294": "Cố ý gây nhiễu có hại",
    "295": "Vi phạm quy định về an toàn lao động, vệ sinh lao động, về an toàn ở nơi đông người",
    "296": "Vi phạm quy định về sử dụng người lao động dưới 16 tuổi",
    "297": "Cưỡng bức lao động",
    "298": "Vi phạm quy định về xây dựng gây hậu quả nghiêm trọng",
    "299": "Khủng bố",
    "300": "Tài trợ khủng bố",
    "301": "Bắt cóc con tin",
    "302": "Cướp biển",
    "303": "Phá hủy công trình, cơ sở, phương tiện quan trọng về an ninh quốc gia",
    "304": (
        "Chế tạo, tàng trữ, vận chuyển, sử dụng, mua bán trái phép hoặc chiếm đoạt vũ khí quân dụng, phương "
        "tiện kỹ thuật quân sự"
    ),
    "305": "Chế tạo, tàng trữ, vận chuyển, sử dụng, mua bán trái phép hoặc chiếm đoạt vật liệu nổ",
    "306": (
        "Chế tạo, tàng trữ, vận chuyển, sử dụng, mua bán trái phép hoặc chiếm đoạt súng săn, vũ khí thô sơ, "
        "vũ khí thể thao hoặc công cụ hỗ trợ"
    ),
    "307": "Vi phạm quy định về quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ",
    "308": "Thiếu trách nhiệm trong việc giữ vũ khí, vật liệu nổ, công cụ hỗ trợ gây hậu quả nghiêm trọng",
    "309": (
        "Sản xuất, tàng trữ, vận chuyển, sử dụng, phát tán, mua bán trái phép hoặc chiếm đoạt chất phóng xạ, "
        "vật liệu hạt nhân"
    ),
    "310": "Vi phạm quy định về quản lý chất phóng xạ, vật liệu hạt nhân",
    "311": "Sản xuất, tàng trữ, vận chuyển, sử dụng hoặc mua bán trái phép chất cháy, chất độc",
    "312": "Vi phạm quy định về quản lý chất cháy, chất độc",
    "313": "Vi phạm quy định về phòng cháy, chữa cháy",
    "314": "Vi phạm quy định về an toàn vận hành công trình điện lực",
    "315": (
        "Vi phạm quy định về khám bệnh, chữa bệnh, sản xuất, pha chế, cấp phát, bán thuốc hoặc dịch vụ y tế "
        "khác"
    ),
    "316": "Phá thai trái phép",
    "317": "Vi phạm quy định về an toàn thực phẩm",
    "318": "Gây rối trật tự công cộng",
    "319": "Xâm phạm thi thể, mồ mả, hài cốt",
    "320": "Hành nghề mê tín, dị đoan",
    "321": "Đánh bạc",
    "322": "Tổ chức đánh bạc hoặc gá bạc",
    "323": "Chứa chấp hoặc tiêu thụ tài sản do người khác phạm tội mà có",
    "324": "Rửa tiền",
    "325": "Dụ dỗ, ép buộc hoặc chứa chấp người dưới 18 tuổi phạm pháp",
    "326": "Truyền bá văn hóa phẩm đồi trụy",
    "327": "Chứa mại dâm",
    "328": "Môi giới mại dâm",
    "329": "Mua dâm người dưới 18 tuổi",
    "330": "Chống người thi hành công vụ",
    "331": (
        "Lợi dụng các quyền tự do dân chủ xâm phạm lợi ích của Nhà nước, quyền, lợi ích hợp pháp của tổ chức,"
        " cá nhân"
    ),
    "332": "Trốn tránh nghĩa vụ quân sự",
    "333": "Không chấp hành lệnh gọi quân nhân dự bị nhập ngũ",
    "334": "Làm trái quy định về việc thực hiện nghĩa vụ quân sự",
    "335": "Cản trở việc thực hiện nghĩa vụ quân sự",
    "336": "Đăng ký hộ tịch trái pháp luật",
    "337": (
        "Cố ý làm lộ bí mật nhà nước; tội chiếm đoạt, mua bán hoặc tiêu hủy vật hoặc tài liệu bí mật nhà nước"
    ),
    "338": "Vô ý làm lộ bí mật nhà nước; tội làm mất vật, tài liệu bí mật nhà nước",
    "339": "Giả mạo chức vụ, cấp bậc, vị trí công tác",
    "340": "Sửa chữa và sử dụng giấy chứng nhận, các tài liệu của cơ quan, tổ chức",
    "341": (
        "Làm giả con dấu, tài liệu của cơ quan, tổ chức; tội sử dụng con dấu hoặc tài liệu giả của cơ quan, "
        "tổ chức"
    ),
    "342": "Chiếm đoạt, mua bán, tiêu hủy con dấu, tài liệu của cơ quan, tổ chức",
    "343": "Vi phạm các quy định về quản lý nhà ở",
    "344": "Vi phạm quy định về hoạt động xuất bản",
    "345": (
        "Vi phạm các quy định về bảo vệ và sử dụng di tích lịch sử - văn hóa, danh lam, thắng cảnh gây hậu "
        "quả nghiêm trọng"
    ),
    "346": "Vi phạm quy chế về khu vực biên giới",
    "347": "Vi phạm quy định về xuất cảnh, nhập cảnh; tội ở lại Việt Nam trái phép",
    "348": "Tổ chức, môi giới cho người khác xuất cảnh, nhập cảnh hoặc ở lại Việt Nam trái phép",
    "349": "Tổ chức, môi giới cho người khác trốn đi nước ngoài hoặc ở lại nước ngoài trái phép",
    "350": "Cưỡng ép người khác trốn đi nước ngoài hoặc ở lại nước ngoài trái phép",
    "351": "Xúc phạm Quốc kỳ, Quốc huy, Quốc ca",
    "353": "Tham ô tài sản",
    "354": "Nhận hối lộ",
    "355": "Lạm dụng chức vụ, quyền hạn chiếm đoạt tài sản",
    "356": "Lợi dụng chức vụ, quyền hạn trong khi thi hành công vụ",
    "357": "Lạm quyền trong khi thi hành công vụ",
    "358": "Lợi dụng chức vụ, quyền hạn gây ảnh hưởng đối với người khác để trục lợi",
    "359": "Giả mạo trong công tác",
    "360": "Thiếu trách nhiệm gây hậu quả nghiêm trọng",
    "361": "Cố ý làm lộ bí mật công tác; tội chiếm đoạt, mua bán hoặc tiêu hủy tài liệu bí mật công tác",
    "362": "Vô ý làm lộ bí mật công tác; tội làm mất tài liệu bí mật công tác",
    "363": "Đào nhiệm",
    "364": "Đưa hối lộ",
    "365": "Môi giới hối lộ",
    "366": "Lợi dụng ảnh hưởng đối với người có chức vụ, quyền hạn để trục lợi",
    "368": "Truy cứu trách nhiệm hình sự người không có tội",
    "369": "Không truy cứu trách nhiệm hình sự người có tội",
    "370": "Ra bản án trái pháp luật",
    "371": "Ra quyết định trái pháp luật",
    "372": "Ép buộc người có thẩm quyền trong hoạt động tư pháp làm trái pháp luật",
    "373": "Dùng nhục hình",
    "374": "Bức cung",
    "375": "Làm sai lệch hồ sơ vụ án, vụ việc",
    "376": (
        "Thiếu trách nhiệm để người bị bắt, người bị tạm giữ, tạm giam, người đang chấp hành án phạt tù trốn"
    ),
    "377": "Lợi dụng chức vụ, quyền hạn bắt, giữ, giam người trái pháp luật",
    "378": (
        "Tha trái pháp luật người bị bắt, người đang bị tạm giữ, tạm giam, người đang chấp hành án phạt tù"
    ),
    "379": "Không thi hành án",
    "380": "Không chấp hành án",
    "381": "Cản trở việc thi hành án",
    "382": "Cung cấp tài liệu sai sự thật hoặc khai báo gian dối",
    "383": "Từ chối khai báo, từ chối kết luận giám định, định giá tài sản hoặc từ chối cung cấp tài liệu",
    "384": "Mua chuộc hoặc cưỡng ép người khác trong việc khai báo, cung cấp tài liệu",
    "385": "Vi phạm việc niêm phong, kê biên tài sản, phong tỏa tài khoản",
    "386": "Trốn khỏi nơi giam, giữ hoặc trốn khi đang bị áp giải, đang bị xét xử",
    "387": (
        "Đánh tháo người bị bắt, bị tạm giữ, tạm giam, người đang bị áp giải, xét xử, chấp hành án phạt tù"
    ),
    "388": "Vi phạm quy định về giam giữ",
    "389": "Che giấu tội phạm",
    "390": "Không tố giác tội phạm",
    "391": "Gây rối trật tự phiên tòa, phiên họp",
    "393": "Ra mệnh lệnh trái pháp luật",
    "394": "Chống mệnh lệnh",
    "395": "Chấp hành không nghiêm chỉnh mệnh lệnh",
    "396": "Cản trở đồng đội thực hiện nhiệm vụ",
    "397": "Làm nhục đồng đội",
    "398": "Hành hung đồng đội",
    "399": "Đầu hàng địch",
    "400": "Khai báo hoặc tự nguyện làm việc cho địch khi bị bắt làm tù binh",
    "401": "Bỏ vị trí chiến đấu hoặc không làm nhiệm vụ trong chiến đấu",
    "402": "Đào ngũ",
    "403": "Trốn tránh nhiệm vụ",
    "404": "Cố ý làm lộ bí mật công tác quân sự",
    "405": "Chiếm đoạt, mua bán hoặc tiêu hủy tài liệu bí mật công tác quân sự",
    "406": "Vô ý làm lộ bí mật công tác quân sự",
    "407": "Làm mất tài liệu bí mật công tác quân sự",
    "408": "Báo cáo sai",
    "409": "Vi phạm quy định về trực ban, trực chiến, trực chỉ huy",
    "410": "Vi phạm quy định về bảo vệ",
    "411": "Vi phạm các quy định về bảo đảm an toàn trong chiến đấu hoặc trong huấn luyện",
    "412": "Vi phạm quy định về sử dụng vũ khí quân dụng, trang bị kỹ thuật quân sự",
    "413": "Hủy hoại hoặc cố ý làm hư hỏng vũ khí quân dụng, trang bị kỹ thuật quân sự",
    "414": "Làm mất hoặc vô ý làm hư hỏng vũ khí quân dụng, phương tiện kỹ thuật quân sự",
    "415": "Quấy nhiễu nhân dân",
    "416": "Lạm dụng nhu cầu quân sự trong khi thực hiện nhiệm vụ",
    "417": "Cố ý bỏ thương binh, tử sĩ hoặc không chăm sóc, cứu chữa thương binh",
    "418": "Chiếm đoạt hoặc hủy hoại di vật của tử sĩ",
    "419": "Chiếm đoạt hoặc hủy hoại chiến lợi phẩm",
    "420": "Ngược đãi tù binh, hàng binh",
    "421": "Phá hoại hòa bình, gây chiến tranh xâm lược",
    "422": "Chống loài người",
    "423": "Phạm chiến tranh",
    "424": "Tuyển mộ, huấn luyện hoặc sử dụng lính đánh thuê",
    "425": "Làm lính đánh thuê",
}

# A list of articles is separated as rules.articles_of separates it; each entry is read by rules.article_code.
_SEPARATORS = re.compile(r"[;,]")
# An entry in the shape of an article that rules.article_code refuses (a number past the Code's last article):
# still cited as an article, never dropped.
_LOOSE = re.compile(r"(?:điều\s*)?(\d{1,4})([a-z]?)(?:\s*\.\s*(\d{1,2}))?", re.IGNORECASE)


def _code(entry: str) -> str | None:
    """The entry's code ("251.2") as rules.article_code reads it; None for what is not an article."""
    try:
        return article_code(entry)
    except ArticleError:
        return None


def name_of(article: str) -> str | None:
    """The offence of one article as written ("173", "217a", "251.2" for clause 2 of Article 251, " 251 ",
    "Điều 251 khoản 2"); None for an article that names no offence here or an entry that is not an article."""
    code = _code(article)
    return OFFENCES.get(code.partition(".")[0]) if code else None


def _citation(code: str) -> str:
    article, _, clause = code.partition(".")
    return f"khoản {clause} Điều {article}" if clause else f"Điều {article}"


def label(articles: str) -> str:
    """The annex cell for a proposal's articles ("173, 251.2"): each offence's name with its article, as
    "Trộm cắp tài sản (Điều 173 BLHS)" for one and "Trộm cắp tài sản (Điều 173); Mua bán trái phép chất ma
    túy (khoản 2 Điều 251) BLHS" for several. An article without a name here is cited alone ("Điều 999
    BLHS"), an entry that is not an article is shown as written: nothing is dropped. "" for no article."""
    parts: list[str] = []
    cited = False
    for entry in _SEPARATORS.split(articles or ""):
        written = " ".join(entry.split())
        if not written:
            continue
        code = _code(written)
        if code is None and (loose := _LOOSE.fullmatch(written)):
            number, letter, clause = loose.groups()
            code = f"{int(number)}{letter.lower()}" + (f".{int(clause)}" if clause else "")
        if code is None:
            part = written
        else:
            cited = True
            name = OFFENCES.get(code.partition(".")[0])
            part = f"{name} ({_citation(code)})" if name else _citation(code)
        if part not in parts:
            parts.append(part)
    if not cited:
        return "; ".join(parts)
    if len(parts) == 1 and parts[0].endswith(")"):
        return parts[0][:-1] + " BLHS)"
    return "; ".join(parts) + " BLHS"
