"""The matters the letters are about (land, officials, wages, pollution, deposits, martyrs, judgments...),
each with its facts and its free body."""

from __future__ import annotations

import random
from collections.abc import Callable

from bench.letters.people import Writer, _firm, _name
from chancery.petitions.demo import GIVEN, reword
from chancery.petitions.models import Field, PetitionKind

# --- matters: free letters ------------------------------------------------------------------------------

# A matter is a function (rng, writer) -> facts, and a body writer (facts, rng, wording) -> (title, summary,
# body); wording 0 is the first writing, 1 a rewriting in other words.
Facts = dict[str, object]


def _assemble(
    rng: random.Random, sentences: list[list[str]], details: list[list[str]], wording: int, f: Facts
) -> str:
    """A body from its sentences' wordings: each writer words a matter in their own way (`f["style"]` picks
    the first writing's wordings and details); a rewriting takes another wording of every sentence, moves
    the middle ones, leaves a detail out or adds one, and words the common phrases its own way."""
    style = random.Random(str(f["style"]))
    first = [style.randrange(len(options)) for options in sentences]
    kept = [style.random() < 0.7 for _ in details]
    if wording == 0:
        chosen = [options[i] for options, i in zip(sentences, first, strict=True)]
        extra = [style.choice(options) for options, keep in zip(details, kept, strict=True) if keep]
        return reword(" ".join(chosen[:-1] + extra + chosen[-1:]), style)
    chosen = [
        rng.choice([o for j, o in enumerate(options) if j != i] or options)
        for options, i in zip(sentences, first, strict=True)
    ]
    extra = [
        rng.choice(options) for options, keep in zip(details, kept, strict=True) if keep or rng.random() < 0.3
    ]
    if extra and rng.random() < 0.5:
        extra.pop(rng.randrange(len(extra)))
    if len(chosen) > 2:  # the account keeps its first and last sentence; the middle moves
        middle = chosen[1:-1]
        rng.shuffle(middle)
        chosen = [chosen[0], *middle, chosen[-1]]
    return reword(" ".join(chosen[:-1] + extra + chosen[-1:]), rng)


def land_recovery(rng: random.Random, writer: Writer) -> Facts:
    return {
        "area": rng.randint(80, 4000),
        "parcel": rng.randint(10, 900),
        "sheet": rng.randint(1, 60),
        "decision": rng.randint(100, 9999),
        "day": rng.randint(1, 28),
        "month": rng.randint(1, 12),
        "year": rng.randint(2019, 2024),
        "project": rng.choice(
            ["khu đô thị mới", "đường vành đai", "khu công nghiệp", "trường học liên xã", "cụm công nghiệp"]
        ),
        "price": rng.randint(60, 400),
        "market": rng.randint(800, 4000),
        "district": rng.choice(["Đông Sơn", "Yên Định", "Thanh Trì", "Gia Lâm", "Bình Chánh", "Châu Thành"]),
    }


