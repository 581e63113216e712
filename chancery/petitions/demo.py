"""A year of realistic petitions for the demo office and the benchmarks: Vietnamese letters built from the
matters citizens really write about (land recovery and compensation, court judgments, officials' conduct,
policy for people with merit, clemency), real provinces weighted by population, the 2013 mix of channels,
kinds and fields, and the duplicates a real register holds: the same letter resent to several agencies, group
letters signed separately, and matters that come back the next year.

Rows are written in bulk (the services would take minutes for 11,670 petitions): what the services would
store is stored here too — numbers from the register, petitioners, the duplicate keys, the search entries,
the decisions and letters of petitions already processed, and the time limits of those still open.
"""

from __future__ import annotations

import multiprocessing
import random
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from chancery.casework.services import ClockRow, load_clocks
from chancery.core import audit
from chancery.core import selectors as core_selectors
from chancery.core.models import Agency, NumberRegister, Unit, User
from chancery.core.provinces import province_name, wards_of
from chancery.core.text import fold
from chancery.core.workdays import WorkingCalendar
from chancery.petitions import matching, rules
from chancery.petitions.letters import SIGNATURE_BLOCK
from chancery.petitions.models import (
    Channel,
    Field,
    Forwarding,
    LetterKind,
    MatchKey,
    MatchText,
    Matter,
    Petition,
    Petitioner,
    PetitionKind,
    ReceptionSession,
    ReceptionVisit,
    Salutation,
    VisitOutcome,
)

YEAR_VOLUME = 11_670  # petitions received in 2013 (../shared/seeds)

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thanh",
    "Quốc",
    "Ngọc",
    "Xuân",
    "Thu",
    "Hồng",
    "Kim",
    "Công",
    "Đình",
]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Tuấn",
    "Vân",
    "Yến",
]
# Population weights of the 34 provinces (rounded, millions): more people, more letters.
PROVINCE_WEIGHTS = {
    1: 8.7,
    79: 14.0,
    31: 4.7,
    48: 3.1,
    92: 4.2,
    46: 1.4,
    40: 3.5,
    38: 3.8,
    37: 4.4,
    33: 3.6,
    24: 3.7,
    25: 4.1,
    19: 1.8,
    8: 1.9,
    15: 1.7,
    22: 1.4,
    20: 0.8,
    4: 0.6,
    11: 0.6,
    12: 0.5,
    14: 1.3,
    42: 1.3,
    44: 1.9,
    51: 1.9,
    52: 3.6,
    56: 2.2,
    66: 2.8,
    68: 3.9,
    75: 4.5,
    80: 3.3,
    82: 4.4,
    86: 4.3,
    91: 4.9,
    96: 2.6,
}
# The 2013 report's mix: most petitions are complaints and recommendations about land and administration.
KINDS = [
    (PetitionKind.COMPLAINT, 46),
    (PetitionKind.DENUNCIATION, 14),
    (PetitionKind.RECOMMENDATION, 30),
    (PetitionKind.REFLECTION, 10),
]
CHANNELS = [
    (Channel.POST, 70),
    (Channel.RECEPTION, 10),
    (Channel.ONLINE, 8),
    (Channel.FORWARDED, 9),
    (Channel.HAND, 3),
]


@dataclass(frozen=True)
class MatterText:
    """A matter citizens write about, worded for each kind of letter it is written as: the summary names the
    kind ("Khiếu nại ...", "Tố cáo ...", "Kiến nghị ..." or "Đề nghị ...", "Phản ánh ...") and the letter
    declares it in the writer's words, as the Office's clerk classifies it (chancery.petitions.classify).
    `collective`: a matter several households share, which a neighbour co-signs and a writer may raise on the
    households' behalf.

    The placeholders: {place} (the province's name), {province} ("tỉnh Nghệ An", "Thành phố Hà Nội"), {ward},
    {number}, {date} (a step of the matter: a decision, a judgment, a filing; always before the letter is
    received), {year} (the year of {date}), {prior} (a later step, still before the letter), {area},
    {amount} (millions of đồng, grouped), {percent}, {months}, {workers}, {man} (a man other than the
    writer), {son} and {father} (the writer's family, men), {born}, {enlisted}, {wounded}, {settled} (years,
    before {date})."""

    field: str
    texts: dict[str, tuple[str, str]]
    collective: bool = False


