"""Tables for the extractors of issue 4: spokespeople, customers, partnerships (and their end),
rivals, launches, heads of units, units inside organisations; roles with their title and
status; the organisation in focus behind "the company", "Company spokesperson X" and "it".

Sentences and names are the team's own. Each table has sentences that state the fact and
sentences that must not (hedges, negation, former roles, unrelated coordination).
"""

from __future__ import annotations

import pytest

from kg.extract.syntax import FOCUS_KEY
from kg.store import asserts_fact

#: Three sentences that make Lumora Robotics the organisation an article is about.
ABOUT_LUMORA = "Lumora Robotics makes picking arms. Lumora Robotics sells them to grocers. Lumora Robotics is growing. "


def triples(analysis) -> set[tuple[str, str, str]]:
    return {(r.subject.text, r.predicate, r.object.text) for r in analysis.relations}


def relation(analysis, subject: str, predicate: str, obj: str):
    (found,) = [r for r in analysis.relations
                if (r.subject.text, r.predicate, r.object.text) == (subject, predicate, obj)]
    return found


STATED = [
    # spokespersonFor
    ("Tomas Novak, a spokesperson for Brightmill Group, declined to comment.", ("Tomas Novak", "spokespersonFor", "Brightmill Group")),
    ("Quillon Systems spokeswoman Anna Berg said the plant would reopen.", ("Anna Berg", "spokespersonFor", "Quillon Systems")),
    ("Harborview Capital's spokesman, Daniel Okafor, gave no details.", ("Daniel Okafor", "spokespersonFor", "Harborview Capital")),
    (ABOUT_LUMORA + "Company spokesperson Maya Chen said sales rose.", ("Maya Chen", "spokespersonFor", "Lumora Robotics")),
    # leads
    ("Hannah Weber, who leads Voltaic Systems, spoke on Monday.", ("Hannah Weber", "leads", "Voltaic Systems")),
    ("Voltaic Systems, led by Hannah Weber, makes inverters.", ("Hannah Weber", "leads", "Voltaic Systems")),
    ("Crestline Energy hired Hannah Weber to lead Voltaic Systems.", ("Hannah Weber", "leads", "Voltaic Systems")),
    ("Hannah Weber, head of Voltaic Systems, spoke first.", ("Hannah Weber", "leads", "Voltaic Systems")),
    # partOf
    ("Arkwell Labs, a unit within Greenleaf Group, will study batteries.", ("Arkwell Labs", "partOf", "Greenleaf Group")),
    ("Arkwell Labs is part of Greenleaf Group.", ("Arkwell Labs", "partOf", "Greenleaf Group")),
    ("Priya Natarajan, director of Greenleaf Group's Arkwell Department, spoke.", ("Arkwell Department", "partOf", "Greenleaf Group")),
    ("Arkwell Bank makes loans. Arkwell Bank Research published a study, Arkwell Bank said.",
     ("Arkwell Bank Research", "partOf", "Arkwell Bank")),
    # launched / productOf
    ("Quillon Systems launched Tidewell Studio on Tuesday.", ("Quillon Systems", "launched", "Tidewell Studio")),
    ("Quillon Systems launched Tidewell Studio on Tuesday.", ("Tidewell Studio", "productOf", "Quillon Systems")),
    ("Tidewell Studio was unveiled by Quillon Systems on Monday.", ("Quillon Systems", "launched", "Tidewell Studio")),
    ("Quillon Systems unveils Pickmate Pro, a robot for warehouses", ("Quillon Systems", "launched", "Pickmate Pro")),
    # customerOf: lists (through coordination, and as written where the parse breaks them)
    ("Lumora Robotics provides picking services to large grocers, using robots to pack orders for chains like "
     "Greenleaf Group, Orbital Foods and Tessaro Markets.", ("Tessaro Markets", "customerOf", "Lumora Robotics")),
    ("Founded in 2019, Lumora Robotics has been instrumental in helping retailers such as Greenleaf Group, "
     "Orbital Foods, and Tessaro Markets cut costs.", ("Tessaro Markets", "customerOf", "Lumora Robotics")),
    ("Lumora Robotics's clients such as Greenleaf Group and Orbital Foods pay monthly.", ("Orbital Foods", "customerOf", "Lumora Robotics")),
    ("Lumora Robotics\u2019 customers include Greenleaf Group and Orbital Foods.", ("Greenleaf Group", "customerOf", "Lumora Robotics")),
    ("Voltaic Systems supplies inverters to Crestline Energy.", ("Crestline Energy", "customerOf", "Voltaic Systems")),
    ("Voltaic Systems supplies Crestline Energy with inverters.", ("Crestline Energy", "customerOf", "Voltaic Systems")),
    ("Crestline Energy buys inverters from Voltaic Systems.", ("Crestline Energy", "customerOf", "Voltaic Systems")),
    ("Voltaic Systems counts Crestline Energy among its customers.", ("Crestline Energy", "customerOf", "Voltaic Systems")),
    ("Crestline Energy, a client of Voltaic Systems, renewed its contract.", ("Crestline Energy", "customerOf", "Voltaic Systems")),
    # partnerOf
    ("Greenleaf Group partnered with Orbital Foods in 2021.", ("Greenleaf Group", "partnerOf", "Orbital Foods")),
    ("Greenleaf Group and Orbital Foods signed a partnership on Monday.", ("Greenleaf Group", "partnerOf", "Orbital Foods")),
    ("Greenleaf Group teamed up with Orbital Foods.", ("Greenleaf Group", "partnerOf", "Orbital Foods")),
    ("Greenleaf Group's partnership with Orbital Foods has paid off.", ("Greenleaf Group", "partnerOf", "Orbital Foods")),
    ("A joint venture between Greenleaf Group and Orbital Foods will build a plant.", ("Greenleaf Group", "partnerOf", "Orbital Foods")),
    ("Greenleaf Group, a partner of Orbital Foods, makes cans.", ("Greenleaf Group", "partnerOf", "Orbital Foods")),
    # endedPartnershipWith
    ("Greenleaf Group ended its partnership with Orbital Foods.", ("Greenleaf Group", "endedPartnershipWith", "Orbital Foods")),
    ("Greenleaf Group cut ties with Orbital Foods.", ("Greenleaf Group", "endedPartnershipWith", "Orbital Foods")),
    ("Greenleaf Group stopped working with Orbital Foods.", ("Greenleaf Group", "endedPartnershipWith", "Orbital Foods")),
    ("Greenleaf Group parted ways with Orbital Foods in March.", ("Greenleaf Group", "endedPartnershipWith", "Orbital Foods")),
    ("Orbital Foods\u2019 alliance with Greenleaf Group collapsed last year.", ("Orbital Foods", "endedPartnershipWith", "Greenleaf Group")),
    ("Greenleaf Group, a former partner of Orbital Foods, makes cans.", ("Greenleaf Group", "endedPartnershipWith", "Orbital Foods")),
    (ABOUT_LUMORA + "Greenleaf Group is said to be ending its partnership after the firm's deal with Crestline Energy.",
     ("Greenleaf Group", "endedPartnershipWith", "Lumora Robotics")),
    # competesWith
    ("Crestline Energy competes with Norrland Telecom in Sweden.", ("Crestline Energy", "competesWith", "Norrland Telecom")),
    ("Crestline Energy and Voltaic Systems compete for buyers.", ("Crestline Energy", "competesWith", "Voltaic Systems")),
    ("Voltaic Systems, which competes with Crestline Energy, posted a profit.", ("Voltaic Systems", "competesWith", "Crestline Energy")),
    ("Crestline Energy's rival Voltaic Systems posted a profit.", ("Crestline Energy", "competesWith", "Voltaic Systems")),
    ("Voltaic Systems, a rival of Crestline Energy, posted a profit.", ("Crestline Energy", "competesWith", "Voltaic Systems")),
    ("Crestline Energy bought rival Voltaic Systems in May.", ("Crestline Energy", "competesWith", "Voltaic Systems")),
    ("Crestline Energy faces rivals such as Voltaic Systems, Solvane Power and Norrland Telecom.",
     ("Crestline Energy", "competesWith", "Norrland Telecom")),
    ("Crestline Energy's competitors include Voltaic Systems and Norrland Telecom.", ("Crestline Energy", "competesWith", "Norrland Telecom")),
    ("With Norrland Telecom competing hard against companies like Voltaic Systems and Quillon Systems, its margins fell.",
     ("Norrland Telecom", "competesWith", "Quillon Systems")),
    # ceoOf through the organisation in focus, and titles the parse splits
    (ABOUT_LUMORA + "Interim CEO Maya Chen wrote to staff on Monday about the company's plans.", ("Maya Chen", "ceoOf", "Lumora Robotics")),
    (ABOUT_LUMORA + "The company's interim chief executive, Maya Chen, wrote to staff.", ("Maya Chen", "ceoOf", "Lumora Robotics")),
    (ABOUT_LUMORA + "Tomas Novak, Greenleaf Group's chairman and chief executive, spoke.", ("Tomas Novak", "ceoOf", "Greenleaf Group")),
    # "it" in the sentence after one about the organisation in focus
    (ABOUT_LUMORA + "It hired Maya Chen in May.", ("Maya Chen", "joined", "Lumora Robotics")),
]

