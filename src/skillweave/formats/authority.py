"""Codes of the EU Publications Office authority tables and of Europass lists, as URIs.

The European Learning Model and the QDR's LOQ XML name countries, languages, EQF levels and
ISCED-F fields by URI from closed lists. skillweave writes ISO 3166-1 alpha-2 country codes and
ISO 639-1 language codes; these tables map them to the authority tables' codes (which are the
ISO 3166-1 alpha-3 and ISO 639-2/T codes) and back. The tables come from ISO 3166-1, ISO 639-1/-2
and ISCED-F 2013; tests check every entry against the official LOQ schema's controlled lists.
"""

from __future__ import annotations

COUNTRY_AUTHORITY = "http://publications.europa.eu/resource/authority/country/"
LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
EQF = "http://data.europa.eu/snb/eqf/"
ISCED_F = "http://data.europa.eu/snb/isced-f/"

#: ISO 3166-1 alpha-2 + alpha-3, e.g. "NLNLD"
_COUNTRIES = (
    "ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE "
    "BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS "
    "BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN "
    "COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST "
    "EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF "
    "GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD "
    "HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM "
    "JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA "
    "LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD "
    "MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM "
    "NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG "
    "PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA "
    "SASAU SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD "
    "STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON "
    "TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR "
    "VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE "
)
#: ISO 639-1 + ISO 639-2/T, e.g. "nlnld"
_LANGUAGES = (
    "aaaar ababk aeave afafr akaka amamh anarg arara asasm avava ayaym azaze babak bebel bgbul "
    "bibis bmbam bnben bobod brbre bsbos cacat ceche chcha cocos crcre csces cuchu cvchv cycym dadan "
    "dedeu dvdiv dzdzo eeewe elell eneng eoepo esspa etest eueus fafas ffful fifin fjfij fofao frfra "
    "fyfry gagle gdgla glglg gngrn guguj gvglv hahau heheb hihin hohmo hrhrv hthat huhun hyhye hzher "
    "iaina idind ieile igibo iiiii ikipk ioido isisl itita iuiku jajpn jvjav kakat kgkon kikik kjkua "
    "kkkaz klkal kmkhm knkan kokor krkau kskas kukur kvkom kwcor kykir lalat lbltz lglug lilim lnlin "
    "lolao ltlit lulub lvlav mgmlg mhmah mimri mkmkd mlmal mnmon mrmar msmsa mtmlt mymya nanau nbnob "
    "ndnde nenep ngndo nlnld nnnno nonor nrnbl nvnav nynya ococi ojoji omorm orori ososs papan pipli "
    "plpol pspus ptpor quque rmroh rnrun roron rurus rwkin sasan scsrd sdsnd sesme sgsag sisin skslk "
    "slslv smsmo snsna sosom sqsqi srsrp ssssw stsot susun svswe swswa tatam tetel tgtgk ththa titir "
    "tktuk tltgl tntsn toton trtur tstso tttat twtwi tytah uguig ukukr ururd uzuzb veven vivie vovol "
    "wawln wowol xhxho yiyid yoyor zazha zhzho zuzul "
)
#: ISCED-F 2013 fields (broad, narrow, detailed) as Europass lists them
_ISCED_F = (
    "00 000 001 002 003 009 0000 0011 0021 0031 0099 01 011 018 0110 0111 0112 0113 0114 0119 0188 02 "
    "020 021 022 023 028 029 0200 0210 0211 0212 0213 0214 0215 0219 0220 0221 0222 0223 0228 0229 "
    "0230 0231 0232 0239 0288 0299 03 030 031 032 038 039 0300 0310 0311 0312 0313 0314 0319 0320 "
    "0321 0322 0329 0388 0399 04 040 041 042 048 049 0400 0410 0411 0412 0413 0414 0415 0416 0417 "
    "0419 0421 0488 0499 05 050 051 052 053 054 058 059 0500 0510 0511 0512 0519 0520 0521 0522 0529 "
    "0530 0531 0532 0533 0539 0540 0541 0542 0588 0599 06 061 068 0610 0611 0612 0613 0619 0688 07 "
    "070 071 072 073 078 079 0700 0710 0711 0712 0713 0714 0715 0716 0719 0720 0721 0722 0723 0724 "
    "0729 0730 0731 0732 0788 0799 08 080 081 082 083 084 088 089 0800 0810 0811 0812 0819 0821 0831 "
    "0841 0888 0899 09 090 091 092 098 099 0900 0910 0911 0912 0913 0914 0915 0916 0917 0919 0920 "
    "0921 0922 0923 0929 0988 0999 10 100 101 102 103 104 108 109 1000 1010 1011 1012 1013 1014 1015 "
    "1019 1020 1021 1022 1029 1030 1031 1032 1039 1041 1088 1099 99 999 9999 "
)