MATTERS: list[MatterText] = [
    MatterText(
        Field.LAND,
        {
            PetitionKind.COMPLAINT: (
                "Khiếu nại Quyết định thu hồi đất và phương án bồi thường tại {ward}",
                "Gia đình tôi có {area} m2 đất nông nghiệp tại {ward}, {place} bị thu hồi theo Quyết định số "
                "{number}/QĐ-UBND ngày {date} để thực hiện dự án khu đô thị, nhưng mức bồi thường chỉ bằng "
                "{percent}% giá chuyển nhượng thực tế, không được hỗ trợ chuyển đổi nghề và tái định cư. Ngày "
                "{prior}, gia đình đã có đơn gửi Ủy ban nhân dân {province} nhưng đến nay chưa nhận được quyết "
                "định giải quyết. Tôi khiếu nại quyết định thu hồi đất và phương án bồi thường nêu trên, đề nghị "
                "Chủ tịch nước chỉ đạo cơ quan có thẩm quyền xem xét lại.",
            ),
            PetitionKind.RECOMMENDATION: (
                "Kiến nghị xem xét lại mức bồi thường khi thu hồi đất tại {ward}",
                "Gia đình tôi có {area} m2 đất nông nghiệp tại {ward}, {place} bị thu hồi theo Quyết định số "
                "{number}/QĐ-UBND ngày {date} để thực hiện dự án khu đô thị. Mức bồi thường chỉ bằng khoảng "
                "{percent}% giá chuyển nhượng thực tế ở địa phương, trong khi gia đình không còn đất sản xuất. "
                "Chúng tôi kiến nghị Chủ tịch nước chỉ đạo xem xét lại đơn giá bồi thường và hỗ trợ chuyển đổi "
                "nghề cho các hộ bị thu hồi đất.",
            ),
        },
        collective=True,
    ),
    MatterText(
        Field.LAND,
        {
            PetitionKind.RECOMMENDATION: (
                "Đề nghị cấp giấy chứng nhận quyền sử dụng đất tại {ward}",
                "Gia đình tôi sử dụng ổn định {area} m2 đất ở tại {ward}, {place} từ năm {settled}, không có "
                "tranh chấp. Ngày {date}, gia đình đã nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất "
                "nhưng đến nay vẫn chưa được giải quyết, cán bộ địa chính nhiều lần yêu cầu bổ sung giấy tờ "
                "không có trong quy định. Tôi kính đề nghị Chủ tịch nước chỉ đạo địa phương sớm cấp giấy chứng "
                "nhận cho gia đình tôi.",
            ),
            PetitionKind.REFLECTION: (
                "Phản ánh việc chậm cấp giấy chứng nhận quyền sử dụng đất tại {ward}",
                "Tôi xin phản ánh việc hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất của gia đình tôi nộp "
                "tại Ủy ban nhân dân {ward}, {place} từ ngày {date} đến nay vẫn chưa được giải quyết, đã quá thời "
                "hạn theo quy định. Thửa đất {area} m2 gia đình tôi sử dụng ổn định từ năm {settled}, không có "
                "tranh chấp. Đề nghị cơ quan có thẩm quyền kiểm tra, chấn chỉnh.",
            ),
            PetitionKind.COMPLAINT: (
                "Khiếu nại việc từ chối cấp giấy chứng nhận quyền sử dụng đất tại {ward}",
                "Gia đình tôi sử dụng ổn định {area} m2 đất ở tại {ward}, {place} từ năm {settled}, không có "
                "tranh chấp. Ngày {date}, Ủy ban nhân dân {ward} có Văn bản số {number}/UBND từ chối cấp giấy "
                "chứng nhận quyền sử dụng đất với lý do thửa đất chưa phù hợp quy hoạch, trong khi các hộ liền "
                "kề đã được cấp. Tôi khiếu nại văn bản trên, đề nghị xem xét cấp giấy chứng nhận cho gia đình tôi.",
            ),
        },
    ),
    MatterText(
        Field.LAND,
        {
            PetitionKind.DENUNCIATION: (
                "Tố cáo cán bộ địa chính {ward} nhận tiền để hợp thức hóa đất lấn chiếm",
                "Tôi tố cáo ông {man}, cán bộ địa chính {ward}, {place} đã nhận tiền của một số hộ để hợp thức "
                "hóa {area} m2 đất lấn chiếm hành lang bảo vệ đê, tổng số tiền khoảng {amount} triệu đồng. Ngày "
                "{date}, tôi đã báo sự việc với Ủy ban nhân dân {ward} nhưng các công trình xây dựng trái phép "
                "vẫn tồn tại. Tôi có ảnh chụp và biên nhận kèm theo, đề nghị cơ quan có thẩm quyền xác minh, xử "
                "lý nghiêm theo quy định.",
            ),
            PetitionKind.REFLECTION: (
                "Phản ánh tình trạng lấn chiếm hành lang bảo vệ đê tại {ward}",
                "Tôi xin phản ánh tình trạng một số hộ lấn chiếm hành lang bảo vệ đê tại {ward}, {place} để xây "
                "dựng nhà xưởng, diện tích khoảng {area} m2. Ngày {date}, chính quyền địa phương đã lập biên bản "
                "vi phạm nhưng không cưỡng chế tháo dỡ, công trình vẫn tiếp tục được mở rộng. Đề nghị cơ quan có "
                "thẩm quyền kiểm tra, xử lý dứt điểm.",
            ),
        },
        collective=True,
    ),
    MatterText(
        Field.JUSTICE,
        {
            PetitionKind.COMPLAINT: (
                "Khiếu nại Bản án dân sự phúc thẩm số {number}/{year}/DS-PT",
                "Tôi là đương sự trong vụ án tranh chấp quyền sử dụng đất đã được Tòa án nhân dân {province} xét "
                "xử phúc thẩm theo Bản án số {number}/{year}/DS-PT ngày {date}. Bản án không khách quan, đánh giá "
                "chứng cứ sai, gây thiệt hại cho gia đình tôi. Ngày {prior}, tôi đã gửi đơn đề nghị giám đốc "
                "thẩm đến Tòa án nhân dân tối cao nhưng chưa được trả lời. Tôi khiếu nại bản án nêu trên, kính "
                "đề nghị Chủ tịch nước chỉ đạo xem xét lại vụ án theo thủ tục giám đốc thẩm.",
            ),
            PetitionKind.RECOMMENDATION: (
                "Đề nghị giám đốc thẩm Bản án dân sự phúc thẩm số {number}/{year}/DS-PT",
                "Tôi là đương sự trong vụ án tranh chấp quyền sử dụng đất đã được Tòa án nhân dân {province} xét "
                "xử phúc thẩm theo Bản án số {number}/{year}/DS-PT ngày {date}. Bản án đánh giá không đúng các "
                "chứng cứ gia đình tôi đã xuất trình, gây thiệt hại cho gia đình tôi. Tôi kính đề nghị Chủ tịch "
                "nước quan tâm, chỉ đạo xem xét lại bản án theo thủ tục giám đốc thẩm.",
            ),
        },
    ),
    MatterText(
        Field.JUSTICE,
        {
            PetitionKind.RECOMMENDATION: (
                "Đề nghị xem xét lại vụ án, kêu oan cho con trai bị kết án về tội trộm cắp tài sản",
                "Con trai tôi là {son}, sinh năm {born}, bị Tòa án nhân dân {province} xử phúc thẩm, giữ nguyên "
                "mức án {years} năm tù về tội trộm cắp tài sản theo Bản án số {number}/{year}/HS-PT ngày {date}. "
                "Con tôi không thực hiện hành vi này, lời khai của các nhân chứng mâu thuẫn, không thu giữ được "
                "tang vật. Gia đình tôi kêu oan và kính đề nghị Chủ tịch nước chỉ đạo xem xét lại vụ án.",
            ),
        },
    ),
    MatterText(
        Field.CORRUPTION,
        {
            PetitionKind.DENUNCIATION: (
                "Tố cáo Chủ tịch Ủy ban nhân dân {ward} chiếm đoạt tiền hỗ trợ thiên tai",
                "Chúng tôi tố cáo ông {man}, Chủ tịch Ủy ban nhân dân {ward}, {place} đã lợi dụng chức vụ lập "
                "danh sách khống để chiếm đoạt tiền hỗ trợ người dân bị ảnh hưởng thiên tai với số tiền khoảng "
                "{amount} triệu đồng, đồng thời ép các hộ dân ký nhận số tiền không đúng thực tế. Đợt hỗ trợ được "
                "chi trả ngày {date}, nhiều hộ có tên trong danh sách nhưng không nhận được tiền. Đề nghị cơ quan "
                "có thẩm quyền xác minh, xử lý nghiêm theo quy định của pháp luật.",
            ),
        },
        collective=True,
    ),
    MatterText(
        Field.CORRUPTION,
        {
            PetitionKind.DENUNCIATION: (
                "Tố cáo sai phạm trong thi công dự án đường giao thông tại {ward}",
                "Tôi tố cáo chủ đầu tư và nhà thầu dự án nâng cấp đường giao thông liên xã tại {ward}, {place} "
                "với tổng mức đầu tư {amount} triệu đồng đã thi công không đúng thiết kế: lớp móng mỏng hơn hồ "
                "sơ, mặt đường hư hỏng ngay sau khi nghiệm thu ngày {date}. Đề nghị thanh tra, làm rõ trách "
                "nhiệm của chủ đầu tư và nhà thầu.",
            ),
            PetitionKind.REFLECTION: (
                "Phản ánh chất lượng công trình đường giao thông tại {ward}",
                "Tôi xin phản ánh công trình nâng cấp đường giao thông liên xã tại {ward}, {place} được nghiệm "
                "thu ngày {date} nhưng mặt đường đã bong tróc, nhiều đoạn sụt lún, gây nguy hiểm cho người tham "
                "gia giao thông. Đề nghị cơ quan có thẩm quyền kiểm tra chất lượng công trình và yêu cầu nhà "
                "thầu sửa chữa.",
            ),
        },
        collective=True,
    ),
    MatterText(
        Field.SOCIAL,
        {
            PetitionKind.RECOMMENDATION: (
                "Đề nghị công nhận liệt sĩ đối với ông {father}",
                "Bố tôi là ông {father}, quê ở {ward}, {place}, nhập ngũ năm {enlisted}, hy sinh trong kháng "
                "chiến chống Mỹ cứu nước nhưng chưa được công nhận là liệt sĩ do thất lạc giấy báo tử. Ngày "
                "{date}, gia đình đã nộp hồ sơ kèm xác nhận của đơn vị cũ và đồng đội nhưng đến nay chưa được "
                "giải quyết. Tôi kính đề nghị Chủ tịch nước xem xét, chỉ đạo công nhận liệt sĩ cho bố tôi.",
            ),
        },
    ),
    MatterText(
        Field.SOCIAL,
        {
            PetitionKind.RECOMMENDATION: (
                "Đề nghị giải quyết chế độ thương binh",
                "Tôi tham gia kháng chiến, bị thương năm {wounded} với tỷ lệ tổn thương cơ thể {percent}%. Ngày "
                "{date}, tôi đã nộp hồ sơ đề nghị hưởng chế độ thương binh tại {province} nhưng đến nay vẫn chưa "
                "được giải quyết. Tôi kính đề nghị Chủ tịch nước xem xét, chỉ đạo giải quyết chế độ cho tôi theo "
                "Pháp lệnh Ưu đãi người có công với cách mạng.",
            ),
            PetitionKind.COMPLAINT: (
                "Khiếu nại việc trả lại hồ sơ đề nghị hưởng chế độ thương binh",
                "Tôi tham gia kháng chiến, bị thương năm {wounded} với tỷ lệ tổn thương cơ thể {percent}%. Ngày "
                "{date}, Sở Nội vụ {province} có Văn bản số {number}/SNV trả lại hồ sơ đề nghị hưởng chế độ "
                "thương binh của tôi với lý do thiếu giấy tờ gốc, dù tôi đã có xác nhận của đơn vị cũ. Tôi khiếu "
                "nại văn bản trên và đề nghị được xem xét giải quyết chế độ theo quy định.",
            ),
        },
    ),
    MatterText(
        Field.ADMINISTRATION,
        {
            PetitionKind.REFLECTION: (
                "Phản ánh cán bộ Ủy ban nhân dân {ward} gây khó khăn khi làm thủ tục hành chính",
                "Tôi xin phản ánh: ngày {date}, tôi đến Ủy ban nhân dân {ward}, {place} làm thủ tục đăng ký hộ "
                "tịch, cán bộ tiếp nhận hồ sơ là ông {man} yêu cầu bổ sung giấy tờ không có trong quy định và có "
                "thái độ hách dịch với người dân. Tôi đã đến nhiều lần nhưng hồ sơ vẫn không được tiếp nhận. Đề "
                "nghị cơ quan có thẩm quyền chấn chỉnh.",
            ),
            PetitionKind.COMPLAINT: (
                "Khiếu nại việc Ủy ban nhân dân {ward} không tiếp nhận hồ sơ đăng ký hộ tịch",
                "Ngày {date}, tôi nộp hồ sơ đăng ký hộ tịch tại Ủy ban nhân dân {ward}, {place}. Cán bộ tiếp "
                "nhận là ông {man} không nhận hồ sơ, không có văn bản nêu lý do và yêu cầu nộp thêm giấy tờ không "
                "có trong quy định. Tôi khiếu nại hành vi hành chính nêu trên, đề nghị cơ quan có thẩm quyền xem "
                "xét, giải quyết.",
            ),
        },
    ),
    MatterText(
        Field.LABOUR,
        {
            PetitionKind.COMPLAINT: (
                "Khiếu nại việc công ty nợ lương và không đóng bảo hiểm xã hội",
                "Tôi và {workers} công nhân làm việc tại một công ty ở {place} bị nợ lương {months} tháng, công "
                "ty không đóng bảo hiểm xã hội từ năm {year} dù đã trừ vào lương của người lao động. Ngày "
                "{prior}, chúng tôi đã gửi đơn đến giám đốc công ty nhưng không được giải quyết. Tôi khiếu nại "
                "việc làm trên của công ty, đề nghị cơ quan có thẩm quyền buộc công ty trả lương và đóng bảo hiểm "
                "xã hội đầy đủ.",
            ),
            PetitionKind.RECOMMENDATION: (
                "Kiến nghị giải quyết việc công ty nợ lương, nợ bảo hiểm xã hội của công nhân",
                "Chúng tôi là {workers} công nhân làm việc tại một công ty ở {place}, bị nợ lương {months} "
                "tháng, công ty không đóng bảo hiểm xã hội từ năm {year} dù đã trừ vào lương. Chúng tôi kiến "
                "nghị cơ quan có thẩm quyền kiểm tra, buộc công ty trả lương và đóng bảo hiểm xã hội cho người "
                "lao động.",
            ),
        },
        collective=True,
    ),
    MatterText(
        Field.ECONOMY,
        {
            PetitionKind.RECOMMENDATION: (
                "Kiến nghị về mức thuế khoán đối với hộ kinh doanh tại {ward}",
                "Hộ kinh doanh của tôi tại {ward}, {place} được thông báo mức thuế khoán năm {year} tăng "
                "{percent}% so với năm trước trong khi doanh thu giảm mạnh. Ngày {prior}, tôi đã có văn bản đề "
                "nghị cơ quan thuế xem xét lại nhưng chưa được trả lời. Tôi kiến nghị xem xét lại cách xác định "
                "mức thuế khoán cho phù hợp với thực tế kinh doanh.",
            ),
            PetitionKind.REFLECTION: (
                "Phản ánh bất cập trong việc ấn định thuế khoán đối với hộ kinh doanh tại {ward}",
                "Tôi xin phản ánh việc các hộ kinh doanh nhỏ tại {ward}, {place} được thông báo mức thuế khoán "
                "năm {year} tăng {percent}% so với năm trước, không căn cứ vào doanh thu thực tế đang giảm mạnh. "
                "Đề nghị cơ quan có thẩm quyền xem xét, điều chỉnh cho phù hợp.",
            ),
        },
    ),
    MatterText(
        Field.CLEMENCY,
        {
            PetitionKind.RECOMMENDATION: (
                "Đơn xin ân giảm án tử hình cho phạm nhân {son}",
                "Tôi là mẹ của phạm nhân {son}, sinh năm {born}, bị Tòa án nhân dân {province} tuyên phạt tử hình "
                "theo Bản án số {number}/{year}/HS-ST ngày {date}, bản án đã có hiệu lực pháp luật. Con tôi đã "
                "thành khẩn khai báo, ăn năn hối cải, gia đình đã bồi thường cho gia đình bị hại. Tôi kính xin Chủ "
                "tịch nước xem xét ân giảm án tử hình cho con tôi.",
            ),
        },
    ),
    MatterText(
        Field.ENVIRONMENT,
        {
            PetitionKind.REFLECTION: (
                "Phản ánh tình trạng ô nhiễm môi trường do cơ sở sản xuất tại {ward}",
                "Tôi xin phản ánh: cơ sở sản xuất tại {ward}, {place} xả nước thải chưa qua xử lý ra kênh, gây mùi "
                "hôi thối và làm chết cá của các hộ nuôi trồng thủy sản. Ngày {date}, người dân đã báo với chính "
                "quyền địa phương nhưng đến nay chưa được xử lý. Đề nghị cơ quan có thẩm quyền kiểm tra, xử lý "
                "dứt điểm.",
            ),
            PetitionKind.RECOMMENDATION: (
                "Kiến nghị xử lý cơ sở sản xuất gây ô nhiễm môi trường tại {ward}",
                "Cơ sở sản xuất tại {ward}, {place} xả nước thải chưa qua xử lý ra kênh, làm chết cá của các hộ "
                "nuôi trồng thủy sản. Ngày {date}, đoàn kiểm tra của địa phương đã lập biên bản nhưng cơ sở vẫn "
                "tiếp tục xả thải. Chúng tôi kiến nghị cơ quan có thẩm quyền đình chỉ hoạt động xả thải, buộc cơ "
                "sở khắc phục hậu quả và bồi thường thiệt hại cho người dân.",
            ),
            PetitionKind.DENUNCIATION: (
                "Tố cáo cơ sở sản xuất xả thải trái phép gây ô nhiễm tại {ward}",
                "Tôi tố cáo cơ sở sản xuất của ông {man} tại {ward}, {place} lén xả nước thải chưa qua xử lý ra "
                "kênh vào ban đêm, làm chết cá của các hộ nuôi trồng thủy sản. Ngày {date}, người dân đã quay "
                "video và báo chính quyền địa phương nhưng cơ sở vẫn tiếp tục vi phạm. Đề nghị cơ quan có thẩm "
                "quyền xác minh, xử lý theo quy định.",
            ),
        },
        collective=True,
    ),
]

