"""The corpus: letters with their variants (resend, co-signer, retype, paraphrase, typo) and the labelled
pairs."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from bench.letters.forms import FORMS
from bench.letters.frame import frame
from bench.letters.matters import FAMILY_MATTERS, FREE, Facts
from bench.letters.people import (
    Letter,
    Writer,
    _neighbour,
    _relative,
    _writer,
    misspell_name,
    retype,
    strip_marks,
)

# --- the corpus -----------------------------------------------------------------------------------------

VARIANTS = ["resend", "cosigner", "retype", "paraphrase", "name_typo"]


def _variants(rng: random.Random) -> list[str]:
    count = rng.choices([1, 2, 3], weights=[5, 3, 2])[0]
    return rng.sample(VARIANTS, count)


def corpus(matters: int, *, seed: int = 24, forms_share: float = 0.4) -> list[Letter]:
    """The letters of `matters` matters: the originals first (forms and free letters mixed), then one to three
    variants of each, shuffled as they would arrive. A few originals of the forms are filled by a writer who
    already sent one about another parcel or prisoner (hard negatives with the same petitioner)."""
    rng = random.Random(seed)
    originals: list[Letter] = []
    followers: list[Letter] = []
    form_writers: list[Writer] = []
    for n in range(matters):
        matter = f"m{seed}-{n}"
        if rng.random() < forms_share:
            name, make, fill, rewrite, kind, field_ = rng.choice(FORMS)
            same_writer = form_writers and name == "land_form" and rng.random() < 0.1
            writer = rng.choice(form_writers) if same_writer else _writer(rng)
            form_writers.append(writer)
            facts = make(rng, writer)
            summary, content = fill(facts, writer, rng)
            originals.append(Letter(matter, "original", summary, content, writer, kind, field_, form=name))
            for variant in _variants(rng):
                followers.append(
                    _form_variant(rng, variant, matter, facts, writer, fill, rewrite, kind, field_, name)
                )
        else:
            name, make, write, free_kind, free_field = rng.choice(FREE)
            writer = _writer(rng)
            facts = make(rng, writer)
            facts["style"] = rng.random()
            title, summary, body_text = write(facts, random.Random(rng.random()), 0)
            content = frame(rng, writer, title, body_text)
            originals.append(Letter(matter, "original", summary, content, writer, free_kind, free_field))
            for variant in _variants(rng):
                followers.append(
                    _free_variant(
                        rng,
                        variant,
                        matter,
                        name,
                        facts,
                        writer,
                        write,
                        title,
                        summary,
                        body_text,
                        free_kind,
                        free_field,
                    )
                )
    rng.shuffle(followers)
    return originals + followers


def _free_variant(
    rng: random.Random,
    variant: str,
    matter: str,
    name: str,
    facts: Facts,
    writer: Writer,
    write: Callable[..., tuple[str, str, str]],
    title: str,
    summary: str,
    body_text: str,
    kind: str,
    field_: str,
) -> Letter:
    if variant == "resend":
        content = frame(rng, writer, title, body_text, again=rng.random() < 0.5)
        return Letter(
            matter, variant, summary + rng.choice(["", " (gửi lần hai)"]), content, writer, kind, field_
        )
    if variant == "cosigner":
        other = _neighbour(rng, writer)
        return Letter(matter, variant, summary, frame(rng, other, title, body_text), other, kind, field_)
    if variant == "retype":
        content = retype(rng, frame(rng, writer, title, body_text))
        typed = replace(writer, name=strip_marks(writer.name)) if rng.random() < 0.5 else writer
        return Letter(matter, variant, retype(rng, summary), content, typed, kind, field_)
    rewriting = rng.random() < 0.5 if variant == "name_typo" else True
    if rewriting:
        _title, summary, body_text = write(facts, random.Random(rng.random()), 1)
    if variant == "paraphrase" and name in FAMILY_MATTERS and rng.random() < 0.4:
        author = _relative(rng, writer)
    elif variant == "name_typo":
        author = replace(writer, name=misspell_name(rng, writer.name))
    else:
        author = writer
    if rng.random() < 0.2:
        author = replace(author, ward_code=None)  # the clerk did not pick the commune
    return Letter(
        matter,
        variant,
        summary,
        frame(rng, author, title, body_text, again=rng.random() < 0.3),
        author,
        kind,
        field_,
    )


def _form_variant(
    rng: random.Random,
    variant: str,
    matter: str,
    facts: Facts,
    writer: Writer,
    fill: Callable[..., tuple[str, str]],
    rewrite: Callable[..., tuple[str, str]],
    kind: str,
    field_: str,
    form: str,
) -> Letter:
    if variant == "resend":
        summary, content = fill(facts, writer, rng)
        return Letter(matter, variant, summary, content, writer, kind, field_, form=form)
    if variant == "cosigner":
        other = _relative(rng, writer) if form == "clemency" else _neighbour(rng, writer)
        summary, content = fill(facts, other, rng)
        return Letter(matter, variant, summary, content, other, kind, field_, form=form)
    if variant == "retype":
        summary, content = fill(facts, writer, rng)
        typed = replace(writer, name=strip_marks(writer.name)) if rng.random() < 0.5 else writer
        return Letter(
            matter, variant, retype(rng, summary), retype(rng, content), typed, kind, field_, form=form
        )
    author = writer
    if variant == "name_typo":
        author = replace(writer, name=misspell_name(rng, writer.name))
    elif form == "clemency" and rng.random() < 0.5:
        author = _relative(rng, writer)
    if rng.random() < 0.2:
        author = replace(author, ward_code=None)
    rewriting = variant == "paraphrase" or rng.random() < 0.5
    summary, content = (rewrite if rewriting else fill)(facts, author, rng)
    return Letter(matter, variant, summary, content, author, kind, field_, form="" if rewriting else form)


def pairs(letters: list[Letter]) -> set[tuple[int, int]]:
    """The same-matter pairs (i < j) of a list of letters, by position."""
    by_matter: dict[str, list[int]] = {}
    for i, letter in enumerate(letters):
        by_matter.setdefault(letter.matter, []).append(i)
    return {(a, b) for group in by_matter.values() for a in group for b in group if a < b}
