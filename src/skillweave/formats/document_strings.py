"""The words around the curriculum text in transcripts, learning agreements and memoranda.

Curriculum text (titles, learning outcomes) comes from the workspace; these interface strings
come from the table below. A language missing here falls back to English, string by string.
"""

from __future__ import annotations

from functools import lru_cache

FALLBACK = "en"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "language_name": "English",
        "language": "Language",
        "alliance": "Alliance",
        "learner": "Learner",
        "name": "Name",
        "date_of_birth": "Date of birth",
        "learner_id": "Learner number",
        "email": "E-mail",
        "programme": "Programme",
        "eqf_level": "EQF level",
        "ecvet_points": "ECVET points",
        "home": "Home institution",
        "host": "Host institution",
        "country": "Country",
        "identifiers": "Identifiers",
        "id_pic": "PIC",
        "id_erasmus": "Erasmus code",
        "id_legal": "Legal registration",
        "id_vat": "VAT number",
        "unit": "Unit",
        "grade": "Grade",
        "date": "Date",
        "assessed_by": "Assessed by",
        "outcomes_achieved": "Learning outcomes achieved",
        "learning_outcomes": "Learning outcomes",
        "assessment": "Assessment",
        "assessment_methods": "Assessment methods",
        "total": "Total",
        "signature": "Signature",
        "name_and_role": "Name and role",
        "place_and_date": "Place and date",
        "for_partner": "For {partner}",
        # transcript
        "transcript": "Personal transcript (ECVET)",
        "transcript_lead": "Units of learning outcomes achieved by the learner, with their ECVET points, "
                           "grades, assessment dates and the institution that assessed each unit.",
        "points_achieved": "{achieved} of the programme's {total} ECVET points achieved",
        "records_as_of": "Records as of {date}",
        "mobility_unit": "Assessed abroad during mobility {mobility}; validated and recognised by {home}.",
        "only_achieved": "Only units achieved are listed; units not (yet) achieved do not appear.",
        "issued_by": "Issued by {home}",
        "passed": "passed",
        # learning agreement
        "agreement": "Learning agreement (ECVET)",
        "agreement_lead": "The units of learning outcomes that the learner is to achieve abroad during this "
                          "mobility, how they are assessed, and who does what.",
        "mobility": "Mobility",
        "period": "Period",
        "period_value": "{start} to {end} ({days} days)",
        "units_abroad": "Units to be achieved abroad",
        "responsibilities": "Responsibilities",
        "host_assesses": "{host} provides the learning activities and assesses the learning outcomes "
                         "listed above, and records the results for the learner's transcript.",
        "home_recognises": "{home} validates the results assessed by {host} and recognises the units "
                           "achieved, with their ECVET points, as part of the programme {programme}.",
        "learner_commits": "The learner takes part in the learning activities and the assessment.",
        "the_learner": "The learner",
        # memorandum
        "memorandum": "Memorandum of understanding (ECVET)",
        "memorandum_lead": "The competent institutions below agree on the units of learning outcomes that "
                           "learners of one achieve at the other during a mobility, and on who assesses, "
                           "validates and recognises them.",
        "parties": "Parties",
        "exchange": "Mobility from {home} to {host}",
        "programmes_concerned": "Programmes concerned",
        "units_concerned": "Units concerned",
        "roles": "Roles",
        "assesses": "Assesses",
        "validates": "Validates",
        "recognises": "Recognises",
        "roles_text": "{host} assesses the learning outcomes of these units. {home} validates the results "
                      "and recognises the units, with their ECVET points, towards the learner's programme.",
        "no_personal_data": "This memorandum contains no personal data; each learner's mobility is set out "
                            "in a learning agreement.",
    },
    "nl": {
        "language_name": "Nederlands",
        "language": "Taal",
        "alliance": "Alliantie",
        "learner": "Deelnemer",
        "name": "Naam",
        "date_of_birth": "Geboortedatum",
        "learner_id": "Deelnemersnummer",
        "email": "E-mail",
        "programme": "Opleiding",
        "eqf_level": "EQF-niveau",
        "ecvet_points": "ECVET-punten",
        "home": "Thuisinstelling",
        "host": "Gastinstelling",
        "country": "Land",
        "identifiers": "Kenmerken",
        "id_pic": "PIC",
        "id_erasmus": "Erasmuscode",
        "id_legal": "Inschrijving",
        "id_vat": "Btw-nummer",
        "unit": "Eenheid",
        "grade": "Cijfer",
        "date": "Datum",
        "assessed_by": "Beoordeeld door",
        "outcomes_achieved": "Behaalde leerresultaten",
        "learning_outcomes": "Leerresultaten",
        "assessment": "Beoordeling",
        "assessment_methods": "Beoordelingsmethoden",
        "total": "Totaal",
        "signature": "Handtekening",
        "name_and_role": "Naam en functie",
        "place_and_date": "Plaats en datum",
        "for_partner": "Namens {partner}",
        "transcript": "Persoonlijk overzicht van behaalde eenheden (ECVET)",
        "transcript_lead": "Eenheden van leerresultaten die de deelnemer heeft behaald, met ECVET-punten, "
                           "cijfers, beoordelingsdata en de instelling die elke eenheid heeft beoordeeld.",
        "points_achieved": "{achieved} van de {total} ECVET-punten van de opleiding behaald",
        "records_as_of": "Stand van zaken op {date}",
        "mobility_unit": "Beoordeeld in het buitenland tijdens mobiliteit {mobility}; gevalideerd en erkend "
                         "door {home}.",
        "only_achieved": "Alleen behaalde eenheden worden vermeld; eenheden die (nog) niet behaald zijn, "
                         "staan er niet in.",
        "issued_by": "Uitgegeven door {home}",
        "passed": "behaald",
        "agreement": "Leerovereenkomst (ECVET)",
        "agreement_lead": "De eenheden van leerresultaten die de deelnemer tijdens deze mobiliteit in het "
                          "buitenland behaalt, hoe ze worden beoordeeld en wie wat doet.",
        "mobility": "Mobiliteit",
        "period": "Periode",
        "period_value": "{start} tot en met {end} ({days} dagen)",
        "units_abroad": "In het buitenland te behalen eenheden",
        "responsibilities": "Verantwoordelijkheden",
        "host_assesses": "{host} verzorgt de leeractiviteiten, beoordeelt de hierboven genoemde "
                         "leerresultaten en legt de resultaten vast voor het overzicht van de deelnemer.",
        "home_recognises": "{home} valideert de door {host} beoordeelde resultaten en erkent de behaalde "
                           "eenheden met hun ECVET-punten als onderdeel van de opleiding {programme}.",
        "learner_commits": "De deelnemer neemt deel aan de leeractiviteiten en de beoordeling.",
        "the_learner": "De deelnemer",
        "memorandum": "Memorandum van overeenstemming (ECVET)",
        "memorandum_lead": "De onderstaande bevoegde instellingen maken afspraken over de eenheden van "
                           "leerresultaten die deelnemers van de een tijdens een mobiliteit bij de ander "
                           "behalen, en over wie ze beoordeelt, valideert en erkent.",
        "parties": "Partijen",
        "exchange": "Mobiliteit van {home} naar {host}",
        "programmes_concerned": "Betrokken opleidingen",
        "units_concerned": "Betrokken eenheden",
        "roles": "Rollen",
        "assesses": "Beoordeelt",
        "validates": "Valideert",
        "recognises": "Erkent",
        "roles_text": "{host} beoordeelt de leerresultaten van deze eenheden. {home} valideert de resultaten "
                      "en erkent de eenheden met hun ECVET-punten binnen de opleiding van de deelnemer.",
        "no_personal_data": "Dit memorandum bevat geen persoonsgegevens; de mobiliteit van elke deelnemer "
                            "staat in een leerovereenkomst.",
    },
    "de": {
        "language_name": "Deutsch",
        "language": "Sprache",
        "alliance": "Allianz",
        "learner": "Lernende/r",
        "name": "Name",
        "date_of_birth": "Geburtsdatum",
        "learner_id": "Teilnehmernummer",
        "email": "E-Mail",
        "programme": "Bildungsgang",
        "eqf_level": "EQR-Niveau",
        "ecvet_points": "ECVET-Punkte",
        "home": "Heimateinrichtung",
        "host": "Aufnahmeeinrichtung",
        "country": "Land",
        "identifiers": "Kennungen",
        "id_pic": "PIC",
        "id_erasmus": "Erasmus-Code",
        "id_legal": "Registernummer",
        "id_vat": "USt-IdNr.",
        "unit": "Einheit",
        "grade": "Note",
        "date": "Datum",
        "assessed_by": "Bewertet von",
        "outcomes_achieved": "Erreichte Lernergebnisse",
        "learning_outcomes": "Lernergebnisse",
        "assessment": "Bewertung",
        "assessment_methods": "Bewertungsmethoden",
        "total": "Summe",
        "signature": "Unterschrift",
        "name_and_role": "Name und Funktion",
        "place_and_date": "Ort und Datum",
        "for_partner": "Für {partner}",
        "transcript": "Persönlicher Nachweis der erworbenen Einheiten (ECVET)",
        "transcript_lead": "Einheiten von Lernergebnissen, die die/der Lernende erworben hat, mit ECVET-Punkten, "
                           "Noten, Bewertungsdatum und der Einrichtung, die jede Einheit bewertet hat.",
        "points_achieved": "{achieved} der {total} ECVET-Punkte des Bildungsgangs erworben",
        "records_as_of": "Stand: {date}",
        "mobility_unit": "Im Ausland während der Mobilität {mobility} bewertet; validiert und anerkannt "
                         "von {home}.",
        "only_achieved": "Aufgeführt sind nur erworbene Einheiten; (noch) nicht erworbene Einheiten erscheinen "
                         "nicht.",
        "issued_by": "Ausgestellt von {home}",
        "passed": "bestanden",
        "agreement": "Lernvereinbarung (ECVET)",
        "agreement_lead": "Die Einheiten von Lernergebnissen, die die/der Lernende während dieser Mobilität im "
                          "Ausland erwerben soll, ihre Bewertung und wer welche Aufgabe übernimmt.",
        "mobility": "Mobilität",
        "period": "Zeitraum",
        "period_value": "{start} bis {end} ({days} Tage)",
        "units_abroad": "Im Ausland zu erwerbende Einheiten",
        "responsibilities": "Aufgaben",
        "host_assesses": "{host} bietet die Lernaktivitäten an, bewertet die oben genannten Lernergebnisse "
                         "und dokumentiert die Ergebnisse für den Nachweis der/des Lernenden.",
        "home_recognises": "{home} validiert die von {host} bewerteten Ergebnisse und erkennt die erworbenen "
                           "Einheiten mit ihren ECVET-Punkten als Teil des Bildungsgangs {programme} an.",
        "learner_commits": "Die/der Lernende nimmt an den Lernaktivitäten und der Bewertung teil.",
        "the_learner": "Die/der Lernende",
        "memorandum": "Lernpartnerschaftsvereinbarung (ECVET Memorandum of Understanding)",
        "memorandum_lead": "Die unten genannten zuständigen Einrichtungen vereinbaren, welche Einheiten von "
                           "Lernergebnissen Lernende der einen während einer Mobilität bei der anderen "
                           "erwerben, und wer sie bewertet, validiert und anerkennt.",
        "parties": "Partner",
        "exchange": "Mobilität von {home} nach {host}",
        "programmes_concerned": "Betroffene Bildungsgänge",
        "units_concerned": "Betroffene Einheiten",
        "roles": "Rollen",
        "assesses": "Bewertet",
        "validates": "Validiert",
        "recognises": "Erkennt an",
        "roles_text": "{host} bewertet die Lernergebnisse dieser Einheiten. {home} validiert die Ergebnisse "
                      "und erkennt die Einheiten mit ihren ECVET-Punkten im Bildungsgang der/des Lernenden an.",
        "no_personal_data": "Diese Vereinbarung enthält keine personenbezogenen Daten; die Mobilität jeder/jedes "
                            "Lernenden ist in einer Lernvereinbarung festgelegt.",
    },
}


@lru_cache(maxsize=None)
def strings(lang: str) -> dict[str, str]:
    """The interface strings in ``lang``, English where a string (or the language) is missing."""
    return STRINGS[FALLBACK] | STRINGS.get(lang, {})


def identifier_label(lang: str, scheme: str) -> str:
    """The label of an identifier scheme of alliance.yaml (``pic``, ``erasmus`` ...)."""
    return strings(lang).get(f"id_{scheme}", scheme)
