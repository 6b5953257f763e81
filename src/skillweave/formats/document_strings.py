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
        "units_concerned": "Units concerned",
        "roles": "Roles",
        "assesses": "Assesses",
        "validates": "Validates",
        "recognises": "Recognises",
        "roles_text": "{host} assesses the learning outcomes of these units. {home} validates the results "
                      "and recognises the units, with their ECVET points, towards the learner's programme.",
        # grading and recognition
        "grading_scales": "Grading scales",
        "grading_scales_lead": "Each institution grades on its own scale; a grade is read on the scale of the "
                               "institution that assessed the unit.",
        "institution": "Institution",
        "scale": "Scale",
        "pass_mark": "Pass mark",
        "no_scheme": "no grading scheme: results are passed or failed",
        "scale_numeric": "{lowest} (lowest) to {highest} (highest)",
        "scale_lower_better": "{lowest} (lowest) to {highest} (highest): lower is better",
        "scale_decimals": "up to {n} decimal(s)",
        "scale_labels": "in words, best first: {labels}",
        "passes_from": "{grade} or better passes",
        "on_scale": "on the scale {scheme}",
        "recognised": "Assessed by {host} during mobility {mobility}; recognised by {home} on {date}.",
        "awaiting_recognition": "Assessed by {host} during mobility {mobility}; awaiting recognition by {home}.",
        "recognition": "Recognition",
        # contacts, methods, memorandum clauses
        "contact_person": "Contact person",
        "workplace": "Workplace",
        "mentor": "Mentor at the workplace",
        "host_contact": "Contact at the host institution",
        "home_contact": "Contact at the home institution",
        "teaching_methods": "Teaching methods",
        "languages_of_instruction": "Languages of instruction",
        "nqf_level": "NQF level",
        "qualifications_concerned": "Qualifications concerned",
        "grading_agreement": "Grading",
        "grading_agreement_text": "{host} grades the learning outcomes on its own scale; {home} reads the grades "
                                  "on that scale when it validates and recognises the units. The two scales, as "
                                  "agreed before the mobility:",
        "grading_mou_text": "Each partner grades on its own scale, listed here; the partner that recognises a "
                            "unit reads the grade on the scale of the partner that assessed it.",
        "mutual_acceptance": "Mutual acceptance",
        "mutual_acceptance_text": "{first} and {second} accept each other as competent institutions. For the "
                                  "units of this memorandum they accept each other's quality assurance and each "
                                  "other's criteria and procedures for assessing, validating and recognising "
                                  "learning outcomes.",
        "other_organisations": "Other organisations involved",
        "other_organisations_text": "Employers of the alliance that may host the work-based part of the units "
                                    "from {home} to {host}:",
        "no_other_organisations": "None.",
        "validity": "Validity and review",
        "valid_period": "This memorandum is valid from {start} to {end}.",
        "review_text": "The partners review it {review}.",
        "review_blank": "The partners review it: ____________________________________.",
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
        "units_concerned": "Betrokken eenheden",
        "roles": "Rollen",
        "assesses": "Beoordeelt",
        "validates": "Valideert",
        "recognises": "Erkent",
        "roles_text": "{host} beoordeelt de leerresultaten van deze eenheden. {home} valideert de resultaten "
                      "en erkent de eenheden met hun ECVET-punten binnen de opleiding van de deelnemer.",
        "grading_scales": "Beoordelingsschalen",
        "grading_scales_lead": "Elke instelling beoordeelt op haar eigen schaal; een cijfer wordt gelezen op de "
                               "schaal van de instelling die de eenheid heeft beoordeeld.",
        "institution": "Instelling",
        "scale": "Schaal",
        "pass_mark": "Voldoende vanaf",
        "no_scheme": "geen beoordelingsschaal: resultaten zijn behaald of niet behaald",
        "scale_numeric": "{lowest} (laagst) tot {highest} (hoogst)",
        "scale_lower_better": "{lowest} (laagst) tot {highest} (hoogst): lager is beter",
        "scale_decimals": "hoogstens {n} decimaal/decimalen",
        "scale_labels": "in woorden, beste eerst: {labels}",
        "passes_from": "{grade} of beter is voldoende",
        "on_scale": "op de schaal {scheme}",
        "recognised": "Beoordeeld door {host} tijdens mobiliteit {mobility}; erkend door {home} op {date}.",
        "awaiting_recognition": "Beoordeeld door {host} tijdens mobiliteit {mobility}; erkenning door {home} "
                                "volgt nog.",
        "recognition": "Erkenning",
        "contact_person": "Contactpersoon",
        "workplace": "Werkplek",
        "mentor": "Praktijkopleider op de werkplek",
        "host_contact": "Contactpersoon bij de gastinstelling",
        "home_contact": "Contactpersoon bij de thuisinstelling",
        "teaching_methods": "Onderwijsvormen",
        "languages_of_instruction": "Onderwijstalen",
        "nqf_level": "NLQF-/NQF-niveau",
        "qualifications_concerned": "Betrokken kwalificaties",
        "grading_agreement": "Beoordeling",
        "grading_agreement_text": "{host} beoordeelt de leerresultaten op zijn eigen schaal; {home} leest de "
                                  "cijfers op die schaal wanneer het de eenheden valideert en erkent. De twee "
                                  "schalen, zoals vóór de mobiliteit afgesproken:",
        "grading_mou_text": "Elke partner beoordeelt op zijn eigen schaal, hieronder vermeld; de partner die een "
                            "eenheid erkent, leest het cijfer op de schaal van de partner die haar beoordeelde.",
        "mutual_acceptance": "Wederzijdse aanvaarding",
        "mutual_acceptance_text": "{first} en {second} aanvaarden elkaar als bevoegde instellingen. Voor de "
                                  "eenheden van dit memorandum aanvaarden zij elkaars kwaliteitszorg en elkaars "
                                  "criteria en procedures voor het beoordelen, valideren en erkennen van "
                                  "leerresultaten.",
        "other_organisations": "Andere betrokken organisaties",
        "other_organisations_text": "Werkgevers van de alliantie die het praktijkdeel van de eenheden van {home} "
                                    "naar {host} kunnen verzorgen:",
        "no_other_organisations": "Geen.",
        "validity": "Geldigheid en evaluatie",
        "valid_period": "Dit memorandum is geldig van {start} tot en met {end}.",
        "review_text": "De partners evalueren het {review}.",
        "review_blank": "De partners evalueren het: ____________________________________.",
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
        "units_concerned": "Betroffene Einheiten",
        "roles": "Rollen",
        "assesses": "Bewertet",
        "validates": "Validiert",
        "recognises": "Erkennt an",
        "roles_text": "{host} bewertet die Lernergebnisse dieser Einheiten. {home} validiert die Ergebnisse "
                      "und erkennt die Einheiten mit ihren ECVET-Punkten im Bildungsgang der/des Lernenden an.",
        "grading_scales": "Notenskalen",
        "grading_scales_lead": "Jede Einrichtung bewertet auf ihrer eigenen Skala; eine Note gilt auf der Skala "
                               "der Einrichtung, die die Einheit bewertet hat.",
        "institution": "Einrichtung",
        "scale": "Skala",
        "pass_mark": "Bestanden ab",
        "no_scheme": "keine Notenskala: Ergebnisse sind bestanden oder nicht bestanden",
        "scale_numeric": "{lowest} (schlechteste) bis {highest} (beste)",
        "scale_lower_better": "{lowest} (schlechteste) bis {highest} (beste): niedriger ist besser",
        "scale_decimals": "höchstens {n} Nachkommastelle(n)",
        "scale_labels": "in Worten, die beste zuerst: {labels}",
        "passes_from": "{grade} oder besser ist bestanden",
        "on_scale": "auf der Skala {scheme}",
        "recognised": "Bewertet von {host} während der Mobilität {mobility}; anerkannt von {home} am {date}.",
        "awaiting_recognition": "Bewertet von {host} während der Mobilität {mobility}; die Anerkennung durch "
                                "{home} steht noch aus.",
        "recognition": "Anerkennung",
        "contact_person": "Ansprechperson",
        "workplace": "Betrieb",
        "mentor": "Betriebliche Betreuung",
        "host_contact": "Ansprechperson der Aufnahmeeinrichtung",
        "home_contact": "Ansprechperson der Heimateinrichtung",
        "teaching_methods": "Lehr- und Lernformen",
        "languages_of_instruction": "Unterrichtssprachen",
        "nqf_level": "DQR-/NQR-Niveau",
        "qualifications_concerned": "Betroffene Qualifikationen",
        "grading_agreement": "Bewertung",
        "grading_agreement_text": "{host} bewertet die Lernergebnisse auf seiner eigenen Skala; {home} liest die "
                                  "Noten auf dieser Skala, wenn es die Einheiten validiert und anerkennt. Die "
                                  "beiden Skalen, wie vor der Mobilität vereinbart:",
        "grading_mou_text": "Jeder Partner bewertet auf seiner eigenen Skala, hier aufgeführt; der Partner, der "
                            "eine Einheit anerkennt, liest die Note auf der Skala des Partners, der sie bewertet hat.",
        "mutual_acceptance": "Gegenseitige Anerkennung",
        "mutual_acceptance_text": "{first} und {second} erkennen einander als zuständige Einrichtungen an. Für "
                                  "die Einheiten dieser Vereinbarung erkennen sie gegenseitig ihre "
                                  "Qualitätssicherung und ihre Kriterien und Verfahren für die Bewertung, "
                                  "Validierung und Anerkennung von Lernergebnissen an.",
        "other_organisations": "Weitere beteiligte Organisationen",
        "other_organisations_text": "Arbeitgeber der Allianz, die den betrieblichen Teil der Einheiten von "
                                    "{home} nach {host} übernehmen können:",
        "no_other_organisations": "Keine.",
        "validity": "Geltungsdauer und Überprüfung",
        "valid_period": "Diese Vereinbarung gilt vom {start} bis zum {end}.",
        "review_text": "Die Partner überprüfen sie {review}.",
        "review_blank": "Die Partner überprüfen sie: ____________________________________.",
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
