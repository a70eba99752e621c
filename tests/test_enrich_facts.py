"""Facts and items from the real seed documents, plus format tables in the seven languages."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ingest.clean import clean_blocks
from ingest.enrich.facts import extract_facts, parse_number
from ingest.enrich.items import extract_items, find_dates
from ingest.extract.base import Limits
from ingest.extract.text import extract_text
from ingest.passages import make_passages
from kb.models import Fact, Item, Passage, to_dict

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LIMITS = Limits(2_000_000, 400 * 2**20, 200.0, 10_000)


@cache
def _passages(name: str) -> tuple[Passage, ...]:
    blocks = clean_blocks(extract_text(CORPUS / name, LIMITS).blocks)
    return tuple(make_passages(blocks))


@pytest.fixture
def seed() -> Callable[[str], list[Passage]]:
    """Passages of a seed file, made the way the pipeline makes them."""
    return lambda name: list(_passages(name))


def facts_of(text: str, language: str = "en", heading: str | None = None) -> list[Fact]:
    return extract_facts([Passage(0, text, heading=heading, language=language)], language)


def values(facts: list[Fact], kind: str) -> list[Any]:
    return [f.value for f in facts if f.kind == kind]


def only(facts: list[Fact], kind: str) -> Fact:
    found = [f for f in facts if f.kind == kind]
    assert len(found) == 1, found
    return found[0]


# --- the real seeds -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["intra-net-summary-en.txt", "intra-net-summary-de.txt"])
def test_intra_net_summaries(seed: Callable[[str], list[Passage]], name: str) -> None:
    lang = "de" if name.endswith("-de.txt") else "en"
    facts = extract_facts(seed(name), lang)
    total = only(facts, "total_budget")
    assert (total.value, total.unit) == (295578.0, "EUR")
    assert "295" in total.text and total.subject is not None and "InTra" in total.subject
    eu = only(facts, "eu_contribution")
    assert (eu.value, eu.unit) == (192126.0, "EUR")
    assert eu.passage == total.passage  # both figures come from the same sentence
    assert values(facts, "participants") == [171]
    assert values(facts, "programming_period") == ["2007-2013"]
    assert not values(facts, "budget")


def test_intra_net_presentation_facts(seed: Callable[[str], list[Passage]]) -> None:
    facts = extract_facts(seed("intra-net-presentation.txt"), "en")
    eu = only(facts, "eu_contribution")
    assert (eu.value, eu.unit) == (220000.0, "EUR")
    assert "European Regional Development Fund" in eu.text
    assert values(facts, "project_period") == ["2011-2012"]
    assert values(facts, "clusters") == [20]
    assert set(values(facts, "event_date")) <= {"2012-01-17", "2012-06-12", "2012-09-14"}
    assert not values(facts, "total_budget") and not values(facts, "budget")


def test_intra_net_presentation_recommendations(seed: Callable[[str], list[Passage]]) -> None:
    items = [i for i in extract_items(seed("intra-net-presentation.txt"), "en") if i.kind == "recommendation"]
    assert [i.number for i in items] == [1, 2, 3, 4, 5]
    assert items[0].text == "Identify challenges and opportunities for the clusters in the border region."
    assert items[1].text.endswith("can hinder cross-border clustering.")
    assert "labour mobility programme" in items[2].text
    assert items[4].text.endswith("needed for future identification.")
    assert all("\n" not in i.text and "  " not in i.text for i in items)
    assert len({i.passage for i in items}) == 1


def test_intra_net_presentation_workshops(seed: Callable[[str], list[Passage]]) -> None:
    items = [i for i in extract_items(seed("intra-net-presentation.txt"), "en") if i.kind == "workshop"]
    assert [(i.date, i.end_date) for i in items] == [
        ("2012-01-17", "2012-01-18"),
        ("2012-06-12", "2012-06-13"),
        ("2012-09-14", None),
    ]
    assert [i.title for i in items] == [
        "Workshop 1 and networking event",
        "Workshop 2 and networking event",
        "Workshop 3",
    ]
    assert items[0].focus == [
        "Open innovation",
        "Facilitating innovation processes",
        "Cluster mappings",
        "Presentation pitches",
        "Intercultural issues",
        "Idea generation",
    ]
    assert "Business model creativity" in items[1].focus
    assert "Available EU funding for cross-border projects" in items[1].focus
    assert "Choosing partners" in items[2].focus
    assert "Relationship costs and benefits" in items[2].focus  # "and" inside a topic does not split it
    assert all(i.topics == [] for i in items)


def test_clusteragentur_alpine_space_danube(seed: Callable[[str], list[Passage]]) -> None:
    passages = seed("clusteragentur-bw-alpine-space-danube.txt")
    facts = extract_facts(passages, "en")
    eu = only(facts, "eu_contribution")
    total = only(facts, "total_budget")
    assert (eu.value, eu.unit, total.value, total.unit) == (1930000.0, "EUR", 2520000.0, "EUR")
    assert eu.subject is not None and "S3-4AlpClusters" in eu.subject
    assert total.subject is not None and "S3-4AlpClusters" in total.subject
    assert values(facts, "partners") == [17]
    assert values(facts, "countries") == [10]
    assert values(facts, "start_date") == ["2017-01-01"]
    assert only(facts, "partners").subject == "DanuBioValNet"
    money = [f for f in facts if f.kind in ("total_budget", "eu_contribution", "budget")]
    assert len(money) == 2
    contact = passages[-1].ordinal
    assert not [f for f in facts if f.passage == contact and f.kind != "event_date"]  # phone, postcode, street
    assert all("70174" not in json.dumps(f.value) and "3034" not in json.dumps(f.value) for f in facts)


def test_nsr_project_idea(seed: Callable[[str], list[Passage]]) -> None:
    facts = extract_facts(seed("nsr-project-idea-urban-rural-s3.txt"), "en")
    budget = only(facts, "budget")
    assert budget.value == {"min": 2500000.0, "max": 3000000.0}
    assert budget.unit == "EUR"
    assert not values(facts, "total_budget") and not values(facts, "eu_contribution")
    assert "2014-06-30" in values(facts, "event_date")
    for fact in facts:
        assert "Boulevarden" not in fact.text and "40621585" not in fact.text
        assert fact.kind in ("budget", "event_date", "countries")
    assert not [i for i in extract_items(seed("nsr-project-idea-urban-rural-s3.txt"), "en") if i.kind == "workshop"]


def test_seed_facts_are_json_and_carry_evidence(seed: Callable[[str], list[Passage]]) -> None:
    for name in sorted(p.name for p in CORPUS.glob("*.txt")):
        passages = seed(name)
        ordinals = {p.ordinal for p in passages}
        facts = extract_facts(passages, "en")
        items = extract_items(passages, "en")
        json.dumps(to_dict(facts) + to_dict(items))
        keys = [(f.kind, json.dumps(f.value, sort_keys=True), f.passage) for f in facts]
        assert len(keys) == len(set(keys)), name
        for fact in facts:
            assert fact.passage in ordinals
            assert 0 < len(fact.text) <= 302
        assert all(isinstance(i, Item) and i.passage in ordinals for i in items)


# --- money ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "kind", "value", "unit"),
    [
        ("en", "The total budget is EUR 295 578.", "total_budget", 295578.0, "EUR"),
        ("de", "Das Budget beträgt 295 578 EUR.", "budget", 295578.0, "EUR"),
        ("de", "Das Budget beträgt 220.000 €.", "budget", 220000.0, "EUR"),
        ("en", "A grant of € 220,000 was awarded.", "eu_contribution", 220000.0, "EUR"),
        ("en", "ERDF funding: EUR 1.93 million", "eu_contribution", 1930000.0, "EUR"),
        ("en", "The total budget of the project is EUR 2.52 million.", "total_budget", 2520000.0, "EUR"),
        ("de", "Geschätztes Budget: 2,5-3 mio Euro", "budget", {"min": 2500000.0, "max": 3000000.0}, "EUR"),
        ("de", "Die EU-Förderung beträgt 1,2 Mio. Euro.", "eu_contribution", 1200000.0, "EUR"),
        ("da", "Projektet har et budget på 3 mio. kr.", "budget", 3000000.0, "DKK"),
        ("da", "Det samlede budget er på 3 mio. kr.", "total_budget", 3000000.0, "DKK"),
        ("de", "Gesamtkosten: 12 Mio. €", "total_budget", 12000000.0, "EUR"),
        ("en", "The project has a budget of €2.5m.", "budget", 2500000.0, "EUR"),
        ("da", "Projektet har et budget på DKK 4.5 mio", "budget", 4500000.0, "DKK"),
        ("da", "EU-støtte fra EFRU: 1,5 mio. euro", "eu_contribution", 1500000.0, "EUR"),
        ("sv", "Den totala budgeten är 12 miljoner kronor.", "total_budget", 12000000.0, "SEK"),
        ("sv", "Från Europeiska regionala utvecklingsfonden kommer 5 miljoner kronor.", "eu_contribution", 5e6, "SEK"),
        ("nb", "Prosjektet har et budsjett på 3 millioner kr.", "budget", 3000000.0, "NOK"),
        ("nl", "De totale begroting bedraagt 1,5 miljoen euro.", "total_budget", 1500000.0, "EUR"),
        ("nl", "Het EFRO draagt € 450.000 bij.", "eu_contribution", 450000.0, "EUR"),
        ("fr", "Le budget total est de 2,3 millions d'euros.", "total_budget", 2300000.0, "EUR"),
        ("fr", "Le FEDER apporte 800 000 €.", "eu_contribution", 800000.0, "EUR"),
        ("de", "Projektbudget: TEUR 500", "budget", 500000.0, "EUR"),
        ("de", "Gesamtbudget 1.500 TEUR", "total_budget", 1500000.0, "EUR"),
        ("sv", "Projektet har en budget på 5 MSEK.", "budget", 5000000.0, "SEK"),
        ("sv", "Budget: 2,5 mnkr", "budget", 2500000.0, "SEK"),
        ("fr", "Budget total : 2 M€", "total_budget", 2000000.0, "EUR"),
        ("da", "Projektet koster kr. 3 mio.", "budget", 3000000.0, "DKK"),
        ("da", "Budget: 3.000.000 kr.", "budget", 3000000.0, "DKK"),
        ("en", "In 2014-2020 EUR 5 billion were invested.", "budget", 5e9, "EUR"),
        ("de", "Die Mittel aus dem EFRE betragen 3,5 Mrd. Euro.", "eu_contribution", 3.5e9, "EUR"),
        ("en", "Funding: EUR 1,234,567.50 in total", "budget", 1234567.5, "EUR"),
        (
            "en",
            "with financing (220.000 €) from the European Regional Development Fund",
            "eu_contribution",
            220000.0,
            "EUR",
        ),
    ],
)
def test_money_formats(lang: str, text: str, kind: str, value: Any, unit: str) -> None:
    fact = only(facts_of(text, lang), kind)
    assert (fact.value, fact.unit) == (value, unit)
    assert [f.kind for f in facts_of(text, lang)] == [kind]


def test_two_amounts_in_one_sentence() -> None:
    text = (
        "Die Gesamtinvestitionen für das Projekt „InTra-Net“ belaufen sich auf 295 578 EUR, an denen sich der "
        "Europäische Fonds für regionale Entwicklung mit 192 126 EUR beteiligt."
    )
    facts = facts_of(text, "de")
    assert [(f.kind, f.value, f.subject) for f in facts] == [
        ("total_budget", 295578.0, "InTra-Net"),
        ("eu_contribution", 192126.0, "InTra-Net"),
    ]


def test_a_fund_named_in_parentheses_belongs_to_its_own_amount() -> None:
    facts = facts_of("€ 1.5 million (ERDF: € 1.1 million)")
    assert [(f.kind, f.value) for f in facts] == [("budget", 1500000.0), ("eu_contribution", 1100000.0)]


def test_heading_is_the_cue() -> None:
    assert values(facts_of("2,5-3 mio Euro", heading="Estimated Budget"), "budget") == [
        {"min": 2500000.0, "max": 3000000.0}
    ]
    assert values(facts_of("EUR 500.000", "de", heading="EU-Mittel"), "eu_contribution") == [500000.0]


@pytest.mark.parametrize(
    ("raw", "scaled", "expected"),
    [
        ("295 578", False, 295578.0),
        ("220.000", False, 220000.0),
        ("220,000", False, 220000.0),
        ("1.93", False, 1.93),
        ("1,2", True, 1.2),
        ("1.500", True, 1.5),
        ("1.234.567", False, 1234567.0),
        ("1.234,5", False, 1234.5),
        ("1,234.5", False, 1234.5),
    ],
)
def test_parse_number(raw: str, scaled: bool, expected: float) -> None:
    assert parse_number(raw, scaled) == expected


# --- dates and periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("17-18 January 2012", "2012-01-17", "2012-01-18"),
        ("1 January 2017", "2017-01-01", None),
        ("16 December 2015", "2015-12-16", None),
        ("17. Januar 2012", "2012-01-17", None),
        ("17. januar 2012", "2012-01-17", None),
        ("den 17 januari 2012", "2012-01-17", None),
        ("17 janvier 2012", "2012-01-17", None),
        ("January 17, 2012", "2012-01-17", None),
        ("June 30,\n2014", "2014-06-30", None),
        ("2012-01-17", "2012-01-17", None),
        ("17.01.2012", "2012-01-17", None),
        ("17/01/2012", "2012-01-17", None),
        ("den 5 maj 2020", "2020-05-05", None),
        ("2 mei 2019", "2019-05-02", None),
        ("le 3 février 2021", "2021-02-03", None),
        ("1er mars 2020", "2020-03-01", None),
        ("12. März 2019", "2019-03-12", None),
        ("12. Maerz 2019", "2019-03-12", None),
        ("3. okt. 2018", "2018-10-03", None),
        ("24. Dez. 2018", "2018-12-24", None),
        ("7 Jan. 2016", "2016-01-07", None),
        ("17.-18. Januar 2012", "2012-01-17", "2012-01-18"),
        ("30 June - 2 July 2015", "2015-06-30", "2015-07-02"),
        ("9. desember 2021", "2021-12-09", None),
    ],
)
def test_date_formats(text: str, first: str, last: str | None) -> None:
    dates = find_dates(f"Held {text} in Kolding.")
    assert [(d.first, d.last) for d in dates] == [(first, last)]
    assert values(facts_of(f"The workshop took place {text}."), "event_date") == [first]


@pytest.mark.parametrize("text", ["31 February 2012", "2012-13-45", "32.01.2012", "0 May 2012", "May 2012", "2012"])
def test_impossible_or_partial_dates_are_ignored(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("lang", "text", "kind", "value"),
    [
        ("en", "The project started on 1 January 2017.", "start_date", "2017-01-01"),
        ("de", "Projektstart: 01.03.2019", "start_date", "2019-03-01"),
        ("en", "start: 01.03.2019", "start_date", "2019-03-01"),
        ("da", "Projektet startede den 1. marts 2019.", "start_date", "2019-03-01"),
        ("en", "A workshop on 16 December 2015 closed the year.", "event_date", "2015-12-16"),
        ("en", "The project started in 2015; a conference was held on 3 May 2016.", "event_date", "2016-05-03"),
        ("en", "We launch a constant discovery process (OECD, 7 November 2012).", "event_date", "2012-11-07"),
        ("nl", "herinnerend aan de beginselen van de verklaring van 22 december 1994", "event_date", "1994-12-22"),
    ],
)
def test_start_and_event_dates(lang: str, text: str, kind: str, value: str) -> None:
    facts = facts_of(text, lang)
    assert [(f.kind, f.value) for f in facts if f.kind.endswith("_date")] == [(kind, value)]


@pytest.mark.parametrize(
    ("lang", "text", "kind", "value"),
    [
        ("en", "The InTra-Net project is a two year project (2011-2012).", "project_period", "2011-2012"),
        ("en", "The project duration 2016-2019 was extended.", "project_period", "2016-2019"),
        ("de", "Projektlaufzeit: 2016 bis 2019", "project_period", "2016-2019"),
        ("en", "for the 2007 to 2013 programming period", "programming_period", "2007-2013"),
        ("de", "für den Programmplanungszeitraum 2007 bis 2013", "programming_period", "2007-2013"),
        ("da", "i programperioden 2021–2027", "programming_period", "2021-2027"),
        ("en", "in the funding period 2014-2020", "programming_period", "2014-2020"),
        ("nl", "in de programmaperiode 2014-2020", "programming_period", "2014-2020"),
        ("fr", "pour la période de programmation 2014-2020", "programming_period", "2014-2020"),
        ("de", "in der Förderperiode 2014-20", "programming_period", "2014-2020"),
    ],
)
def test_periods(lang: str, text: str, kind: str, value: str) -> None:
    facts = facts_of(text, lang)
    assert [(f.kind, f.value) for f in facts] == [(kind, value)]


# --- counts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "kind", "value"),
    [
        ("en", "The conference was attended by 171 participants.", "participants", 171),
        ("de", "Die Abschlusskonferenz wurde von 171 Interessenten besucht.", "participants", 171),
        ("da", "Konferencen havde 171 deltagere.", "participants", 171),
        ("sv", "Konferensen samlade 1 200 deltagare.", "participants", 1200),
        ("en", "17 partners from the Danube area began collaboration.", "partners", 17),
        ("en", "Eleven of the 17 partners are cluster initiatives.", "partners", 17),
        ("de", "Zwölf Projektpartner arbeiten zusammen.", "partners", 12),
        ("en", "The partners are from ten countries or regions.", "countries", 10),
        ("de", "Partner aus acht Ländern.", "countries", 8),
        ("da", "Deltagere fra fem lande.", "countries", 5),
        ("fr", "Des partenaires de six pays.", "countries", 6),
        ("en", "20 clusters from the INTERREG 4A Region", "clusters", 20),
        ("da", "20 klynger deltog.", "clusters", 20),
        ("nl", "Er namen twaalf deelnemers deel.", "participants", 12),
    ],
)
def test_counts(lang: str, text: str, kind: str, value: int) -> None:
    facts = facts_of(text, lang)
    assert [(f.kind, f.value) for f in facts] == [(kind, value)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("da", "Boulevarden 13"),
        ("de", "70174 Stuttgart"),
        ("de", "+ 49 711 123-3034"),
        ("da", "Tel: 40621585"),
        ("de", "Willi-Bleicher-Straße 19\n70174 Stuttgart\n+ 49 711 123-3034"),
        ("en", "Phone: +45 6550 1344"),
        ("en", "In 2012, the region grew."),
        ("en", "See page 12 of 40 and chapter 3.2.1."),
        ("en", "The period 2014-2020 was long."),
        ("en", "ISBN 978-3-16-148410-0"),
        ("en", "The EU-srategy 2020 targets growth."),
        ("en", "Tickets cost EUR 50."),
        ("en", "9 representatives from public sector"),
        ("en", "We talked to partners in Germany and two of them are academic partners."),
        ("en", "Send it to 20 cluster managers."),
        ("da", "Det koster 2014 kr."),
        ("de", "Kr. Schleswig-Flensburg"),
        ("en", "The Euroregion had 2000 members."),
    ],
)
def test_sentences_without_facts(lang: str, text: str) -> None:
    assert facts_of(text, lang) == []


def test_years_next_to_a_currency_are_not_money() -> None:
    facts = facts_of("Förderzeitraum 2014 bis 2020 EUR", "de")
    assert [(f.kind, f.value) for f in facts] == [("programming_period", "2014-2020")]


def test_duplicates_are_dropped_per_passage() -> None:
    text = "The budget is EUR 1 million. Again: the budget is EUR 1 million."
    assert values(facts_of(text), "budget") == [1000000.0]
    passages = [Passage(0, "The budget is EUR 1 million."), Passage(1, "The budget is EUR 1 million.")]
    assert [f.passage for f in extract_facts(passages, "en")] == [0, 1]


def test_evidence_is_trimmed_around_the_figure() -> None:
    text = "Words " * 120 + "the total budget is EUR 3 million " + "and more words " * 60 + "end."
    fact = only(facts_of(text), "total_budget")
    assert "EUR 3 million" in fact.text
    assert len(fact.text) <= 302
    assert "\n" not in fact.text


def test_subject_from_an_earlier_sentence() -> None:
    text = 'Within the programme "DanuBioValNet", new value chains are built. For this, 17 partners work together.'
    assert only(facts_of(text), "partners").subject == "DanuBioValNet"
    assert only(facts_of("The budget is EUR 2 million."), "budget").subject is None


# --- recommendations -------------------------------------------------------------------------------------


def test_german_recommendations() -> None:
    text = (
        "Einleitung des Berichts.\n\nHandlungsempfehlungen\n\n"
        "1. Grenzüberschreitende Cluster sollten gemeinsame Ziele\nfestlegen.\n"
        "2. Die Zusammenarbeit der\n\nCluster stärken.\n"
        "3. Förderprogramme abstimmen.\n\nFazit\nDas Projekt war erfolgreich."
    )
    items = extract_items([Passage(0, text, language="de")], "de")
    assert [(i.kind, i.number, i.text) for i in items] == [
        ("recommendation", 1, "Grenzüberschreitende Cluster sollten gemeinsame Ziele festlegen."),
        ("recommendation", 2, "Die Zusammenarbeit der Cluster stärken."),
        ("recommendation", 3, "Förderprogramme abstimmen."),
    ]


def test_danish_recommendations_under_a_heading_across_passages() -> None:
    passages = [
        Passage(0, "Projektet har kortlagt klyngerne.", heading="Baggrund"),
        Passage(1, "• Styrk samarbejdet mellem klyngerne på tværs af\ngrænsen.", heading="Anbefalinger"),
        Passage(2, "• Etabler et fælles sekretariat.", heading="Anbefalinger"),
        Passage(3, "• Ikke en anbefaling.", heading="Konklusion"),
    ]
    items = extract_items(passages, "da")
    assert [(i.number, i.text, i.passage) for i in items] == [
        (None, "Styrk samarbejdet mellem klyngerne på tværs af grænsen.", 1),
        (None, "Etabler et fælles sekretariat.", 2),
    ]


@pytest.mark.parametrize(
    "cue", ["Recommendations:", "Empfehlungen", "Anbefalinger:", "Rekommendationer", "Aanbevelingen", "Recommandations"]
)
def test_recommendation_cues(cue: str) -> None:
    text = f"{cue}\n1. First thing to do.\n2. Second thing to do.\n\nAnother section starts here."
    items = extract_items([Passage(0, text)], "en")
    assert [(i.number, i.text) for i in items] == [(1, "First thing to do."), (2, "Second thing to do.")]


def test_lists_without_a_recommendation_cue_are_not_recommendations() -> None:
    text = (
        "The project will deliver political recommendations on how to improve. These recommendations are expected\n"
        "to have a general relevance.\n\n- Policy framework for long-term cooperation\n\n- Smart networks"
    )
    assert extract_items([Passage(0, text)], "en") == []


# --- workshops -------------------------------------------------------------------------------------------


def test_workshop_entries_in_other_shapes() -> None:
    text = (
        "Workshop on innovation\n17 January 2012, Kolding\nFocus on open innovation, cluster\nmappings.\n\n"
        "The final conference was held on 5 May 2014 in Kolding.\n\n"
        "Den 3. marts 2013: Netværksmøde i Aabenraa\n\n"
        "Published on 4 April 2014."
    )
    items = extract_items([Passage(0, text)], "en")
    assert [(i.date, i.title) for i in items] == [
        ("2012-01-17", "Workshop on innovation"),
        ("2014-05-05", "conference"),
        ("2013-03-03", "Netværksmøde i Aabenraa"),
    ]
    assert items[0].focus == ["open innovation", "cluster mappings"]


def test_a_repeated_event_is_one_item() -> None:
    text = "The fund also\norganised a conference on 1 November 2012 to hear entrepreneurs."
    items = extract_items([Passage(0, text), Passage(1, text)], "en")
    assert [(i.passage, i.date, i.title) for i in items] == [(0, "2012-11-01", "conference")]


def test_german_workshop_list() -> None:
    text = "12.-13. Juni 2012: Workshop 2 und Netzwerktreffen\nSchwerpunkte: Geschäftsmodelle, Kooperation."
    (item,) = extract_items([Passage(0, text, language="de")], "de")
    assert (item.date, item.end_date, item.title) == ("2012-06-12", "2012-06-13", "Workshop 2 und Netzwerktreffen")
    assert item.focus == ["Geschäftsmodelle", "Kooperation"]


# --- robustness ------------------------------------------------------------------------------------------


def test_long_random_text_finishes() -> None:
    rng = random.Random(2024)
    vocab = [
        "EUR", "€", "1.234", "2,5", "mio", "Mio.", "kr.", "17", "January", "2012", "-", "–", "Workshop", "1.", "•",
        "Recommendations:", "total", "budget", "ERDF", "partners", "clusters", "ten", "“InTra-Net”", "aB", "\n", "\n\n",
        "the", "and", "funding", "period", "2014-2020", "17.01.2012", "Focus on", ",", ".", "000", "999 999", "....",
    ]  # fmt: skip
    text = " ".join(rng.choice(vocab) for _ in range(250_000))
    assert len(text) > 1_000_000
    passages = [Passage(0, text), Passage(1, "1 " * 200_000), Passage(2, "aB" * 100_000)]
    assert isinstance(extract_facts(passages, "en"), list)
    assert isinstance(extract_items(passages, "en"), list)


def test_empty_input() -> None:
    assert extract_facts([], "en") == []
    assert extract_items([], "en") == []
    assert extract_facts([Passage(0, "")], "und") == []
