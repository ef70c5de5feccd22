"""Voucher codes: the alphabet, the check character, formatting, and how codes are kept at rest.

A code is 15 random characters and one check character from a 31-character alphabet with no
look-alikes (no I/1, O/0, L), printed in groups of four: ``7KQ2-M9XD-4RTP-WZ3C``. 15 characters
carry 15·log2(31) ≈ 74 bits from ``secrets``.

The check character makes the weighted sum  Σ (i+1)·value(cᵢ)  over all 16 characters
divisible by 31. Because 31 is prime and every weight 1..16 is non-zero modulo 31, changing any
one character changes the sum by weight·difference ≢ 0, and swapping two adjacent characters
changes it by ±difference ≢ 0: every single-character error and every adjacent swap is caught.
The browser (static/js/voucher-code.js) implements the same rule.

At rest the database holds no usable code: ``code_digest`` is an HMAC-SHA256 of the code under
VOUCHER_CODE_KEY (unique, used for look-ups) and ``code_sealed`` is the code encrypted with a key
derived from it (so the buyer's pages and PDFs can show it). A database dump without the key
reveals nothing a fraudster could redeem.
"""
import base64
import functools
import hashlib
import hmac
import re
import secrets

from cryptography.fernet import Fernet
from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MODULUS = len(ALPHABET)  # 31, a prime
RANDOM_LENGTH = 15
CODE_LENGTH = RANDOM_LENGTH + 1
GROUP = 4
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def _weighted_sum(chars: str) -> int:
    return sum((i + 1) * _VALUE[c] for i, c in enumerate(chars))


def check_character(body: str) -> str:
    """The character that, appended to ``body`` (15 characters), makes the code valid."""
    partial = _weighted_sum(body)
    weight = len(body) + 1
    # Solve partial + weight·x ≡ 0 (mod 31); weight is invertible because 31 is prime.
    x = (-partial * pow(weight, -1, MODULUS)) % MODULUS
    return ALPHABET[x]


def generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def generate_many(count: int) -> list[str]:
    """``count`` codes like generate(), drawing the randomness in one read (issuing in bulk).

    A byte below 248 (8·31) maps uniformly onto the alphabet by ``% 31``; larger bytes are
    dropped, so every character is as uniform as with secrets.choice.
    """
    limit = 256 - 256 % MODULUS
    values: list[int] = []
    needed = count * RANDOM_LENGTH
    while len(values) < needed:
        values += [b % MODULUS for b in secrets.token_bytes(needed - len(values) + 16) if b < limit]
    result = []
    for start in range(0, needed, RANDOM_LENGTH):
        body = "".join(ALPHABET[v] for v in values[start:start + RANDOM_LENGTH])
        result.append(body + check_character(body))
    return result


def normalize(typed: str) -> str:
    """Uppercase, drop separators and spaces. Characters outside the alphabet stay (and fail)."""
    return re.sub(r"[\s\-_.]", "", typed or "").upper()


def is_well_formed(code: str) -> bool:
    """True when ``code`` (normalized) has the right length, alphabet and check character."""
    if len(code) != CODE_LENGTH or any(c not in _VALUE for c in code):
        return False
    return _weighted_sum(code) % MODULUS == 0


def display(code: str) -> str:
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


# --- at rest -----------------------------------------------------------------------------

def _key() -> bytes:
    return (getattr(settings, "VOUCHER_CODE_KEY", "") or settings.SECRET_KEY).encode()


def digest(code: str) -> str:
    """The look-up key stored in the database (HMAC-SHA256 of the normalized code)."""
    return hmac.new(_key(), normalize(code).encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    return _fernet_for(_key())


@functools.lru_cache(maxsize=4)
def _fernet_for(key: bytes) -> Fernet:
    # Built once per key: issuing seals thousands of codes a second.
    raw = hashlib.sha256(b"voucher-code-seal:" + key).digest()
    return Fernet(base64.urlsafe_b64encode(raw))


def seal(code: str) -> str:
    return _fernet().encrypt(code.encode()).decode()


def unseal(sealed: str) -> str:
    return _fernet().decrypt(sealed.encode()).decode()
