"""The keys that find the same petitioner and the same content again (chancery.petitions.matching)."""

from chancery.petitions import matching


def _keys(lookup=False, **kwargs):
    make = matching.lookup_keys if lookup else matching.person_keys
    return set(make(full_name=kwargs.pop("full_name", "Nguyễn Văn An"), **kwargs))


def _same(one, other):
    """Whether a check of `one` finds `other` stored as the same petitioner."""
    return bool(_keys(lookup=True, **one) & _keys(**other))


def test_the_same_name_in_the_same_commune_is_the_same_petitioner_whatever_the_spelling():
    assert _same(
        {"province_code": 1, "ward_code": 4},
        {"full_name": "nguyen van  AN", "province_code": 1, "ward_code": 4},
    )


def test_namesakes_of_two_communes_of_one_province_are_not_the_same_petitioner():
    assert not _same({"province_code": 1, "ward_code": 4}, {"province_code": 1, "ward_code": 7})


def test_a_letter_without_the_commune_finds_the_province_s_namesakes_both_ways():
    assert _same({"province_code": 1}, {"province_code": 1, "ward_code": 4})
    assert _same({"province_code": 1, "ward_code": 4}, {"province_code": 1})
    assert _same({"province_code": 1}, {"province_code": 1})
    assert not _same({"province_code": 1}, {"province_code": 2})


def test_the_identity_number_is_a_key_of_its_own():
    keys = matching.person_keys(
        full_name="Lê Thị Bình", province_code=1, ward_code=4, id_number="001 080 012 345"
    )
    other = matching.lookup_keys(full_name="Lê Thị B.", province_code=79, id_number="001080012345")
    assert set(keys) & set(other)
    assert matching.person_keys(full_name="", province_code=1, id_number="12") == []


# --- names one letter away --------------------------------------------------------------------------------


def _ref(name, ward=4, province=1, id_number=""):
    return matching.PersonRef.of(name, province, ward, id_number)


def test_a_name_one_letter_away_in_the_same_commune_is_found_by_its_keys_and_confirmed():
    stored = set(matching.person_keys(full_name="Nguyễn Thị Hường", province_code=1, ward_code=4))
    typed = set(matching.fuzzy_lookup_keys(full_name="Nguyễn Thị Huờnq", province_code=1, ward_code=4))
    assert stored & typed
    assert matching.relation(_ref("Nguyễn Thị Hường"), _ref("Nguyễn Thị Huờnq")) == matching.FUZZY
    # a diacritic alone (Hường, Hương, Huong) is the same folded name: the same petitioner
    assert matching.relation(_ref("Nguyễn Thị Hường"), _ref("Nguyen Thi Huong")) == matching.EXACT


def test_a_name_two_letters_away_or_in_another_commune_is_not_the_same_petitioner():
    assert matching.relation(_ref("Nguyễn Thị Hường"), _ref("Nguyễn Thị Hoa")) is None
    assert matching.relation(_ref("Nguyễn Thị Hường"), _ref("Nguyễn Thi Hungg")) is None
    assert matching.relation(_ref("Nguyễn Thị Hường"), _ref("Nguyễn Thị Huờnq", ward=7)) is None
    assert matching.relation(_ref("Nguyễn Thị Hường"), _ref("Nguyễn Thị Huờnq", province=2)) is None
    # the same identity number is the same person whatever the name and place
    assert (
        matching.relation(_ref("Lê Bình", id_number="001080012345"), _ref("Lê B.", 9, 79, "001 080 012 345"))
        == matching.EXACT
    )


def test_names_alike_tolerates_one_letter_in_one_word_only():
    assert matching.names_alike("nguyen van hung", "nguyen van hunng")
    assert matching.names_alike("nguyen van hung", "nguyen van hnug")  # two neighbours swapped
    assert not matching.names_alike("nguyen van hung", "nguyen vam hunng")
    assert not matching.names_alike("nguyen van a", "nguyen van b")  # a one-letter word says nothing


# --- the letter's body --------------------------------------------------------------------------------------


def test_the_body_leaves_out_heading_greeting_identity_closing_date_and_signature():
    from chancery.petitions.tests.letters import LAND

    body = matching.body(LAND)
    for gone in (
        "CỘNG HÒA",
        "Kính gửi",
        "Nguyễn Thị Hường",
        "1962",
        "001162004455",
        "cảm ơn",
        "ngày 5 tháng 8",
    ):
        assert gone not in body
    assert "Quyết định số 1452/QĐ-UBND" in body and "thửa số 318" in body