def land_recovery_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Gia đình tôi có {f['area']} m2 đất nông nghiệp tại thửa số {f['parcel']}, tờ bản đồ số {f['sheet']}, "
            f"đã được cấp giấy chứng nhận quyền sử dụng đất.",
            f"Thửa đất số {f['parcel']}, tờ bản đồ số {f['sheet']}, diện tích {f['area']} m2 là đất nông nghiệp "
            f"gia đình tôi canh tác ổn định nhiều năm, có giấy chứng nhận.",
            f"Hộ tôi được giao {f['area']} m2 đất trồng lúa (thửa {f['parcel']}, tờ bản đồ {f['sheet']}) và sử "
            f"dụng liên tục từ đó đến nay.",
        ],
        [
            f"Ngày {f['day']}/{f['month']}/{f['year']}, Ủy ban nhân dân huyện {f['district']} ban hành Quyết định "
            f"số {f['decision']}/QĐ-UBND thu hồi toàn bộ diện tích này để xây dựng {f['project']}.",
            f"Theo Quyết định số {f['decision']}/QĐ-UBND ngày {f['day']}/{f['month']}/{f['year']} của UBND huyện "
            f"{f['district']}, toàn bộ thửa đất bị thu hồi để làm {f['project']}.",
            f"UBND huyện {f['district']} đã thu hồi đất của gia đình tôi cho dự án {f['project']} bằng Quyết định "
            f"{f['decision']}/QĐ-UBND ký ngày {f['day']}/{f['month']}/{f['year']}.",
        ],
        [
            f"Đơn giá bồi thường chỉ {f['price']}.000 đồng/m2 trong khi giá chuyển nhượng thực tế tại địa phương "
            f"khoảng {f['market']}.000 đồng/m2.",
            f"Giá bồi thường được áp là {f['price']}.000 đồng một mét vuông, quá thấp so với giá thị trường khoảng "
            f"{f['market']}.000 đồng một mét vuông.",
            f"Mỗi mét vuông chúng tôi chỉ được bồi thường {f['price']}.000 đồng, trong khi người dân xung quanh "
            f"mua bán với giá {f['market']}.000 đồng.",
        ],
        [
            "Gia đình tôi không được hỗ trợ chuyển đổi nghề nghiệp và không được bố trí đất tái định cư.",
            "Chúng tôi cũng không nhận được khoản hỗ trợ đào tạo, chuyển đổi nghề hay tái định cư nào.",
            "Ngoài tiền đất, gia đình không được hỗ trợ gì thêm dù đã mất toàn bộ đất sản xuất.",
        ],
        [
            "Tôi đề nghị Chủ tịch nước chỉ đạo các cơ quan có thẩm quyền xem xét lại quyết định thu hồi đất và "
            "phương án bồi thường, bảo đảm quyền lợi hợp pháp của gia đình tôi.",
            "Vì vậy tôi làm đơn này đề nghị xem xét lại giá bồi thường và giải quyết chế độ hỗ trợ theo đúng quy "
            "định của pháp luật.",
            "Kính đề nghị các cấp có thẩm quyền kiểm tra, yêu cầu UBND huyện bồi thường thỏa đáng cho gia đình.",
        ],
    ]
    details = [
        [
            f"Gia đình tôi đã khiếu nại lên UBND huyện {f['district']} nhưng đến nay chưa được giải quyết.",
            "Tôi đã nhiều lần làm đơn gửi chính quyền địa phương nhưng không được trả lời thỏa đáng.",
        ],
        [
            "Hiện gia đình có năm nhân khẩu không còn đất sản xuất, đời sống rất khó khăn.",
            "Cả nhà tôi sống nhờ vào mảnh đất này, nay không còn nguồn thu nhập.",
        ],
    ]
    return (
        "khiếu nại về bồi thường khi thu hồi đất",
        f"Khiếu nại mức bồi thường khi thu hồi thửa đất số {f['parcel']} theo Quyết định {f['decision']}/QĐ-UBND"
        if wording == 0
        else f"Đề nghị xem xét lại giá bồi thường đất theo Quyết định {f['decision']}/QĐ-UBND",
        _assemble(rng, sentences, details, wording, f),
    )


def land_certificate(rng: random.Random, writer: Writer) -> Facts:
    return {
        "area": rng.randint(60, 900),
        "parcel": rng.randint(10, 900),
        "sheet": rng.randint(1, 60),
        "since": rng.randint(1975, 2000),
        "filed": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2018, 2023)}",
        "receipt": rng.randint(1000, 99999),
    }