COUNTRIES: dict[str, str] = {p[:2]: p[2:] for p in _COUNTRIES.split()}
#: codes that are not ISO 3166-1 but common in EU documents (Greece and the United Kingdom)
COUNTRY_ALIASES = {"EL": "GRC", "UK": "GBR"}
LANGUAGES: dict[str, str] = {p[:2]: p[2:].upper() for p in _LANGUAGES.split()}
ISCED_F_CODES = frozenset(_ISCED_F.split())
#: "Field unknown" (ISCED-F 2013)
ISCED_F_UNKNOWN = "99"

#: the official languages (ISO 639-1) of the countries of the EU, EEA and candidate countries and
#: of Switzerland and the United Kingdom, by ISO 3166-1 alpha-2 code; national official languages
#: first, then regional ones
OFFICIAL_LANGUAGES: dict[str, tuple[str, ...]] = {
    "AL": ("sq",), "AT": ("de",), "BA": ("bs", "hr", "sr"), "BE": ("nl", "fr", "de"), "BG": ("bg",),
    "CH": ("de", "fr", "it", "rm"), "CY": ("el", "tr"), "CZ": ("cs",), "DE": ("de",), "DK": ("da",),
    "EE": ("et",), "ES": ("es", "ca", "eu", "gl"), "FI": ("fi", "sv"), "FR": ("fr",), "GB": ("en", "cy", "gd"),
    "GE": ("ka",), "GR": ("el",), "HR": ("hr",), "HU": ("hu",), "IE": ("en", "ga"), "IS": ("is",), "IT": ("it",),
    "LI": ("de",), "LT": ("lt",), "LU": ("lb", "fr", "de"), "LV": ("lv",), "MD": ("ro",), "ME": ("sr",),
    "MK": ("mk", "sq"), "MT": ("mt", "en"), "NL": ("nl", "fy"), "NO": ("no", "nb", "nn"), "PL": ("pl",),
    "PT": ("pt",), "RO": ("ro",), "RS": ("sr",), "SE": ("sv",), "SI": ("sl",), "SK": ("sk",), "TR": ("tr",),
    "UA": ("uk",),
}

_COUNTRY_BACK = {v: k for k, v in COUNTRIES.items()}
_LANGUAGE_BACK = {v: k for k, v in LANGUAGES.items()}


def country_uri(code: str) -> str | None:
    """The authority URI of an ISO 3166-1 alpha-2 code (``NL`` → ``.../country/NLD``), or None."""
    alpha3 = COUNTRIES.get(code) or COUNTRY_ALIASES.get(code)
    return COUNTRY_AUTHORITY + alpha3 if alpha3 else None


def country_code(uri: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country authority URI, or None."""
    if not uri.startswith(COUNTRY_AUTHORITY):
        return None
    return _COUNTRY_BACK.get(uri[len(COUNTRY_AUTHORITY):])


def language_uri(code: str) -> str | None:
    """The authority URI of an ISO 639-1 code (``nl`` → ``.../language/NLD``), or None."""
    alpha3 = LANGUAGES.get(code)
    return LANGUAGE_AUTHORITY + alpha3 if alpha3 else None


def language_code(uri: str) -> str | None:
    """The ISO 639-1 code of a language authority URI, or None (also for languages without one)."""
    if not uri.startswith(LANGUAGE_AUTHORITY):
        return None
    return _LANGUAGE_BACK.get(uri[len(LANGUAGE_AUTHORITY):])


def eqf_uri(level: int) -> str:
    return f"{EQF}{level}"


def eqf_level(uri: str) -> int | None:
    """The EQF level (1-8) of an EQF URI, or None."""
    rest = uri[len(EQF):] if uri.startswith(EQF) else ""
    return int(rest) if rest in {str(n) for n in range(1, 9)} else None


def isced_f_uri(code: str | None) -> str:
    """The ISCED-F URI of a field code; an unknown or missing code gives "Field unknown" (99)."""
    return ISCED_F + (code if code in ISCED_F_CODES else ISCED_F_UNKNOWN)


def isced_f_code(uri: str) -> str | None:
    """The field code of an ISCED-F URI, or None (also for "Field unknown")."""
    code = uri[len(ISCED_F):] if uri.startswith(ISCED_F) else ""
    if code not in ISCED_F_CODES or set(code) == {"9"}:
        return None
    return code


def primary_language(languages: list[str] | tuple[str, ...], country: str) -> str | None:
    """The primary language of instruction of a unit taught in ``languages`` at an institution in
    ``country``: the first of them that is an official language there, else the only one; None
    when that cannot be decided (several languages, none official there)."""
    official = OFFICIAL_LANGUAGES.get(country, ())
    for lang in languages:
        if lang in official:
            return lang
    return languages[0] if len(languages) == 1 else None