NOT_STATED = [
    # nobody named; the name in the title is not the spokesperson
    ("A Quillon Systems spokesman said the plant would reopen.", "spokespersonFor"),
    # future, past and unnamed units
    ("Hannah Weber will lead Voltaic Systems from May.", "leads"),
    ("Maya Chen has joined Lumora Robotics as head of research.", "leads"),
    ("Arkwell Labs, formerly part of Greenleaf Group, is now independent.", "partOf"),
    # plans, negation, an organisation in apposition is no product
    ("Quillon Systems plans to launch Tidewell Studio next year.", "launched"),
    ("Quillon Systems is set to launch Tidewell Studio next year.", "launched"),
    ("Quillon Systems did not release Tidewell Studio.", "launched"),
    ("Greenleaf Group launched a new company, Orbital Foods, in 2015.", "launched"),
    # lost, stopped, courted customers; sales of companies and bids are not custom
    ("Voltaic Systems lost clients such as Crestline Energy and Norrland Telecom.", "customerOf"),
    ("Voltaic Systems stopped supplying inverters to Crestline Energy.", "customerOf"),
    ("Lumora Robotics provides loans, competing for clients like Greenleaf Group and Orbital Foods.", "customerOf"),
    ("Voltaic Systems sold its grid unit to Crestline Energy.", "customerOf"),
    ("Voltaic Systems made a bid for Crestline Energy.", "customerOf"),
    # talks, denials, hedges; a loose "works with"; a cancelled deal is not a partnership
    ("Greenleaf Group is in talks to partner with Orbital Foods.", "partnerOf"),
    ("Greenleaf Group denied it would end its partnership with Orbital Foods.", "endedPartnershipWith"),
    ("Greenleaf Group is considering ending its partnership with Orbital Foods.", "endedPartnershipWith"),
    ("Talks on a partnership between Greenleaf Group and Orbital Foods stalled.", "partnerOf"),
    ("Greenleaf Group works with Orbital Foods on packaging.", "partnerOf"),
    ("Norrland Telecom's cancelled deal with Fjordnet surprised investors.", "endedPartnershipWith"),
    ("Norrland Telecom's cancelled deal with Fjordnet surprised investors.", "partnerOf"),
    (ABOUT_LUMORA + "Greenleaf Group signed a partnership on Monday.", "partnerOf"),  # with someone unnamed
    # no longer, only planned, former; "rival bids" name no rival
    ("Crestline Energy no longer competes with Voltaic Systems.", "competesWith"),
    ("Crestline Energy plans to compete with Voltaic Systems.", "competesWith"),
    ("Crestline Energy's former rival Voltaic Systems posted a profit.", "competesWith"),
    ("Crestline Energy and Voltaic Systems agreed on prices while rival bids from Norrland Telecom stalled.", "competesWith"),
    # "the parent company" is another company; a dummy "it"; "it" after a sentence about someone else
    (ABOUT_LUMORA + "The parent company hired Maya Chen in May.", "joined"),
    ("Lumora Robotics makes arms. Maya Chen likes tea. It hired Tomas Novak in May.", "joined"),
]