def land_certificate_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Gia đình tôi sử dụng ổn định {f['area']} m2 đất ở tại thửa số {f['parcel']}, tờ bản đồ số {f['sheet']} "
            f"từ năm {f['since']}, không có tranh chấp.",
            f"Từ năm {f['since']} gia đình tôi đã ở trên thửa đất số {f['parcel']} (tờ bản đồ {f['sheet']}), diện "
            f"tích {f['area']} m2, hàng xóm xung quanh đều xác nhận không tranh chấp.",
        ],
        [
            f"Ngày {f['filed']}, tôi đã nộp đầy đủ hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất, có giấy "
            f"biên nhận số {f['receipt']}.",
            f"Hồ sơ xin cấp sổ đỏ của tôi được tiếp nhận ngày {f['filed']} theo biên nhận số {f['receipt']}.",
        ],
        [
            "Đến nay đã quá thời hạn nhưng cơ quan chức năng vẫn chưa cấp giấy, cán bộ địa chính nhiều lần yêu "
            "cầu bổ sung giấy tờ không có trong quy định.",
            "Quá hạn đã lâu mà vẫn chưa có giấy chứng nhận; mỗi lần hỏi, cán bộ lại đòi thêm giấy tờ mới.",
        ],
        [
            "Tôi kiến nghị cơ quan có thẩm quyền chỉ đạo cấp giấy chứng nhận quyền sử dụng đất cho gia đình tôi "
            "theo đúng quy định.",
            "Kính đề nghị các cơ quan có thẩm quyền sớm giải quyết cấp giấy chứng nhận cho gia đình tôi.",
        ],
    ]
    details = [
        [
            "Gia đình tôi đã nộp thuế sử dụng đất đầy đủ hằng năm.",
            "Hằng năm tôi vẫn đóng thuế đất đầy đủ, có biên lai lưu giữ.",
        ]
    ]
    return (
        "kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
        f"Kiến nghị cấp giấy chứng nhận quyền sử dụng đất thửa số {f['parcel']}"
        if wording == 0
        else "Đề nghị giải quyết hồ sơ cấp sổ đỏ bị chậm",
        _assemble(rng, sentences, details, wording, f),
    )


def official(rng: random.Random, writer: Writer) -> Facts:
    return {
        "official": _name(rng),
        "title": rng.choice(
            ["Chủ tịch UBND xã", "cán bộ địa chính xã", "Phó Chủ tịch UBND xã", "trưởng thôn"]
        ),
        "amount": rng.randint(50, 2000),
        "households": rng.randint(5, 120),
        "year": rng.randint(2020, 2024),
        "fund": rng.choice(
            ["tiền hỗ trợ bão lụt", "tiền hỗ trợ hộ nghèo", "tiền đền bù giải phóng mặt bằng"]
        ),
    }


def official_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Tôi tố cáo ông {f['official']}, {f['title']}, đã lợi dụng chức vụ lập danh sách khống để chiếm "
            f"đoạt {f['fund']} năm {f['year']}.",
            f"Tôi làm đơn tố cáo ông {f['official']} là {f['title']} có hành vi lập khống danh sách, chiếm đoạt "
            f"{f['fund']} của năm {f['year']}.",
        ],
        [
            f"Tổng số tiền bị chiếm đoạt khoảng {f['amount']} triệu đồng của {f['households']} hộ dân.",
            f"Có {f['households']} hộ bị ký nhận khống, số tiền khoảng {f['amount']} triệu đồng.",
        ],
        [
            "Nhiều hộ dân bị ép ký nhận số tiền lớn hơn số tiền thực nhận.",
            "Người dân bị buộc ký vào danh sách với số tiền cao hơn số tiền được phát.",
        ],
        [
            "Đề nghị cơ quan có thẩm quyền xác minh, xử lý nghiêm theo quy định của pháp luật.",
            "Kính đề nghị thanh tra, làm rõ và xử lý nghiêm sai phạm của cán bộ này.",
        ],
    ]
    details = [
        ["Tôi có danh sách và ảnh chụp kèm theo đơn.", "Kèm theo đơn là danh sách ký nhận và ảnh chụp."]
    ]
    return (
        "tố cáo",
        f"Tố cáo ông {f['official']} chiếm đoạt {f['fund']}"
        if wording == 0
        else f"Tố cáo sai phạm của {f['title']}",
        _assemble(rng, sentences, details, wording, f),
    )