# What opens a letter: who writes and where from; "on behalf of the households" only for a matter they share.
OPENINGS = [
    "Tôi tên là {writer}, cư trú tại {ward}, {place}.",
    "Tôi là {writer}, thường trú tại {ward}, {place}, xin trình bày sự việc như sau.",
    "Gia đình tôi ở {ward}, {place}, tôi làm đơn này trình bày sự việc của gia đình.",
    "",
]
COLLECTIVE_OPENING = "Tôi là {writer}, thay mặt các hộ dân tại {ward}, {place}, xin trình bày như sau."
# Each writer words a matter in their own way: phrases swapped at random, so that two letters about different
# matters from the same template are not near copies (resends and co-signed copies are).
WORDINGS = [
    ("Gia đình tôi", ("Nhà tôi", "Gia đình chúng tôi", "Hộ gia đình tôi")),
    ("nhưng", ("tuy nhiên", "song", "thế nhưng")),
    ("đến nay", ("cho đến nay", "tới thời điểm này", "đến tận bây giờ")),
    ("cơ quan có thẩm quyền", ("các cơ quan chức năng", "cấp có thẩm quyền", "chính quyền")),
    # not "của", "đã", "đề nghị", "xem xét", "chưa được" nor "không": replaced everywhere they read "của chính
    # một số hộ", "kéo dài đã từng 14 năm", "quan tâm quan tâm", "vẫn vẫn chưa", "chẳng hề đúng thiết kế" (the
    # examiners of issue 26)
    # "tại" only before a commune: "tại Ủy ban nhân dân", "đất ở tại" read wrong reworded
    ("tại Xã", ("ở Xã", "tại địa bàn Xã")),
    ("tại Phường", ("ở Phường", "tại địa bàn Phường")),
]