@pytest.mark.parametrize("sentence,expected", STATED)
def test_extracts_the_stated_fact(analyse_text, sentence, expected):
    assert expected in triples(analyse_text(sentence))


@pytest.mark.parametrize("sentence,predicate", NOT_STATED)
def test_asserts_nothing_that_is_not_stated(analyse_text, sentence, predicate):
    assert not [t for t in triples(analyse_text(sentence)) if t[1] == predicate]


ROLES = [
    # (text, (holder, property, organisation), roleTitle, roleStatus)
    ("Anna Berg, Norrland Telecom's acting chief executive, spoke.", ("Anna Berg", "ceoOf", "Norrland Telecom"),
     "acting chief executive", "interim"),
    ("Former Quillon Systems CEO Hannah Weber spoke at the event.", ("Hannah Weber", "ceoOf", "Quillon Systems"), "CEO", "former"),
    ("Tomas Novak stepped down as chief executive of Brightmill Group on Friday.", ("Tomas Novak", "ceoOf", "Brightmill Group"),
     "chief executive", "former"),
    ("Quillon Systems CEO Hannah Weber resigned on Friday.", ("Hannah Weber", "ceoOf", "Quillon Systems"), "CEO", "former"),
    ("Tomas Novak stepped in as interim chief executive of Brightmill Group on Friday.",
     ("Tomas Novak", "ceoOf", "Brightmill Group"), "interim chief executive", "interim"),
    (ABOUT_LUMORA + "Former CEO Tomas Novak met Maya Chen in May.", ("Tomas Novak", "ceoOf", "Lumora Robotics"), "CEO", "former"),
    (ABOUT_LUMORA + "Interim CEO Maya Chen wrote to staff on Monday about the company's plans.",
     ("Maya Chen", "ceoOf", "Lumora Robotics"), "Interim CEO", "interim"),
    ("Former Quillon Systems spokesman Daniel Okafor now runs a bakery.", ("Daniel Okafor", "spokespersonFor", "Quillon Systems"),
     "spokesman", "former"),
    ("Hannah Weber, head of Voltaic Systems, spoke first.", ("Hannah Weber", "leads", "Voltaic Systems"), "head", "current"),
]


