"""Language names and ISO 639-1 codes accepted by ``lang:``.

The names are the English names the databases use in their language fields
(PubMed ``[la]``, Web of Science ``LA=``), lower case.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "resolve_language", "close_languages", "display_name"]

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

_BY_NAME: dict[str, str] = {name: code for code, name in LANGUAGES.items()}
# Names people also write for the same language.
_BY_NAME.update({"farsi": "fa", "mandarin": "zh", "castilian": "es", "flemish": "nl"})


def resolve_language(value: str) -> str | None:
    """The canonical English name for a language name or ISO 639-1 code."""
    lowered = value.strip().lower()
    if lowered in LANGUAGES:
        return LANGUAGES[lowered]
    code = _BY_NAME.get(lowered)
    return LANGUAGES[code] if code else None


def close_languages(value: str) -> list[str]:
    import difflib  # only on a mistake: keeps the start-up light

    candidates = list(_BY_NAME)
    return difflib.get_close_matches(value.strip().lower(), candidates, n=3, cutoff=0.6)


def display_name(language: str) -> str:
    """``english`` -> ``English`` (the form WoS and reports use)."""
    return language[:1].upper() + language[1:]