def reword(text: str, rng: random.Random) -> str:
    for phrase, choices in WORDINGS:
        if phrase in text and rng.random() < 0.6:
            text = text.replace(phrase, rng.choice(choices))
    return text


CLOSINGS = [
    "Kính mong Chủ tịch nước quan tâm xem xét.",
    "Tôi xin cam đoan những nội dung trên là đúng sự thật.",
    "Rất mong nhận được sự quan tâm giải quyết.",
    "Xin trân trọng cảm ơn.",
]

AGENCIES = [
    ("Thanh tra Chính phủ", "TTCP"),
    ("Tòa án nhân dân tối cao", "TANDTC"),
    ("Viện kiểm sát nhân dân tối cao", "VKSNDTC"),
    ("Bộ Công an", "BCA"),
    ("Bộ Nội vụ", "BNV"),
    ("Bộ Tài chính", "BTC"),
    ("Bộ Nông nghiệp và Môi trường", "BNNMT"),
    ("Ban Tiếp công dân Trung ương", "BTCDTW"),
]


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _name(rng: random.Random) -> str:
    """A man's or a woman's name, the middle and given names agreeing (never "Bùi Thị Sơn")."""
    return _man_name(rng) if rng.random() < 0.5 else _woman_name(rng)


# the middle names that say a man or a woman; the others (Minh, Thanh, Ngọc...) are given to both
MEN_MIDDLE = {"Văn", "Hữu", "Đức", "Quốc", "Công", "Đình"}
WOMEN_MIDDLE = {"Thị"}
# the middle and given names of men and of women, in one order (a set's order changes from run to run)
MEN_MIDDLE_NAMES = [*sorted(MEN_MIDDLE), "Minh", "Thanh", "Xuân"]
WOMEN_MIDDLE_NAMES = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Hồng", "Kim", "Thanh", "Minh"]
MEN_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hòa",
    "Hùng",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Thắng",
    "Tuấn",
]
WOMEN_GIVEN = [
    "Giang",
    "Hà",
    "Hạnh",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Tâm",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
]