def test_a_form_run_onto_one_line_keeps_its_subject_and_drops_its_writer():
    from chancery.petitions.tests.letters import LETTERS

    form = next(letter for letter in LETTERS if letter.key == "clemency")
    body = matching.body(" ".join(form.content.split()))  # a stored text has no line breaks
    assert "Đinh Thị Mận" not in body and "1966" not in body
    assert "Đinh Văn Khải" in body and "215/2024/HS-PT" in body
    assert matching.subjects(form.content).people == {"dinh van khai"}


def test_the_writer_is_not_taken_for_a_relation_the_writer_names():
    body = matching.body("Tôi là vợ của Đinh Văn Khải, sinh năm 1991. Chồng tôi bị kết án tử hình.")
    assert "vợ của Đinh Văn Khải" in body
    assert matching.subjects("Tôi là vợ của Đinh Văn Khải, sinh năm 1991.").people == {"dinh van khai"}


# --- the signals ----------------------------------------------------------------------------------------------


def _fixed_corpus_pairs():
    from chancery.petitions.tests.letters import LETTERS

    parsed = {x.key: matching.parse(matching.petition_text(x.summary, x.content)) for x in LETTERS}
    corpus = matching.Corpus.fit(parsed.values())
    found = {x.key: matching.features(parsed[x.key], corpus) for x in LETTERS}
    people = {x.key: _ref(x.name, x.ward, x.province, x.id_number) for x in LETTERS}
    pairs = set()
    for i, a in enumerate(LETTERS):
        for b in LETTERS[i + 1 :]:
            kind = matching.relation(people[a.key], people[b.key])
            if matching.decide(0, found[a.key], found[b.key], kind):
                pairs.add((a.key, b.key))
    return pairs


def test_on_the_fixed_corpus_the_rule_finds_every_variant_and_no_other_matter():
    from chancery.petitions.tests.letters import same_matter_pairs

    truth, found = same_matter_pairs(), _fixed_corpus_pairs()
    recall = len(found & truth) / len(truth)
    precision = len(found & truth) / len(found)
    assert recall >= 0.95 and precision >= 0.95, (sorted(truth - found), sorted(found - truth))


def test_a_resend_with_a_greeting_and_a_cosigned_copy_share_too_few_shingles_for_jaccard_alone():
    """The issue's failing pair: a resend in a new frame and a co-signed copy are the same body."""
    from chancery.petitions.tests.letters import LAND_COSIGNED, LAND_RESEND

    def raw(text):  # the old comparison: every word of the letter
        words = matching.plain_words(text)
        return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}

    assert matching.similarity(frozenset(raw(LAND_RESEND)), frozenset(raw(LAND_COSIGNED))) < 0.7
    resend, copy = (
        matching.features(matching.parse(t), matching.Corpus()) for t in (LAND_RESEND, LAND_COSIGNED)
    )
    overlap, closeness, _facts = matching.signals(resend, copy)
    assert overlap >= matching.DUPLICATE_SIMILARITY and closeness >= matching.CLOSENESS


def test_one_form_filled_for_two_prisoners_is_two_matters_even_by_the_same_writer():
    from chancery.petitions.tests.letters import LETTERS

    by_key = {x.key: x for x in LETTERS}
    first, other = by_key["clemency"], by_key["clemency_third"]  # Đinh Thị Mận for her son, then her nephew
    a, b = (
        matching.features(matching.parse(matching.petition_text(x.summary, x.content)), matching.Corpus())
        for x in (first, other)
    )
    assert matching.signals(a, b)[0] >= 0.5  # the form makes them look alike
    assert matching.decide(0, a, b, matching.EXACT) is None


def test_boilerplate_is_learnt_from_letters_about_different_facts_not_from_copies_of_one():
    form = "Họ và tên phạm nhân: {name}. Bản án số: {number}/2024/HS-PT. Kính xin Chủ tịch nước ân giảm án tử hình."
    fills = [matching.parse(form.format(name=f"Lò Văn {n}", number=100 + i)) for i, n in enumerate("ABCDE")]
    copies = [matching.parse(form.format(name="Lò Văn Páo", number=198))] * 6
    learnt = matching.Corpus.fit(fills)
    assert len(learnt.templates) >= 2  # the labels and the plea, whatever was filled in
    assert not len(matching.Corpus.fit(copies).templates)  # one matter's copies are not boilerplate
    # what is left of two fillings is what was filled in: different, so not the same matter
    a, b = (matching.features(p, learnt) for p in fills[:2])
    assert a.rest_words < len(a.hashes) and matching.signals(a, b)[0] < 0.3
