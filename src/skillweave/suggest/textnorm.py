"""Words of a text for lexical matching: normalised, stop words dropped, lightly stemmed.

The stemmers are deliberately light (a few suffix rules per language, in the spirit of Porter's
and Savoy's "light" stemmers): they only have to map the forms of one word onto the same stem,
in labels and statements alike, so that "mounts", "mounting" and "mounted" match "mount". A stem
need not be a word. Languages without rules of their own are only normalised.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""
        a about above after again against all also am an and any are as at be because been before
        being below between both but by can could did do does doing down during each either etc
        for from further had has have having he her here hers him his how i if in into is it its
        itself just may me might more most must my no nor not of off on once only or other our out
        over own per same shall she should so some such than that the their theirs them then there
        these they this those through to too under until up upon us very via was we were what when
        where whether which while who whom why will with within without would you your
        according able e g eg ie using including given s""".split()),
    "nl": frozenset("""
        aan al alle als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus
        een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand
        iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog
        nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor
        want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zelf zich zij zijn zo
        zonder zou volgens waarbij waarin welke binnen tussen via per""".split()),
    "de": frozenset("""
        aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
        auch auf aus bei bin bis bist da damit dann das dass dasselbe dazu dein deine dem den denn
        der des dessen dich die dies diese dieselbe diesem diesen dieser dieses dir doch dort du
        durch ein eine einem einen einer eines einig einige er es etwas euch euer fur gegen gewesen
        hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins
        ist jede jedem jeden jeder jedes jene jetzt kann kein keine konnen man manche mein meine mich
        mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so
        solche soll sollte sondern sonst uber um und uns unser unter vom von vor wahrend war waren
        was weil welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird
        wirst wo wollen wollte wurde wurden zu zum zur zwar zwischen gemass sowie bzw""".split()),
}

_VOWELS = frozenset("aeiouy")


def fold(text: str) -> str:
    """Case-folded, without accents (é → e, ü → u, ß → ss)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _undouble(w: str) -> str:
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in _VOWELS:
        return w[:-1]
    return w


_EN_SUFFIXES = ("isation", "ization", "ational", "ation", "ition", "ement", "ment", "ness", "ible", "able",
                "ing", "ion", "ity", "ive", "ful", "ian", "ate", "ant", "ent", "er", "ed", "ly", "al")


def stem_en(w: str) -> str:
    if len(w) <= 3:
        return w
    if w.endswith("'s"):
        w = w[:-2]
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    for _ in range(2):  # installations → installation → install
        for suffix in _EN_SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                if suffix in ("ing", "ed") and w.endswith(("at", "bl", "iz")):
                    w += "e"  # calculating → calculate → calcul, like calculation
                break
        else:
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return _undouble(w)


def stem_nl(w: str) -> str:
    if len(w) <= 3:
        return w
    if w.endswith("eert"):
        w = w[:-1]  # monteert, monteren → monter
    elif w.endswith("heden"):
        w = w[:-5] + "heid"
    elif w.endswith("ies") and len(w) > 5:
        w = w[:-1]  # installaties → installatie
    elif w.endswith(("ene", "en")) and len(w) > 4 and w[-3 if w.endswith("en") else -4] not in _VOWELS:
        w = w[:-3] if w.endswith("ene") else w[:-2]
    elif w.endswith("s") and len(w) > 4 and w[-2] not in _VOWELS and w[-2] != "j":
        w = w[:-1]
    if w.endswith("e") and len(w) > 4 and w[-2] not in _VOWELS:
        w = w[:-1]
    w = _undouble(w)
    for suffix in ("heid", "ing", "lijk", "baar", "bar"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = _undouble(w[: -len(suffix)])
            break
    # open and closed syllables spell one vowel differently (paneel, panelen): write it once
    return re.sub(r"([aeou])\1", r"\1", w)


def stem_de(w: str) -> str:
    if len(w) <= 3:
        return w
    if w.endswith(("iert", "ierst")):
        w = w[: w.rfind("ier") + 3]
    for suffix in ("ungen", "ung"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    if len(w) > 5 and w.endswith("ern"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith(("em", "en", "er", "es")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    elif len(w) > 3 and w.endswith("s") and w[-2] in "bdfghklmnrt":
        w = w[:-1]
    if len(w) > 5 and w.endswith("est"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith(("er", "en")):
        w = w[:-2]
    elif len(w) > 5 and w.endswith("st") and w[-3] in "bdfghklmnt":
        w = w[:-2]
    return w


STEMMERS = {"en": stem_en, "nl": stem_nl, "de": stem_de}


def words(text: str) -> list[str]:
    """The normalised words of ``text`` (letters and digits; one-letter words dropped)."""
    return [w for w in _WORD.findall(fold(text)) if len(w) > 1]


def terms(text: str, lang: str) -> list[str]:
    """The stems of ``text``'s words in ``lang``, stop words left out, in text order."""
    stop = STOP_WORDS.get(lang, frozenset())
    stem = STEMMERS.get(lang)
    out = []
    for w in words(text):
        if w in stop:
            continue
        out.append(stem(w) if stem else w)
    return out