def salutation_of(name: str) -> str:
    """How a letter addresses the writer when the name says it ("Ông" for Văn, "Bà" for Thị), else unknown
    ("Ông/Bà"): the clerk records it from the letter; the demo reads it from the name (the examiner of issue 26
    found every demo letter saying "Ông/Bà")."""
    words = name.split()
    middle = set(words[1:-1])
    if middle & WOMEN_MIDDLE:
        return Salutation.MRS
    if middle & MEN_MIDDLE:
        return Salutation.MR
    return ""


def province_agency_name(code: int) -> str:
    name = province_name(code)
    return f"Ủy ban nhân dân {name if name.startswith('Thành phố') else 'tỉnh ' + name}"


def ensure_agencies() -> dict[str, Agency]:
    wanted = [(n, s, None) for n, s in AGENCIES] + [
        (province_agency_name(code), "", code) for code in PROVINCE_WEIGHTS
    ]
    existing = {a.folded: a for a in Agency.objects.all()}
    Agency.objects.bulk_create(
        [
            Agency(name=name, short_name=short, province_code=code, folded=fold(name))
            for name, short, code in wanted
            if fold(name) not in existing
        ]
    )
    return {a.name: a for a in Agency.objects.all()}


@dataclass
class Generated:
    petition: Petition
    people: list[Petitioner] = field(default_factory=list)
    text: str = ""
    outcome: str = ""  # "open", "forward", "guide", "store", "handle"
    answered: bool = False
    origin: Petition | None = None  # the earlier petition of the same matter


def _man_name(rng: random.Random, surname: str = "") -> str:
    """A man's name (a middle and a given name that say so): "ông" in a letter is a man."""
    return f"{surname or rng.choice(SURNAMES)} {rng.choice(MEN_MIDDLE_NAMES)} {rng.choice(MEN_GIVEN)}"


def _woman_name(rng: random.Random, *, middle: str = "") -> str:
    return f"{rng.choice(SURNAMES)} {middle or rng.choice(WOMEN_MIDDLE_NAMES)} {rng.choice(WOMEN_GIVEN)}"


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def matter_values(rng: random.Random, *, received: date, writer: str) -> dict[str, Any]:
    """The facts a letter received on `received` states, consistent with each other and with that day: the
    matter's step ({date}) between six weeks and four years before, a later step ({prior}) between it and the
    letter, the years of a life before them (the examiner of issue 26 found judgments dated after the letter
    about them, and a judgment's number of another year than its date)."""
    step = received - timedelta(days=rng.randint(45, 4 * 365))
    prior = step + timedelta(days=rng.randint(15, (received - step).days - 15))
    return {
        "number": rng.randint(10, 2999),
        "date": _day(step),
        "year": step.year,
        "prior": _day(prior),
        "area": rng.randint(50, 5000),
        "man": _man_name(rng),
        "son": _man_name(rng),
        "father": _man_name(rng, writer.split()[0]),  # a child bears the father's surname
        "amount": f"{rng.randint(50, 3000):,}".replace(",", "."),  # "2.495 triệu đồng"
        "years": rng.randint(2, 18),
        "months": rng.randint(2, 18),
        "percent": rng.randint(21, 80),
        "workers": rng.randint(3, 300),
        "born": rng.randint(step.year - 45, step.year - 19),
        "enlisted": rng.randint(1960, 1972),
        "wounded": rng.randint(1965, 1979),
        "settled": rng.randint(1975, step.year - 3),
    }


