"""Language names and codes accepted by ``lang:``.

A language is written by its English name, its ISO 639-1 code (``en``) or
one of its ISO 639-2 codes, bibliographic or terminology (``fre``/``fra``,
``ger``/``deu``): the three-letter codes librarians know from MARC records
and MEDLINE's language field. The canonical form is the English name the
databases use in their language fields (PubMed ``[la]``, Web of Science
``LA=``), lower case.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "THREE_LETTER", "resolve_language", "close_languages", "display_name"]

#: ISO 639-1 code -> English name (lower case).
LANGUAGES: dict[str, str] = {
    "af": "afrikaans",
    "ar": "arabic",
    "bg": "bulgarian",
    "bn": "bengali",
    "bs": "bosnian",
    "ca": "catalan",
    "cs": "czech",
    "cy": "welsh",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "gl": "galician",
    "he": "hebrew",
    "hi": "hindi",
    "hr": "croatian",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "is": "icelandic",
    "it": "italian",
    "ja": "japanese",
    "ka": "georgian",
    "kk": "kazakh",
    "ko": "korean",
    "la": "latin",
    "lt": "lithuanian",
    "lv": "latvian",
    "mk": "macedonian",
    "ml": "malayalam",
    "mn": "mongolian",
    "ms": "malay",
    "mt": "maltese",
    "nl": "dutch",
    "no": "norwegian",
    "pa": "punjabi",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sa": "sanskrit",
    "sk": "slovak",
    "sl": "slovenian",
    "sq": "albanian",
    "sr": "serbian",
    "sv": "swedish",
    "sw": "swahili",
    "ta": "tamil",
    "th": "thai",
    "tl": "tagalog",
    "tr": "turkish",
    "uk": "ukrainian",
    "ur": "urdu",
    "uz": "uzbek",
    "vi": "vietnamese",
    "zh": "chinese",
}

#: ISO 639-1 code -> its ISO 639-2 codes: bibliographic (B) first, then
#: terminology (T) where it differs.
THREE_LETTER: dict[str, tuple[str, ...]] = {
    "af": ("afr",), "ar": ("ara",), "bg": ("bul",), "bn": ("ben",), "bs": ("bos",),
    "ca": ("cat",), "cs": ("cze", "ces"), "cy": ("wel", "cym"), "da": ("dan",),
    "de": ("ger", "deu"), "el": ("gre", "ell"), "en": ("eng",), "eo": ("epo",),
    "es": ("spa",), "et": ("est",), "eu": ("baq", "eus"), "fa": ("per", "fas"),
    "fi": ("fin",), "fr": ("fre", "fra"), "ga": ("gle",), "gl": ("glg",), "he": ("heb",),
    "hi": ("hin",), "hr": ("hrv",), "hu": ("hun",), "hy": ("arm", "hye"), "id": ("ind",),
    "is": ("ice", "isl"), "it": ("ita",), "ja": ("jpn",), "ka": ("geo", "kat"),
    "kk": ("kaz",), "ko": ("kor",), "la": ("lat",), "lt": ("lit",), "lv": ("lav",),
    "mk": ("mac", "mkd"), "ml": ("mal",), "mn": ("mon",), "ms": ("may", "msa"),
    "mt": ("mlt",), "nl": ("dut", "nld"), "no": ("nor",), "pa": ("pan",), "pl": ("pol",),
    "pt": ("por",), "ro": ("rum", "ron"), "ru": ("rus",), "sa": ("san",),
    "sk": ("slo", "slk"), "sl": ("slv",), "sq": ("alb", "sqi"), "sr": ("srp",),
    "sv": ("swe",), "sw": ("swa",), "ta": ("tam",), "th": ("tha",), "tl": ("tgl",),
    "tr": ("tur",), "uk": ("ukr",), "ur": ("urd",), "uz": ("uzb",), "vi": ("vie",),
    "zh": ("chi", "zho"),
}

_BY_CODE3: dict[str, str] = {
    code3: LANGUAGES[code] for code, codes in THREE_LETTER.items() for code3 in codes
}

_BY_NAME: dict[str, str] = {name: code for code, name in LANGUAGES.items()}
# Names people also write for the same language.
_BY_NAME.update({"farsi": "fa", "mandarin": "zh", "castilian": "es", "flemish": "nl"})


def resolve_language(value: str) -> str | None:
    """The canonical English name for a language name, ISO 639-1 code or
    ISO 639-2 (B or T) code."""
    lowered = value.strip().lower()
    if lowered in LANGUAGES:
        return LANGUAGES[lowered]
    if lowered in _BY_CODE3:
        return _BY_CODE3[lowered]
    code = _BY_NAME.get(lowered)
    return LANGUAGES[code] if code else None


def close_languages(value: str) -> list[str]:
    import difflib  # only on a mistake: keeps the start-up light

    candidates = list(_BY_NAME)
    return difflib.get_close_matches(value.strip().lower(), candidates, n=3, cutoff=0.6)


def display_name(language: str) -> str:
    """``english`` -> ``English`` (the form WoS and reports use)."""
    return language[:1].upper() + language[1:]
