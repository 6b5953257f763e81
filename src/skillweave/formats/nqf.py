"""National qualifications framework (NQF) levels as the EU's Qualification Dataset Register
(QDR) lists them, and how a programme's ``nqf_level`` names them.

The QDR's list (the ``NQFLevel`` values that LOQ XML accepts, the ELM ``NQFLevel`` concepts) has
one concept per level of each national framework, ``http://data.europa.eu/snb/qdr/c_...``, named
by the framework's abbreviation: "NLQF Level 4", "DQR Level 4", "FQF Level 4" (the Flemish
framework, which Flemish documents call VKS). The table below holds those concepts, framework by
framework, with the country whose framework it is and the other names people write for it; a test
checks every entry against the list in the official LOQ schema.

A programme's ``nqf_level`` is read as one or more levels, each written as a framework or a
country and a level, separated by ``/``, ``;`` or ``,``: ``"NLQF 4 / DQR 4 / VKS 4"``, ``"NL 4"``,
``"DQR Level 4"``; or, per country, the mapping ``{NL: "4", DE: "4"}``. A country names its
framework only where the list has one framework for it (Belgium and the United Kingdom have
three each: there the framework must be named). Whatever names no level of the list is reported
with the reason (:attr:`Reading.problem`), and the exports leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

QDR = "http://data.europa.eu/snb/qdr/"

# name as the list writes it | the framework's own concept | ISO 3166-1 country (- if none) |
# other names (comma-separated, - if none) | level=concept, as the list writes the levels
_TABLE = """
NLQF|5c66dcbc|NL|-|Entry=b42dd23b 1=3e11a3fd 2=c749fa23 3=f97cdbb5 4=ff656b33 4+=c2700f4e 5=18c9e9fe 6=1711a061 7=478359fc 8=2835a50f
DQR|ef113b94|DE|-|1=f77c7095 2=c71cce15 3=c37d888a 4=12a84182 5=bd9f8e42 6=6919ed25 7=184f7fed 8=341d539b
FQF|ed96825f|BE|VKS|1=cf509e8a 2=7f5e85a7 3=650d7e95 4=615c4895 5=6fa57440 6=65235ec5 7=95fec238 8=13c65774
CFC|f3b785c7|BE|-|1=9c785d58 2=15435c11 3=19d85def 4=baa10a4e 5=cf6bd5a1 6=09d0ebb0 7=4e0e5f6b 8=165020a6
QDG|0d55867f|BE|-|1=ab42f62f 2=4d0bef61 3=04d23b42 4=ffa6243f 5=f8aa9cdb 6=f626da7f 7=2af3aa2b 8=cbec72ba
AT: NQF|4538e0af|AT|NQR|1=479252dc 2=c3234df7 3=1f1297d8 4=67af56a4 5=e8dd63b9 6=1dcef432 7=0e78414e 8=c94a713e
MECU|e8c5bfbe|ES|-|1=9f7b21f9 2=a358d163 3=d81640d2 4=9f9cd022 5=cdd36a4b 6=6422359b 7=37f3c037 8=62866e36
NQF RNCP|c8bc1cb9|FR|RNCP|I-Doctorat=7ab73420 I-Master=828fbcc3 II-Grade de Licence=5ad5d222 III=243aefbe IV=40020d69 V=d7cce980
IT NQF|02d8bc18|IT|-|1=d7b593f0 2=5af633b3 3=2151e983 4=c160a2a0 5=334b891b 6=f875790f 7=1a6b4df9 8=34a78e36
QNQ|5a1e9f89|PT|-|1=1eeca5f9 2=fd9234c1 3=5c91e0ca 4=7d534b92 5=d2b47671 6=8cf0774e 7=0fe2b814 8=370653aa
IE NQF|01169e3f|IE|NFQ|1=53e465cb 2=060f2f91 3=4c88e501 4=57c9e957 5=4053e803 6=670e54c7 7=38f52397 8=218a7e54 9=c6ada0f4 10=ac9adabb
RQF|d0a601e6|GB|-|Entry Levels 1-2=778f8030 Entry Level 3=b3a26e65 1=f015bac8 2=e83742bd 3=dddf1163 4=308a1766 5=dec9edae 6=c392e7a2 7=3a94d1b4 8=064b59e6
SCQF|027221dd|GB|-|1=505223a4 2=2ce57891 3=31146b2c 4=61aa9cbc 5=5e46ea39 6=c167deaa 7=326c93a5 8=d9cf9fd5 9=e2e0f7fc 10=021f233f 11=517309ca 12=c3f2cd03
CQFW|36ff4631|GB|-|Entry 1-3=de548626 1=c03aceeb 2=826abaf9 3=c7a9fba6 4=3a511ca6 5=3cae3a23 6=fa76c0fa 7=98740c52 8=471f5da1
CLQ|20b3be22|LU|-|1=5eb9f21e 2=2bc813ff 3=317af58c 4=26211a04 5=b4cc88a4 6=dfb0cd4d 7=758b2f8a 8=287bdf18
NQFL|bc619568|LI|-|1=ae256098 2=ab81fe6f 3=73e5a71b 4=e7f9e314 5=9a2c4ae2 6=ad62b6d5 7=e6601cb4 8=e160a72d
NQF VPET|fcd47fb1|CH|-|1=419407fa 2=9ccd261b 3=1d6c3de5 4=dae3c198 5=7038706c 6=b83c6524 7=468a5afc 8=ce40bd02
DK NQF|61ba90ec|DK|-|1=67053d58 2=f3d606a7 3=2ff9f722 4=e2461c86 5=e130f5d2 6=a19d301f 7=b08ee037 8=1aec7e1f
SeQF|d932c882|SE|-|1=20b8cbc9 2=e1f75f79 3=4ec9e6c0 4=6477e349 5=b44f7367 6=185bb246 7=1ab773a2 8=055b6cf8
NKR|ae44d998|NO|-|1=2293fdad 2=0b8188d7 3=bbfedf33 4=81090d42 5.1=12ece3d4 5.2=92632be8 6.1=6b569351 6.2=52818ecd 7=fb307b49 8=95249ae7
FiNQF|2d1fde14|FI|-|1=b9b2b42d 2=c660dbf8 3=63c1f703 4=cbf250da 5=fd8ce5f6 6=8a7da315 7=3b2bd7b5 8=7fa9dfe4
ISQF|2e41fe05|IS|-|1=9d649d1c 2=ca8fda2e 3=38336a53 4=905af3bc 5.1=f0e7a81b 5.2=f0be67ef 6.1=57c17789 6.2=c339fb29 7=f8979fd7
EstQF|e9fb041f|EE|-|1=ed568080 2=54b380be 3=3f16a034 4=7cb99427 5=11b06734 6=3dddfd70 7=9173237a 8=2616aeff
LQF|ac40cadc|LV|-|1=41bf3e8a 2=f1f60c76 3=138c123b 4=14b672c3 5=7493dd0e 6=a828cd20 7=a61cdeca 8=a6744590
LTQF|a6d433f4|LT|-|1=98b42a9f 2=8525e36a 3=9d34b310 4=d1e9f55d 5=b62fa7ef 6=caa3091a 7=dbbbe65b 8=6e015474
PQF|97cf01c4|PL|PRK|1=fcf3bd8d 2=14db1595 3=e018d301 4=c145999e 5=045fd11d 6=cb086da3 7=e860b49b 8=ec518d13
NSK|af98ac9a|CZ|-|1=5dfdf326 2=6961eec3 3=993b0d50 4=fe9eb464 5=b80ee6b1 6=82e7da58 7=1df7b6c9 8=4276c6dc
SKKR|4e6a97ff|SK|-|1=1ea1c8f9 2=db0fa54f 3=fb6cbec3 4=cc1ea43c 5=98403355 6=8a024f65 7=defba593 8=fb12c713
HuQF|009d9566|HU|MKKR|1=01be7324 2=1b9935cd 3=b763e7c8 4=b9eadd5c 5=13865e16 6=9ec87162 7=c2f4856f 8=ea1b27b9
SQF|0f8ae85c|SI|SOK|1=77411555 2=4b23518c 3=e7e8d397 4=66d10210 5=5a909eaa 6=4a3aea6f 7=3f2a609e 8=4e92151b 9=74d66d27 10=a9614000
CROQF|59d0b819|HR|HKO|1=d34c0ab3 2=d5feaf10 3=3a9600c8 4.1=486071a1 4.2=49672c5a 5=dcc9aca1 6=cb53bf24 7.1=d6860258 7.2=6ab8a29d 8.1=a43afd6a 8.2=2203f32f
ROQF|df7373da|RO|-|1=d8706544 2=6d9af464 3=513ed8e7 4=47645af5 5=5bca675f 6=8b75d6fc 7=152a2ae2 8=8f107ecd
BQF|c534839f|BG|-|0=50f03409 1=11fef73b 2=4854c1ef 3=d57056ce 4=40f3d416 5=0b0b744e 6=2b79a822 7=bb023568 8=311c2747
HQF|0ea90db7|GR|-|1=ec84c700 2=6640cf62 3=48930d0b 4=f6c81729 5=7db10cb9 6=5e8da33b 7=60582329 8=c4deeb87
CyQF|afce1c3a|CY|-|1=02c7fedc 2=ffd9ca10 3=e44ef2dc 4=5cbacb43 5a=549bffac 5b=6cba2673 5c=16351043 6=8f872111 7a=f59c3ad4 7b=95481d1f 7c=a6c13e9f 8=99235760
MQF|54f4d62a|MT|-|A=0ab74a56 B=a648b6db 1=761cdbf1 2=42cf00ab 3=55c66aa8 4=c9f6d6e5 5=a3c7575d 6=333a51d9 7=eacc0583 8=782b35df
TQF|1205be37|TR|-|1=be0b95b2 2=ee441642 3=a7579d00 4=a1595faf 5=ce5b0bd4 6=f4b6cea8 7=0966da79 8=17212c18
AQF|d3b1f75e|AL|-|1=45ec22f4 2=83fe9d36 3=af16b647 4=24cdfa3f 5=cfe3e39b 6=31779637 7=56c0e2fd 8=d104d536
BH NQF|da3760bf|BA|-|1=4653268d 2=d80dc4a4 3=9dac5a30 4=f89fc721 5=96e5a5e7 6=1d0ca409 7=c042a969 8=36c9ff45
ME NQF|776b98db|ME|-|1.1=aa951342 1.2=c0ef8a4e 2=e5b56761 3=f08d5131 4.1=52353560 4.2=ccc01a11 5=b7b67d5e 6=5d6112c5 7.1=f38ebe74 7.2=193238e8 8=ced2a6c3
NNMQF|2b5d39b2|MK|-|1=4f0c10a1 2=9aeca2ba 3=c9af811f 4=81be283e 5=ea16bfd2 5 A=e0ba1a59 5 B=b8a101cb 6=c484f777 6 A=1a88119b 6 B=55a34aab 7=4508cafb 7 A=0f11cfc1 7 B=2fce21e0 8=556a291d
NQFS|69e1fd15|RS|-|1=83bf6184 2=c072e4cc 3=8a1ce05d 4=71bf982b 5=dc2cd5c7 6=7e034a16 6.1=6bfeff7a 6.2=529912df 7=e4f11c13 7.1=cca41928 7.2=8cab3c22 8=e3116f9b
KS NQF|f4790dbf|-|-|1=7203c28f 2=c8293950 3=ec2e2ebe 4=a31706ad 5=030f5138 6=ca282dd9 7=fa8f5b4b 8=4ba29707
"""

#: country codes that are not ISO 3166-1 but common in EU documents
_COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}
#: words between a framework and its level that say nothing ("NLQF Level 4", "DQR-Niveau 4")
_FILLER = re.compile(r"\b(levels?|niveaus?|niveaux|stufe|nivel(es)?|livello)\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*[/;,]\s*")


@dataclass(frozen=True, eq=False)  # one object per framework: compared by identity
class Framework:
    #: the abbreviation the list names the levels with ("NLQF", "AT: NQF")
    name: str
    #: the framework's own concept in the list (not a level)
    uri: str
    #: ISO 3166-1 alpha-2 code of its country, or None
    country: str | None
    aliases: tuple[str, ...]
    #: level as the list writes it ("4", "4+", "Entry", "5 A") -> concept URI, in the list's order
    levels: dict[str, str]


@dataclass(frozen=True)
class Level:
    framework: Framework
    #: the level as the list writes it
    level: str
    uri: str

    @property
    def label(self) -> str:
        """The list's own name of the level: ``NLQF Level 4``, ``CQFW Entry 1-3``."""
        if self.level.lower().startswith("entry"):
            return f"{self.framework.name} {self.level if self.level != 'Entry' else 'Entry Level'}"
        return f"{self.framework.name} Level {self.level}"