def generate(
    count: int, *, year: int, seed: int, unit: Unit, agencies: dict[str, Agency], until: date
) -> Iterator[Generated]:
    """`count` petitions received over the year up to `until`, about 15% of them the same matter as an
    earlier one (resends, co-signed copies, a matter coming back). The kind is drawn first, at the 2013 mix
    (`KINDS`), then a matter written as that kind: the summary and the letter say what the petition is."""
    rng = random.Random(seed)
    provinces = list(PROVINCE_WEIGHTS)
    weights = list(PROVINCE_WEIGHTS.values())
    start = date(year, 1, 2)
    days = received_days(count, start=start, until=until, seed=seed)
    earlier: list[tuple[str, str, int, str, str, Petition, list[Petitioner], bool]] = []
    by_name = {a.name: a for a in agencies.values()}
    by_kind = {kind: [m for m in MATTERS if kind in m.texts] for kind, _weight in KINDS}
    for n in range(count):
        received = days[n]
        repeat = earlier and rng.random() < 0.15
        origin: Petition | None = None
        if repeat:
            summary, content, province, kind, field_, origin, people, collective = rng.choice(earlier[-5000:])
            if collective and rng.random() < 0.5:  # a neighbour's copy of a matter the households share
                neighbour = _name(rng)
                content = content.replace(people[0].full_name, neighbour)
                people = [
                    Petitioner(
                        full_name=neighbour,
                        salutation=salutation_of(neighbour),
                        province_code=province,
                        ward_code=people[0].ward_code,
                        address=people[0].address,
                    )
                ]
                content = rng.choice(["", "Kính gửi Chủ tịch nước. "]) + content
            elif (
                received - origin.received_on
            ).days >= 30:  # the same writer again, saying when they first wrote
                story, closing = content.rsplit(". ", 1)
                content = (
                    f"{story}. Ngày {_day(origin.received_on)}, tôi đã gửi đơn về việc này đến Chủ tịch nước, đến "
                    f"nay chưa nhận được trả lời nên tiếp tục gửi đơn. {closing}"
                )
        else:
            kind = _pick(rng, KINDS)
            matter = rng.choice(by_kind[kind])
            field_, collective = matter.field, matter.collective
            summary_t, content_t = matter.texts[kind]
            province = rng.choices(provinces, weights=weights)[0]
            ward_list = wards_of(province)
            chosen = rng.choice(ward_list) if ward_list else None
            ward = chosen.name if chosen else "xã"
            place = province_name(province)
            # who writes: the first petitioner, never the person written about; a mother for her son
            writer = _woman_name(rng, middle="Thị") if "Tôi là mẹ" in content_t else _name(rng)
            values = matter_values(rng, received=received, writer=writer) | {
                "place": place,
                "province": place if place.startswith("Thành phố") else f"tỉnh {place}",
                "ward": ward,
                "writer": writer,
            }
            summary = summary_t.format(**values)
            group = collective and rng.random() < 0.2
            opening = (
                COLLECTIVE_OPENING if collective and (group or rng.random() < 0.3) else rng.choice(OPENINGS)
            )
            content = reword(
                " ".join(
                    part
                    for part in (opening.format(**values), content_t.format(**values), rng.choice(CLOSINGS))
                    if part
                ),
                rng,
            )
            count_people = rng.randint(2, 4) if group else 1
            names = [writer if i == 0 else _name(rng) for i in range(count_people)]
            people = [
                Petitioner(
                    full_name=names[i],
                    salutation=salutation_of(names[i]),
                    province_code=province,
                    ward_code=int(chosen.code) if chosen else None,
                    # the ward is the ward_code's, shown after the address: not written twice
                    address=f"Số {rng.randint(1, 200)}, "
                    + (
                        f"tổ dân phố {rng.randint(1, 30)}"
                        if ward.startswith("Phường")
                        else f"thôn {rng.randint(1, 12)}"
                    ),
                    id_number=f"{province:03d}{rng.randint(0, 999999999):09d}" if rng.random() < 0.6 else "",
                    phone=f"09{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else "",
                )
                for i in range(count_people)
            ]
        channel = _pick(rng, CHANNELS)
        sent_by = None
        if channel == Channel.FORWARDED:
            sent_by = by_name.get(province_agency_name(province)) or by_name.get(
                "Ban Tiếp công dân Trung ương"
            )
        competent = _competent(field_, province, by_name)
        petition = Petition(
            owning_unit=unit,
            number=0,
            year=received.year,
            registry_number="",
            tracking_code="",
            channel=channel,
            received_on=received,
            summary=summary[:300],
            folded_summary=fold(summary)[:300],
            content=content,
            kind=kind,
            field=field_,
            competent_agency=competent,
            sent_by_agency=sent_by,
            addressed_to="Chủ tịch nước",
            people_count=max(1, len(people)) * (rng.randint(5, 60) if len(people) > 2 else 1),
            province_code=province,
            petitioner_name="",
        )
        if origin is None:
            earlier.append((summary, content, province, kind, field_, petition, people, collective))
        age = (until - received).days
        if age < 12:
            outcome = "open"
        elif field_ == Field.CLEMENCY:
            outcome = "handle"
        elif rng.random() < 0.18:
            outcome = "store"
        elif kind == PetitionKind.COMPLAINT:
            outcome = "guide"
        else:
            outcome = "forward"
        if origin is not None and outcome in ("forward", "guide"):
            outcome = "store"  # a resend of a matter already sent on is stored (forwarded once)
        yield Generated(
            petition,
            people,
            f"{summary} {content}",
            outcome,
            answered=age > 50 and rng.random() < 0.7,
            origin=origin,
        )


def _competent(field_: str, province: int, agencies: dict[str, Agency]) -> Agency | None:
    if field_ == Field.CORRUPTION:
        return agencies.get("Thanh tra Chính phủ")
    if field_ == Field.JUSTICE:
        return agencies.get("Tòa án nhân dân tối cao")
    if field_ == Field.CLEMENCY:
        return None
    return agencies.get(province_agency_name(province))


GROUNDS = [rules.Ground.UNCLEAR_CONTENT, rules.Ground.RESOLVED_NO_NEW_CONTENT, rules.Ground.INSULTING]


# The months' share of a year's letters: fewer around Tết (January, February), more before and during the
# National Assembly's sessions (May, October) and at the year's end; each year varies about these by up to 10%.
SEASON = (0.9, 0.6, 1.05, 1.05, 1.15, 1.05, 1.0, 0.95, 1.0, 1.15, 1.1, 1.0)


def received_days(count: int, *, start: date, until: date, seed: int) -> list[date]:
    """`count` days of receipt between `start` and `until` in order, working days only, each month weighted
    by its season and the year's own variation (its own random stream, so the letters' contents do not
    change with it)."""
    rng = random.Random(f"{seed}-{start.year}-days")
    variation = [1 + rng.uniform(-0.1, 0.1) for _ in range(12)]
    days = [start + timedelta(days=d) for d in range((until - start).days + 1)]
    working = [d for d in days if d.weekday() < 5] or days
    weights = [SEASON[d.month - 1] * variation[d.month - 1] for d in working]
    return sorted(rng.choices(working, weights=weights, k=count))


def _clock_row(
    object_type: str, object_id: int, period: rules.Period, start: date, calendar: WorkingCalendar
) -> ClockRow:
    """A time limit of the rules, as the demo loads it in bulk (chancery.casework.load_clocks)."""
    return ClockRow(
        object_type=object_type,
        object_id=object_id,
        kind=period.key,
        label=period.label,
        unit=period.unit,
        days=period.days,
        started_on=start,
        due_on=period.due(calendar, start),
    )


MATCH_JOB = 250  # petitions a worker computes the match data of at once

Letter = tuple[str, str, list[tuple[str, int | None, int | None, str]]]


def _letter(item: Generated) -> Letter:
    """(summary, content, petitioners) of a generated petition, as the match data is computed from them."""
    p = item.petition
    return (
        p.summary,
        p.content,
        [(x.full_name, x.province_code, x.ward_code, x.id_number) for x in item.people],
    )


