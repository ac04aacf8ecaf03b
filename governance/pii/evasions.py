"""Recognizers for values written to slip past the plain patterns: e-mail addresses spelled
out (``eve [at] example [dot] com``, ``e v e @ e x a m p l e . c o m``) and base64-encoded
e-mail addresses. The span reported is the obfuscated text itself."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult

from governance.pii.recognizers import has_public_suffix

__all__ = ["Base64EmailRecognizer", "SpelledEmailRecognizer", "base64_email", "spelled_email"]

_AT = r"(?:[ \t]*[\[({<][ \t]*at[ \t]*[\])}>][ \t]*|[ \t]+at[ \t]+|[ \t]*@[ \t]*)"
_DOT = r"(?:[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+|\.)"
#: Worded or bracketed "at"/"dot" (a plain e-mail is the e-mail recognizer's).
_WORDED = re.compile(
    rf"(?<![\w.+-])[\w.+-]{{1,64}}{_AT}(?:[a-z0-9-]{{1,63}}{_DOT}){{1,4}}[a-z]{{2,24}}(?![\w])",
    re.IGNORECASE,
)
_WORD_TOKEN = re.compile(r"(?i)[\[({<]\s*(?:at|dot)\s*[\])}>]|\sdot\s")
#: Letters spaced out around an "@".
_SPACED = re.compile(r"(?<![\w])(?:[\w.+-][ \t]){2,64}@(?:[ \t][\w.-]){4,120}(?![\w])")
_EMAIL = re.compile(r"[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)
_B64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")


def _domain_ok(email: str) -> bool:
    return has_public_suffix(email.rsplit("@", 1)[-1].lower())


class SpelledEmailRecognizer(EntityRecognizer):  # type: ignore[misc]
    """E-mail addresses with worded or bracketed at/dot, or spaced-out letters."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["EMAIL_ADDRESS"], name="spelled_email")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """Spelled-out e-mail addresses whose domain has a known public suffix."""
        results: list[RecognizerResult] = []
        for match in _WORDED.finditer(text):
            value = match.group()
            if not _WORD_TOKEN.search(value):
                continue
            collapsed = re.sub(rf"(?i){_AT}", "@", value)
            collapsed = re.sub(rf"(?i){_DOT}", ".", collapsed)
            if _domain_ok(collapsed):
                results.append(RecognizerResult("EMAIL_ADDRESS", *match.span(), 0.85))
        for match in _SPACED.finditer(text):
            kept = [i for i, c in enumerate(match.group()) if not c.isspace()]
            collapsed = "".join(match.group()[i] for i in kept)
            email = _EMAIL.match(collapsed)
            if email is None or not _domain_ok(email.group()):
                continue
            end = match.start() + kept[len(email.group()) - 1] + 1
            results.append(RecognizerResult("EMAIL_ADDRESS", match.start(), end, 0.85))
        return results


class Base64EmailRecognizer(EntityRecognizer):  # type: ignore[misc]
    """Base64 tokens that decode to text containing an e-mail address."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["EMAIL_ADDRESS"], name="base64_value")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        """The base64 tokens hiding an e-mail address."""
        results: list[RecognizerResult] = []
        for match in _B64.finditer(text):
            token = match.group()
            if token.isalpha() and (token.islower() or token.isupper()):
                continue
            padded = token + "=" * (-len(token) % 4)
            try:
                decoded = base64.b64decode(padded, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                continue
            email = _EMAIL.search(decoded)
            if email is not None and _domain_ok(email.group()):
                results.append(RecognizerResult("EMAIL_ADDRESS", *match.span(), 0.9))
        return results


def spelled_email(countries: tuple[str, ...]) -> SpelledEmailRecognizer:
    """Registry factory: spelled-out e-mail addresses."""
    return SpelledEmailRecognizer()


def base64_email(countries: tuple[str, ...]) -> Base64EmailRecognizer:
    """Registry factory: base64-encoded e-mail addresses."""
    return Base64EmailRecognizer()