@dataclass(frozen=True)
class Reading:
    """One level as written in ``nqf_level`` and what it names."""

    #: the text as written (a country of the mapping form prefixed: ``NL 4``)
    text: str
    #: the country key of the mapping form it came from, or None for the text form
    key: str | None
    level: Level | None
    #: why it names no level of the list (None when it does)
    problem: str | None = None


def _norm(text: str) -> str:
    """What is compared: no filler words, no spaces, colons, hyphens or underscores; lower case."""
    return re.sub(r"[\s:_-]+", "", _FILLER.sub(" ", text)).lower()


@lru_cache(maxsize=1)
def frameworks() -> tuple[Framework, ...]:
    """Every framework of the list, in the table's order."""
    out = []
    for line in _TABLE.strip().splitlines():
        name, concept, country, aliases, levels = line.split("|")
        pairs = re.findall(r"(.+?)=([0-9a-f]{8})(?:\s|$)", levels)
        out.append(Framework(name, f"{QDR}c_{concept}", None if country == "-" else country,
                             () if aliases == "-" else tuple(aliases.split(",")),
                             {level.strip(): f"{QDR}c_{cid}" for level, cid in pairs}))
    return tuple(out)


@lru_cache(maxsize=1)
def _names() -> list[tuple[str, Framework | str]]:
    """Normalised names (frameworks, their other names, countries), longest first."""
    names: dict[str, Framework | str] = {}
    by_country: dict[str, list[Framework]] = {}
    for fw in frameworks():
        for name in (fw.name, *fw.aliases):
            names[_norm(name)] = fw
        if fw.country:
            by_country.setdefault(fw.country, []).append(fw)
    for country in by_country:
        names.setdefault(country.lower(), country)
    for alias, country in _COUNTRY_ALIASES.items():
        names.setdefault(alias.lower(), country)
    return sorted(names.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def frameworks_of(country: str) -> list[Framework]:
    country = _COUNTRY_ALIASES.get(country, country)
    return [fw for fw in frameworks() if fw.country == country]


def level_by_uri(uri: str) -> Level | None:
    """The level of a concept URI of the list, or None (also for a framework's own concept)."""
    for fw in frameworks():
        for level, level_uri in fw.levels.items():
            if level_uri == uri:
                return Level(fw, level, level_uri)
    return None


def _named_level(fw: Framework, rest: str, text: str, key: str | None) -> Reading:
    wanted = _norm(rest)
    for level, uri in fw.levels.items():
        if _norm(level) == wanted:
            return Reading(text, key, Level(fw, level, uri))
    listed = ", ".join(fw.levels)
    if not wanted:
        return Reading(text, key, None, f"it names the framework {fw.name} but no level (its levels: {listed})")
    return Reading(text, key, None, f"{fw.name} has no level {rest.strip()!r} (its levels: {listed})")


def read_one(text: str, key: str | None = None) -> Reading:
    """What one level as written names (``NLQF 4``, ``VKS Level 4``, ``NL 4``)."""
    compact = _norm(text)
    for name, target in _names():
        if not compact.startswith(name):
            continue
        # the text after the name, as written (the name's characters with any separators between)
        head = r"[\s:_-]*".join(re.escape(ch) for ch in name)
        rest = re.sub(rf"^[\s:_-]*{head}", "", _FILLER.sub(" ", text), count=1, flags=re.IGNORECASE)
        if isinstance(target, Framework):
            return _named_level(target, rest, text, key)
        found = frameworks_of(target)
        if len(found) == 1:
            return _named_level(found[0], rest, text, key)
        names = ", ".join(fw.name + (f" ({'/'.join(fw.aliases)})" if fw.aliases else "") for fw in found)
        return Reading(text, key, None,
                       f"{name.upper()} has {len(found)} frameworks in the list ({names}): name the framework, "
                       f"e.g. \"{found[0].aliases[0] if found[0].aliases else found[0].name} {rest.strip() or '4'}\"")
    if not compact:
        return Reading(text, key, None, "it is empty")
    return Reading(text, key, None, "it names no framework of the list: write the framework or the country "
                                    "and the level, e.g. \"NLQF 4\" or \"NL 4\"")


def read(value: str | Mapping[str, str] | None) -> list[Reading]:
    """Every level that ``nqf_level`` writes, in order: ``"NLQF 4 / DQR 4"``, ``"NL 4"`` or the
    mapping ``{NL: "4", DE: "DQR 4"}`` (a value that names no framework is its key's country's)."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        out = []
        for country, written in value.items():
            for part in _SEPARATORS.split(str(written).strip()):
                own = read_one(part, country)
                out.append(own if own.level is not None else read_one(f"{country} {part}", country))
        return out
    return [read_one(part) for part in _SEPARATORS.split(str(value).strip()) if part or not value.strip()]


def levels(value: str | Mapping[str, str] | None) -> list[Level]:
    """The levels of the list that ``nqf_level`` names, each once, in order."""
    return list(dict.fromkeys(r.level for r in read(value) if r.level is not None))