def wages(rng: random.Random, writer: Writer) -> Facts:
    return {
        "company": f"Công ty {rng.choice(['TNHH', 'cổ phần', 'TNHH MTV'])} {_firm(rng)}",
        "months": rng.randint(3, 14),
        "workers": rng.randint(20, 600),
        "owed": rng.randint(40, 900),
        "since": rng.randint(2019, 2023),
    }


def wages_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Tôi và {f['workers']} công nhân làm việc tại {f['company']} bị nợ lương {f['months']} tháng liên tục.",
            f"{f['company']} đã nợ lương của {f['workers']} người lao động, trong đó có tôi, suốt {f['months']} tháng.",
        ],
        [
            f"Công ty không đóng bảo hiểm xã hội từ năm {f['since']} dù vẫn trừ vào lương của người lao động.",
            f"Từ năm {f['since']} công ty trừ tiền bảo hiểm xã hội hằng tháng nhưng không nộp cho cơ quan bảo hiểm.",
        ],
        [
            f"Tổng số tiền lương còn nợ khoảng {f['owed']} triệu đồng.",
            f"Số lương bị nợ cộng lại khoảng {f['owed']} triệu đồng.",
        ],
        [
            "Đề nghị cơ quan có thẩm quyền buộc công ty trả đủ lương và đóng bảo hiểm xã hội cho người lao động.",
            "Chúng tôi đề nghị các cơ quan chức năng can thiệp để công ty thanh toán lương và bảo hiểm.",
        ],
    ]
    details = [
        ["Giám đốc công ty nhiều lần hứa trả nhưng không thực hiện.", "Công ty hẹn nhiều lần rồi lại thôi."]
    ]
    return (
        "khiếu nại",
        f"Khiếu nại {f['company']} nợ lương {f['months']} tháng"
        if wording == 0
        else "Đề nghị buộc công ty trả lương, đóng bảo hiểm",
        _assemble(rng, sentences, details, wording, f),
    )


def pollution(rng: random.Random, writer: Writer) -> Facts:
    return {
        "facility": rng.choice(
            [
                "cơ sở chế biến tinh bột sắn",
                "lò giết mổ",
                "xưởng tái chế nhựa",
                "trại chăn nuôi lợn",
                "nhà máy giấy",
            ]
        )
        + " "
        + _firm(rng),
        "canal": rng.choice(["kênh", "mương", "sông", "rạch"]) + f" {rng.choice(GIVEN)} {rng.randint(1, 30)}",
        "months": rng.randint(3, 30),
        "households": rng.randint(20, 300),
    }


def pollution_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Tôi xin phản ánh: {f['facility']} xả nước thải chưa qua xử lý ra {f['canal']} suốt {f['months']} tháng nay.",
            f"Đã {f['months']} tháng nay {f['facility']} thải nước bẩn thẳng ra {f['canal']}, không qua xử lý.",
        ],
        [
            f"Mùi hôi thối bao trùm khu dân cư, khoảng {f['households']} hộ dân bị ảnh hưởng, cá nuôi chết hàng loạt.",
            f"Khoảng {f['households']} hộ sống dọc kênh phải chịu mùi hôi, ao cá của nhiều nhà bị chết.",
        ],
        [
            "Người dân đã phản ánh với chính quyền địa phương nhưng chưa được xử lý.",
            "Chính quyền xã đã được báo nhiều lần nhưng vẫn để tình trạng kéo dài.",
        ],
        [
            "Đề nghị các cơ quan chức năng kiểm tra, xử lý dứt điểm tình trạng ô nhiễm môi trường này.",
            "Mong cơ quan có thẩm quyền sớm kiểm tra và buộc cơ sở dừng xả thải.",
        ],
    ]
    return (
        "phản ánh",
        f"Phản ánh {f['facility']} gây ô nhiễm {f['canal']}"
        if wording == 0
        else "Phản ánh ô nhiễm nguồn nước",
        _assemble(rng, sentences, [], wording, f),
    )