@pytest.mark.parametrize("text,fact,title,status", ROLES)
def test_roles_carry_their_title_and_status(analyse_text, text, fact, title, status):
    qualifiers = relation(analyse_text(text), *fact).evidence.qualifiers
    assert (qualifiers["roleTitle"], qualifiers["roleStatus"]) == (title, status)
    # the store keeps a former role as a membership, not as a current fact
    assert asserts_fact(fact[1], qualifiers) is (status != "former")


def test_a_former_head_is_recorded_as_former(analyse_text):
    found = relation(analyse_text("Hannah Weber, who previously led Voltaic Systems, joined Crestline Energy."),
                     "Hannah Weber", "leads", "Voltaic Systems")
    assert found.evidence.qualifiers["roleStatus"] == "former"


def test_a_role_not_yet_held_is_no_role(analyse_text):
    assert not [t for t in triples(analyse_text("Incoming Quillon Systems CEO Hannah Weber starts in May."))
                if t[1] == "ceoOf"]


def test_a_title_before_a_name_is_not_shared_with_the_next_name(analyse_text):
    found = triples(analyse_text("The talks between Brightmill Group boss Tomas Novak and Harborview Capital's Maya Chen ended."))
    assert ("Tomas Novak", "leads", "Brightmill Group") in found
    assert ("Maya Chen", "leads", "Brightmill Group") not in found


# ---------------------------------------------------------------- the organisation in focus


def test_the_company_is_a_mention_of_the_organisation_in_focus(analyse_text):
    text = ABOUT_LUMORA + "The company hired Maya Chen."
    analysis = analyse_text(text)
    (reference,) = [m for m in analysis.mentions if analysis.article.text[m.start:m.end] == "The company"]
    assert (reference.text, reference.cls) == ("Lumora Robotics", "Organization")
    assert ("Maya Chen", "joined", "Lumora Robotics") in triples(analysis)


def test_no_focus_when_two_organisations_are_as_prominent(analyse_text):
    text = ("Lumora Robotics makes arms. Harborview Capital owns a stake. Lumora Robotics sells them. "
            "Harborview Capital is growing. The company hired Maya Chen in May.")
    analysis = analyse_text(text)
    assert all(analysis.article.text[m.start:m.end] == m.text for m in analysis.mentions)
    assert not [t for t in triples(analysis) if t[1] == "joined"]


def test_the_focus_needs_more_than_one_mention(nlp):
    from kg.extract.entities import find_mentions

    doc = nlp("Lumora Robotics makes arms. The company hired Maya Chen.")
    find_mentions(doc)
    assert doc.user_data[FOCUS_KEY] is None


def test_a_news_source_is_not_the_focus(nlp):
    from kg.extract.entities import find_mentions

    doc = nlp("Quillon Systems told Tessaro News that sales fell. Tessaro News asked Quillon Systems again. "
              "Tessaro News said Quillon Systems was quiet. Quillon Systems declined to comment.")
    find_mentions(doc)
    assert doc.user_data[FOCUS_KEY].text == "Quillon Systems"


# ---------------------------------------------------------------- names by context


def test_examples_of_companies_are_organisations(analyse_text):
    analysis = analyse_text("Lumora Robotics packs orders for companies like Greenleaf Group, Orbital Foods and Netflix.")
    assert {m.text: m.cls for m in analysis.mentions}["Netflix"] == "Organization"


def test_a_launched_name_that_ner_missed_is_a_product(analyse_text):
    analysis = analyse_text("Quillon Systems unveils Pickmate Pro, a robot for warehouses")
    assert {m.text: m.cls for m in analysis.mentions}["Pickmate Pro"] == "Product"


def test_evidence_of_a_focus_fact_is_its_own_sentence(analyse_text):
    text = ABOUT_LUMORA + "Company spokesperson Maya Chen said sales rose."
    analysis = analyse_text(text)
    found = relation(analysis, "Maya Chen", "spokespersonFor", "Lumora Robotics")
    assert found.evidence.sentence == "Company spokesperson Maya Chen said sales rose."
    assert analysis.article.text[found.evidence.start:found.evidence.end] == found.evidence.sentence
