"""Finding the petitions that are the same matter: pure functions, no ORM.

What two letters about one matter share is their matter, not their letter: a resend comes with a new greeting
and date, a co-signed copy with another signer's name and address, a retype without diacritics and with
typos, a second letter in other words. So a letter is first reduced to its body (`parse`): the national
heading, the title, "Kính gửi ...", the writer's own identity ("Tôi tên là ..., sinh năm ..., trú tại ...",
a form's "Họ và tên: ..." lines), closing formulas, the place and date and the signature block are cut, and
the rest is kept folded, in segments (sentences, and a form's labels and values), with its facts (the numbers,
codes, subjects and parcels it names). Three signals compare two bodies (`signals`):

- overlap: the Jaccard similarity of their sets of folded word 3-grams ("shingles"): near copies;
- closeness: the cosine of their TF-IDF vectors of folded words and word pairs, weighted by how rare each is
  among the petitions on file (`Corpus`): a letter in other words still shares what identifies the matter,
  and what every letter says weighs little;
- facts: the Jaccard similarity of their facts (the decision's number, the parcel, the dates, the amounts).

Pre-printed forms (a plea for clemency, a land compensation complaint) and model letters make two letters
about different people look alike. The corpus learns their lines: a segment whose shape (its words, numbers
left blank) is seen in letters about at least TEMPLATE_MIN different sets of facts is boilerplate, and overlap
and closeness compare what is left (the numbers filled into the boilerplate stay). And two letters that name
different subjects of one sort (the prisoner, the convicted son, the martyr; the parcel) are different
matters whatever else they share (`different_subjects`); naming the same one counts as much as being written
by the same person.

Two petitions are the same matter (`is_same_matter`) when:
- overlap >= DUPLICATE_SIMILARITY or closeness >= CLOSENESS, whoever sent them;
- facts >= FACTS_ALIKE (two facts shared at least) and closeness >= FACTS_CLOSENESS
  or overlap >= FACTS_OVERLAP;
- the same petitioner (the same folded name in the same commune, or in the province when either letter does
  not give the commune, or the same identity number) or the same subject, and overlap >=
  SAME_PETITIONER_SIMILARITY or closeness >= SAME_PETITIONER_CLOSENESS;
- a petitioner whose name is one letter away (a typo: "Nguyễn Thị Huờng", "Nguyen Thi Hưong" are the same
  folded name already; "Nguyễn Thị Huonq" is one letter away) in the same place, and overlap >=
  FUZZY_PETITIONER_SIMILARITY or closeness >= FUZZY_PETITIONER_CLOSENESS;
and they do not name different subjects.

Checking a new petition against every petition on file would read them all; instead each petition stores its
parse (`MatchText`) and a few keys (`MatchKey`): MinHash band keys of its shingles (BANDS bands of ROWS hash
functions: a pair at overlap s shares a band with probability 1 - (1 - s²)^16: 0.99998 at 0.7, 0.99 at 0.5),
MinHash band keys of its facts (FACT_BANDS bands of FACT_ROWS, which find a letter in other words), and its
petitioners' keys (exact, and with each word of the name left out, which finds a name one letter away).
Petitions sharing keys are candidates; the signals decide. bench/duplicates.py measures precision and recall
on generated resends, co-signed copies, retypes, paraphrases and name typos among a million petitions.

The package has a module per step, each re-exported here: `letter_body`, `parsing` (facts and subjects),
`keys`, `petitioners`, `weights` (what the corpus teaches) and `decision`; the figures are in `thresholds`.
"""

from chancery.petitions.matching.decision import (
    Match,
    decide,
    different_subjects,
    is_same_matter,
    rank,
    same_subject,
    signals,
)
from chancery.petitions.matching.keys import (
    TextMatch,
    band_keys,
    content_keys,
    fact_keys,
    shingles,
    similarity,
    text_match,
)
from chancery.petitions.matching.letter_body import SURNAMES, body
from chancery.petitions.matching.parsing import (
    Parsed,
    Subjects,
    facts,
    forget_parses,
    parse,
    petition_text,
    plain_words,
    subjects,
    words,
)
from chancery.petitions.matching.petitioners import (
    PersonRef,
    fuzzy_lookup_keys,
    lookup_keys,
    names_alike,
    people_keys,
    person_keys,
    relation,
    strongest_relation,
)
from chancery.petitions.matching.thresholds import (
    BANDS,
    CLOSENESS,
    DUPLICATE_SIMILARITY,
    EXACT,
    FACT_BANDS,
    FACT_ROWS,
    FACTS_ALIKE,
    FACTS_CLOSENESS,
    FACTS_OVERLAP,
    FACTS_SHARED,
    FEATURE_BUCKETS,
    FUZZY,
    FUZZY_PETITIONER_CLOSENESS,
    FUZZY_PETITIONER_SIMILARITY,
    ROWS,
    SAME_PETITIONER_CLOSENESS,
    SAME_PETITIONER_SIMILARITY,
    SHINGLE_WORDS,
    TEMPLATE_MIN,
)
from chancery.petitions.matching.weights import Corpus, Features, Vector, features

__all__ = [
    "BANDS",
    "CLOSENESS",
    "DUPLICATE_SIMILARITY",
    "EXACT",
    "FACTS_ALIKE",
    "FACTS_CLOSENESS",
    "FACTS_OVERLAP",
    "FACTS_SHARED",
    "FACT_BANDS",
    "FACT_ROWS",
    "FEATURE_BUCKETS",
    "FUZZY",
    "FUZZY_PETITIONER_CLOSENESS",
    "FUZZY_PETITIONER_SIMILARITY",
    "ROWS",
    "SAME_PETITIONER_CLOSENESS",
    "SAME_PETITIONER_SIMILARITY",
    "SHINGLE_WORDS",
    "SURNAMES",
    "TEMPLATE_MIN",
    "Corpus",
    "Features",
    "Match",
    "Parsed",
    "PersonRef",
    "Subjects",
    "TextMatch",
    "Vector",
    "band_keys",
    "body",
    "content_keys",
    "decide",
    "different_subjects",
    "fact_keys",
    "facts",
    "features",
    "forget_parses",
    "fuzzy_lookup_keys",
    "is_same_matter",
    "lookup_keys",
    "names_alike",
    "parse",
    "people_keys",
    "person_keys",
    "petition_text",
    "plain_words",
    "rank",
    "relation",
    "same_subject",
    "shingles",
    "signals",
    "similarity",
    "strongest_relation",
    "subjects",
    "text_match",
    "words",
]