def deposit(rng: random.Random, writer: Writer) -> Facts:
    return {
        "other": _name(rng),
        "amount": rng.randint(50, 900),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2021, 2024)}",
        "thing": rng.choice(["căn nhà", "lô đất", "chiếc xe ô tô"]),
    }


def deposit_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Ngày {f['date']}, tôi có đặt cọc {f['amount']} triệu đồng cho bà {f['other']} để mua {f['thing']}, "
            f"hai bên có viết giấy đặt cọc.",
            f"Tôi đã giao cho bà {f['other']} {f['amount']} triệu đồng tiền đặt cọc mua {f['thing']} vào ngày "
            f"{f['date']}, có giấy viết tay.",
        ],
        [
            f"Sau đó bà {f['other']} không bán {f['thing']} như đã thỏa thuận nhưng cũng không trả lại tiền cọc.",
            f"Bà {f['other']} đã không thực hiện việc bán như cam kết, cũng không hoàn trả tiền đặt cọc cho tôi.",
        ],
        [
            "Tôi đề nghị các cơ quan có thẩm quyền giúp tôi đòi lại số tiền đã đặt cọc.",
            "Kính mong cơ quan chức năng can thiệp để bà này trả lại tiền cho tôi.",
        ],
    ]
    return (
        "đề nghị",
        f"Đề nghị giải quyết việc bà {f['other']} không trả tiền đặt cọc"
        if wording == 0
        else "Đòi lại tiền đặt cọc",
        _assemble(rng, sentences, [], wording, f),
    )


def martyr(rng: random.Random, writer: Writer) -> Facts:
    return {
        "father": _name(rng),
        "enlisted": rng.randint(1960, 1975),
        "died": rng.randint(1968, 1979),
        "unit": f"Trung đoàn {rng.randint(1, 300)}",
        "place": rng.choice(["Quảng Trị", "Tây Ninh", "Campuchia", "Lạng Sơn", "Tây Nguyên"]),
    }


def martyr_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Bố tôi là ông {f['father']}, nhập ngũ năm {f['enlisted']}, thuộc {f['unit']}, hy sinh năm {f['died']} "
            f"tại {f['place']}.",
            f"Bố tôi là ông {f['father']} vào bộ đội năm {f['enlisted']}, chiến đấu ở {f['unit']} và đã hy sinh tại "
            f"{f['place']} năm {f['died']}.",
        ],
        [
            "Do thất lạc giấy báo tử nên đến nay bố tôi chưa được công nhận là liệt sĩ.",
            "Giấy báo tử đã bị thất lạc, vì thế bố tôi vẫn chưa được công nhận liệt sĩ.",
        ],
        [
            "Gia đình đã có xác nhận của đơn vị cũ và của các đồng đội cùng chiến đấu.",
            "Chúng tôi đã xin được giấy xác nhận của đơn vị và lời kể của đồng đội của bố.",
        ],
        [
            "Tôi kính đề nghị Chủ tịch nước xem xét công nhận liệt sĩ cho bố tôi.",
            "Gia đình kính mong Nhà nước xem xét, công nhận bố tôi là liệt sĩ.",
        ],
    ]
    return (
        "đề nghị công nhận liệt sĩ",
        f"Đề nghị công nhận liệt sĩ cho ông {f['father']}"
        if wording == 0
        else "Xin công nhận liệt sĩ cho bố tôi",
        _assemble(rng, sentences, [], wording, f),
    )


def judgment(rng: random.Random, writer: Writer) -> Facts:
    return {
        "number": rng.randint(10, 500),
        "year": rng.randint(2019, 2024),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
        "other": _name(rng),
        "court": "Tòa án nhân dân "
        + rng.choice(["tỉnh Thanh Hóa", "thành phố Hà Nội", "tỉnh Nghệ An", "tỉnh An Giang"]),
    }


