"""The public form's challenge: a proof of work asked of an address that sends more petitions in an hour than
a person does, so that a script flooding the form pays for every petition while a citizen's browser solves it
in a second or two without a click. It needs no outside service and works on a network without internet.

The server gives a random token and a number of bits; the browser (chancery/static/chancery/proof-of-work.js,
a file of the site, as the content security policy wants) finds a number `nonce` such that SHA-256 of
"token:nonce" starts with that many zero bits, and sends it with the form. The token lives in the shared cache
for `EXPIRES_SECONDS` under the address it was given to, one per address (a new page replaces it, so that
asking for pages cannot fill the cache), and is used once: the first request that presents it deletes it,
whatever the answer.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.cache import cache

EXPIRES_SECONDS = 30 * 60  # time enough to write a petition after the page was opened
# The cost of one answer is 2**bits hashes on average. The browser's script does about 860,000 a second on
# one core of the office's server (measured with Node.js, the engine of Chrome and Edge), a telephone some
# four times fewer: 18 bits (262,144 hashes) take a third of a second on a computer, about a second on a
# telephone.
BASE_BITS = 18
# Each bit doubles the cost. The ceiling, 22 bits (4.2 million hashes), takes about 5 seconds on a
# computer and 20 on a telephone on average (one answer in twenty takes three times as long): the most a
# citizen is asked to wait, and only while the form is being flooded.
MAX_BITS = 22
NONCE_MAX_DIGITS = 12


@dataclass(frozen=True)
class Challenge:
    token: str
    bits: int


def _key(source: str) -> str:
    return f"petitions:challenge:{source}"


def bits_for(sent: int, threshold: int, sent_by_all: int = 0, all_threshold: int = 0) -> int:
    """How hard the challenge is for an address that sent `sent` petitions this hour (`threshold` free), while
    everyone together sent `sent_by_all` (`all_threshold` before everyone is challenged; 0: not counted).
    Both raise it: one bit (twice the work) for each petition the address sent past its threshold, and one
    for each doubling of everyone's petitions past theirs (a flood from many addresses, each sending few,
    makes every petition dearer while it lasts); never past MAX_BITS."""
    own = max(sent - threshold, 0)
    office = (sent_by_all // all_threshold).bit_length() - 1 if 0 < all_threshold <= sent_by_all else 0
    return min(BASE_BITS + own + office, MAX_BITS)


def issue(source: str, bits: int) -> Challenge:
    """A new challenge for the address `source`, in place of any it had, kept until it is answered or
    expires."""
    challenge = Challenge(token=secrets.token_urlsafe(16), bits=bits)
    cache.set(_key(source), {"token": challenge.token, "bits": bits}, EXPIRES_SECONDS)
    return challenge


def leading_zero_bits(digest: bytes) -> int:
    return len(digest) * 8 - int.from_bytes(digest, "big").bit_length()


def is_solution(token: str, nonce: str, bits: int) -> bool:
    digest = hashlib.sha256(f"{token}:{nonce}".encode("ascii")).digest()
    return leading_zero_bits(digest) >= bits


def verify(source: str, token: str, nonce: str) -> bool:
    """Whether `nonce` answers the challenge `token` last given to `source`. Once presented, the challenge is
    spent, answered or not."""
    issued = cache.get(_key(source))
    given = str(issued.get("token", "")) if isinstance(issued, dict) else ""
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        return False  # none given to this address, expired, replaced by a newer page, or another's
    if not cache.delete(_key(source)):
        return False  # presented already: the first request to spend it wins
    if not (0 < len(nonce) <= NONCE_MAX_DIGITS and nonce.isascii() and nonce.isdigit()):
        return False
    return is_solution(token, nonce, int(issued.get("bits", MAX_BITS)))


def solve(token: str, bits: int) -> str:
    """The answer a browser finds (for the tests, and to measure what a challenge costs)."""
    nonce = 0
    while not is_solution(token, str(nonce), bits):
        nonce += 1
    return str(nonce)