def _match_data(letters: list[Letter]) -> list[tuple[matching.TextMatch, list[int]]]:
    """The match data of each petition, computed as registration computes it (`matching.text_match` of its
    text, `matching.people_keys` of its petitioners): what `MatchText` and `MatchKey` store."""
    return [(matching.text_match(s, c), matching.people_keys(people)) for s, c, people in letters]


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """Worker processes for `_match_data` (forked: they inherit the loaded modules), or None."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def _link_matters(batch: list[Generated]) -> None:
    """Each resend joins the matter of its earlier petition, the matter made (titled by that petition's
    summary) when it has none: matters in bulk, in the order the petitions need them."""
    made: dict[int, Matter] = {}
    linked: list[Generated] = []
    for item in batch:
        origin = item.origin
        if origin is None or not origin.pk:
            continue
        if origin.matter_id is None and origin.pk not in made:
            made[origin.pk] = Matter(title=origin.summary[:300])
        linked.append(item)
    if not linked:
        return
    Matter.objects.bulk_create(list(made.values()))
    changed: dict[int, int] = {}
    for item in linked:
        origin = item.origin
        assert origin is not None
        if origin.pk in made:
            origin.matter = made[origin.pk]
            changed[origin.pk] = origin.matter.pk
        item.petition.matter = origin.matter
        changed[item.petition.pk] = item.petition.matter_id  # type: ignore[assignment]
    table = connection.ops.quote_name(Petition._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET matter_id = %s WHERE id = %s",  # noqa: S608 (a quoted name)
            [(matter, pk) for pk, matter in changed.items()],
        )


def _insert_match_rows(
    keys: list[tuple[int, int, bool]], texts: list[tuple[int, bytes, bytes, bytes, str]]
) -> None:
    """The duplicate check's rows (`MatchKey`, `MatchText`) as plain rows: a hundred thousand model
    instances a batch would cost more than computing them."""
    quote = connection.ops.quote_name
    key_table, text_table = quote(MatchKey._meta.db_table), quote(MatchText._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {key_table} ({quote('key')}, petition_id, is_person) VALUES (%s, %s, %s)",  # noqa: S608
            keys,
        )
        cursor.executemany(
            f"INSERT INTO {text_table} (petition_id, words, shapes, sizes, facts) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            texts,
        )


def load(
    count: int,
    *,
    year: int | None = None,
    seed: int = 2013,
    chunk: int = 2000,
    progress: Any = None,
    searchable: bool = True,
    workers: int = 1,
) -> int:
    """Add `count` petitions received in `year` (the current year by default, up to today). Returns how
    many were added. Numbers continue the year's register. `searchable=False` leaves the petitions out of
    the search index (the duplicate benchmark, which does not search, seeds a million faster). `workers`
    above 1 computes the duplicate check's match data (`_match_data`, most of the time a petition costs) in
    that many processes beside this one, while it generates and writes the rows: the same rows."""
    from chancery.search import index
    from chancery.search.models import SearchEntry

    today = timezone.localdate()
    year = year or today.year
    until = min(today, date(year, 12, 31))
    unit = Unit.objects.get(code="phong-don-thu")
    author = User.objects.filter(unit=unit).order_by("pk").first() or User.objects.order_by("pk").first()
    # the letters were signed by the head of the judicial department for the Office's head ("TL. CHỦ NHIỆM"):
    # a letter numbered and sent carries its signer's name (the examiner of issue 26 found it blank)
    letter_signer = User.objects.filter(username="vutruong.tp").first()
    signed_by = letter_signer.full_name if letter_signer else ""
    agencies = ensure_agencies()
    register, _created = NumberRegister.objects.get_or_create(
        code="don-thu", year=year, defaults={"name": "Sổ tiếp nhận, xử lý đơn thư", "pattern": "{number}/ĐT"}
    )
    outgoing, _created = NumberRegister.objects.get_or_create(
        code="cong-van-di", year=year, defaults={"name": "Sổ công văn đi", "pattern": "{number}/VPCTN-TCD"}
    )
    rng = random.Random(seed + 1)
    spec = index.REGISTRY[audit.object_type_of(Petition)]
    object_type = audit.object_type_of(Petition)
    number, letter_number = register.last_number, outgoing.last_number
    added = 0
    batch: list[Generated] = []
    calendar = core_selectors.office_calendar(year, year + 1)

    def flush() -> None:
        nonlocal number, letter_number
        with transaction.atomic():
            for item in batch:
                number += 1
                p = item.petition
                p.number, p.registry_number = number, f"{number}/ĐT"
                p.tracking_code = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(10))
                p.received_by = None if p.channel == Channel.ONLINE else author
                names = [x.full_name for x in item.people]
                extra = p.people_count - 1
                p.petitioner_name = (
                    names[0] + (f" và {extra} người khác" if extra > 0 else "") if names else "Nặc danh"
                )
                p.decided_on = None
                if item.outcome != "open":
                    p.decided_on = min(until, p.received_on + timedelta(days=rng.randint(2, 9)))
                    p.path = {"forward": "forward", "guide": "guide", "store": "store", "handle": "handle"}[
                        item.outcome
                    ]
                    state = {
                        "forward": "forwarded",
                        "guide": "guided",
                        "store": "stored",
                        "handle": "handling",
                    }[item.outcome]
                    if item.outcome == "forward" and item.answered:
                        state = "closed"
                    p.state = state
                    if item.outcome == "store":
                        ground = (
                            rules.Ground.ALREADY_FORWARDED if item.origin is not None else rng.choice(GROUNDS)
                        )
                        p.grounds = [ground.value]
                    if state == "closed":
                        p.closed_on = min(until, p.decided_on + timedelta(days=rng.randint(20, 45)))
                        p.outcome = "Cơ quan có thẩm quyền đã giải quyết và trả lời người gửi đơn"
                    if item.outcome == "forward" and p.competent_agency is None:
                        p.competent_agency = next(iter(agencies.values()))
            submit()
            Petition.objects.bulk_create([i.petition for i in batch])
            _link_matters(batch)
            matched = [found for job in pending for found in (job.result() if pool else job())]
            pending.clear()
            people: list[Petitioner] = []
            keys: list[tuple[int, int, bool]] = []
            texts: list[tuple[int, bytes, bytes, bytes, str]] = []
            letters: list[Forwarding] = []
            clocks: list[ClockRow] = []
            entries: list[Any] = []
            for item, (found, person_keys) in zip(batch, matched, strict=True):
                p = item.petition
                for index_, person in enumerate(item.people):
                    person.pk = None
                    person.petition = p
                    person.folded_name = fold(person.full_name)
                    person.is_representative = index_ == 0
                    people.append(person)
                keys.extend((k, p.pk, True) for k in person_keys)
                texts.append((p.pk, found.words, found.shapes, found.sizes, found.facts))
                keys.extend((k, p.pk, False) for k in found.keys)
                decided = p.decided_on or p.received_on
                if p.path in ("forward", "guide"):
                    letter_number += 1
                    answer_by = (
                        rules.agency_answer_by(calendar, rules.Kind(p.kind), decided)
                        if p.path == "forward"
                        else None
                    )
                    answered = p.state == "closed"
                    letters.append(
                        Forwarding(
                            petition=p,
                            letter=LetterKind.FORWARD if p.path == "forward" else LetterKind.GUIDE,
                            agency=p.competent_agency,
                            number=f"{letter_number}/VPCTN-TCD",
                            sent_on=decided,
                            answer_by=answer_by,
                            created_by=author,
                            signed_by=signed_by,
                            signer_title=SIGNATURE_BLOCK if signed_by else "",
                            answered_on=p.closed_on if answered else None,
                            answer="Đã xem xét, giải quyết theo thẩm quyền" if answered else "",
                        )
                    )
                    if p.state == "forwarded" and answer_by:
                        agency = p.competent_agency
                        name = (agency.short_name or agency.name) if agency else ""
                        period = rules.agency_answer_period(name, decided, answer_by)
                        clocks.append(_clock_row(object_type, p.pk, period, decided, calendar))
                elif p.state == "received":  # the time limits a registration starts (rules.intake_periods)
                    for period in rules.intake_periods(
                        rules.Kind(p.kind), competent_elsewhere=p.competent_agency_id is not None
                    ):
                        clocks.append(_clock_row(object_type, p.pk, period, p.received_on, calendar))
                elif p.state == "handling" and p.decided_on:
                    period = rules.handling_period(rules.Kind(p.kind), instance=p.instance or 1)
                    clocks.append(_clock_row(object_type, p.pk, period, p.decided_on, calendar))
            Petitioner.objects.bulk_create(people)
            if searchable:  # indexed as a registration indexes: the same text, with the petitioners
                stored = Petition.objects.filter(pk__in=[i.petition.pk for i in batch])
                entries = [
                    SearchEntry(object_type=object_type, object_id=p.pk, **index.entry_values(spec, p))
                    for p in stored.prefetch_related("petitioners")
                ]
            visits.extend(i for i in batch if i.petition.channel == Channel.RECEPTION)
            _insert_match_rows(keys, texts)
            Forwarding.objects.bulk_create(letters)
            load_clocks(clocks)
            SearchEntry.objects.bulk_create(entries)
            NumberRegister.objects.filter(pk=register.pk).update(last_number=number)
            NumberRegister.objects.filter(pk=outgoing.pk).update(last_number=letter_number)
        batch.clear()

    visits: list[Generated] = []
    pool = _pool(workers)
    pending: list[Any] = []  # the match data of the batch's petitions, computed or being computed
    submitted = 0

    def submit() -> None:
        """Hand the match data of the batch's petitions not yet handed over to the workers (or compute it
        at the flush, without workers)."""
        nonlocal submitted
        letters = [_letter(item) for item in batch[submitted:]]
        submitted = len(batch)
        if letters:
            pending.append(pool.submit(_match_data, letters) if pool else partial(_match_data, letters))

    try:
        for item in generate(count, year=year, seed=seed, unit=unit, agencies=agencies, until=until):
            batch.append(item)
            added += 1
            if pool and len(batch) - submitted >= MATCH_JOB:
                submit()
            if len(batch) >= chunk:
                flush()
                submitted = 0
                if progress:
                    progress(added)
        if batch:
            flush()
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    _reception_sessions(visits, unit=unit, author=author, rng=rng)
    return added


RECEPTION_PLACE = "Phòng Tiếp công dân, Văn phòng Chủ tịch nước"
ON_THE_SPOT = [
    (
        VisitOutcome.GUIDED,
        "Hỏi về thủ tục khiếu nại quyết định hành chính về đất đai",
        "Đã hướng dẫn gửi đơn đến UBND cấp tỉnh",
    ),
    (
        VisitOutcome.GUIDED,
        "Hỏi nơi gửi đơn đề nghị xem xét lại bản án phúc thẩm",
        "Đã hướng dẫn gửi đơn đến Tòa án nhân dân tối cao",
    ),
    (
        VisitOutcome.ANSWERED,
        "Hỏi kết quả giải quyết đơn đã gửi năm trước",
        "Đã trả lời: đơn đã được chuyển và cơ quan có thẩm quyền đã trả lời",
    ),
    (
        VisitOutcome.ANSWERED,
        "Đề nghị được gặp lãnh đạo để trình bày về chế độ chính sách người có công",
        "Đã tiếp nhận ý kiến và giải thích quy định hiện hành",
    ),
]


def _reception_sessions(
    visits: list[Generated], *, unit: Unit, author: User | None, rng: random.Random
) -> None:
    """The sessions at which the petitions handed in were received: one a day on which any was, each visit
    linked to its petition, and a few visits answered or guided on the spot without a petition."""
    if author is None:
        return
    by_day: dict[date, list[Generated]] = defaultdict(list)
    for item in visits:
        by_day[item.petition.received_on].append(item)
    existing = {
        s.held_on: s for s in ReceptionSession.objects.filter(held_on__in=list(by_day), place=RECEPTION_PLACE)
    }
    new = [
        ReceptionSession(
            held_on=day,
            place=RECEPTION_PLACE,
            host=author.get_full_name(),
            owning_unit=unit,
            created_by=author,
        )
        for day in sorted(by_day)
        if day not in existing
    ]
    for session in ReceptionSession.objects.bulk_create(new, batch_size=2000):
        existing[session.held_on] = session
    rows = []
    for day, items in sorted(by_day.items()):
        session = existing[day]
        for item in items:
            p = item.petition
            rows.append(
                ReceptionVisit(
                    session=session,
                    visitor=p.petitioner_name,
                    people=p.people_count,
                    province_code=p.province_code,
                    content=p.summary,
                    outcome=VisitOutcome.PETITION,
                    petition=p,
                )
            )
        if rng.random() < 0.5:
            outcome, content, note = rng.choice(ON_THE_SPOT)
            rows.append(
                ReceptionVisit(
                    session=session,
                    visitor=_name(rng),
                    people=1,
                    province_code=rng.choice(items).petition.province_code,
                    content=f"{content}. {note}.",
                    outcome=outcome,
                )
            )
    ReceptionVisit.objects.bulk_create(rows, batch_size=5000)