def judgment_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    code = f"{f['number']}/{f['year']}/DS-PT"
    sentences = [
        [
            f"Tôi là đương sự trong vụ án tranh chấp quyền sử dụng đất với ông {f['other']}, đã được {f['court']} xét "
            f"xử phúc thẩm tại Bản án số {code} ngày {f['date']}/{f['year']}.",
            f"Vụ tranh chấp đất giữa tôi và ông {f['other']} đã có Bản án phúc thẩm số {code} của {f['court']} ngày "
            f"{f['date']}/{f['year']}.",
        ],
        [
            "Bản án không khách quan, đánh giá chứng cứ không đầy đủ, gây thiệt hại cho gia đình tôi.",
            "Tòa đã đánh giá sai chứng cứ, bỏ qua các giấy tờ gia đình tôi xuất trình.",
        ],
        [
            "Tôi đề nghị xem xét lại bản án theo thủ tục giám đốc thẩm.",
            "Kính đề nghị cấp có thẩm quyền kháng nghị giám đốc thẩm bản án nêu trên.",
        ],
    ]
    return (
        "đề nghị xem xét theo thủ tục giám đốc thẩm",
        f"Đề nghị giám đốc thẩm Bản án số {code}" if wording == 0 else "Đề nghị xem xét lại bản án phúc thẩm",
        _assemble(rng, sentences, [], wording, f),
    )


def invalid(rng: random.Random, writer: Writer) -> Facts:
    return {"wounded": rng.randint(1968, 1989), "rate": rng.randint(21, 81), "filed": rng.randint(2015, 2023)}


def invalid_body(f: Facts, rng: random.Random, wording: int) -> tuple[str, str, str]:
    sentences = [
        [
            f"Tôi tham gia quân đội, bị thương năm {f['wounded']} với tỷ lệ tổn thương cơ thể {f['rate']}%.",
            f"Năm {f['wounded']} tôi bị thương khi làm nhiệm vụ, được giám định tỷ lệ tổn thương {f['rate']}%.",
        ],
        [
            f"Hồ sơ hưởng chế độ thương binh nộp từ năm {f['filed']} đến nay vẫn chưa được giải quyết.",
            f"Từ năm {f['filed']} tôi đã nộp hồ sơ đề nghị hưởng chế độ nhưng chưa có kết quả.",
        ],
        [
            "Tôi đề nghị xem xét giải quyết chế độ thương binh cho tôi theo quy định về ưu đãi người có công.",
            "Kính đề nghị các cơ quan có thẩm quyền sớm giải quyết chế độ cho tôi.",
        ],
    ]
    return (
        "đề nghị giải quyết chế độ thương binh",
        f"Đề nghị giải quyết chế độ thương binh, tổn thương {f['rate']}%"
        if wording == 0
        else "Xin giải quyết chế độ người có công",
        _assemble(rng, sentences, [], wording, f),
    )


FREE: list[tuple[str, Callable[..., Facts], Callable[..., tuple[str, str, str]], str, str]] = [
    ("land_recovery", land_recovery, land_recovery_body, PetitionKind.COMPLAINT, Field.LAND),
    ("land_certificate", land_certificate, land_certificate_body, PetitionKind.RECOMMENDATION, Field.LAND),
    ("official", official, official_body, PetitionKind.DENUNCIATION, Field.CORRUPTION),
    ("wages", wages, wages_body, PetitionKind.COMPLAINT, Field.LABOUR),
    ("pollution", pollution, pollution_body, PetitionKind.REFLECTION, "environment"),
    ("deposit", deposit, deposit_body, PetitionKind.RECOMMENDATION, "civil"),
    ("martyr", martyr, martyr_body, PetitionKind.RECOMMENDATION, Field.SOCIAL),
    ("judgment", judgment, judgment_body, PetitionKind.RECOMMENDATION, Field.JUSTICE),
    ("invalid", invalid, invalid_body, PetitionKind.RECOMMENDATION, Field.SOCIAL),
]
FAMILY_MATTERS = {"martyr", "judgment"}  # a relative may write again about them
