"""What organisations make: product phrases found by their frames, and productOf facts."""

from __future__ import annotations

import pytest



def products(analysis):
    return {(r.subject.text, r.object.text) for r in analysis.relations if r.predicate == "productOf"}


@pytest.mark.parametrize("sentence,expected", [
    ("Kestrel Tools Inc, a maker of garden shears, was sold last year.", ("garden shears", "Kestrel Tools Inc")),
    ("Payroll software provider Brightledger Corp hired a new auditor.", ("Payroll software", "Brightledger Corp")),
    ("Marlow Foods Inc makes frozen pizzas in two plants.", ("frozen pizzas", "Marlow Foods Inc")),
    ("Tessaly Networks, which sells fibre routers, reported higher profits.", ("fibre routers", "Tessaly Networks")),
    ("Brightledger Corp, a software firm providing payroll tools, was sold.", ("payroll tools", "Brightledger Corp")),
    ("Brightledger Corp, a firm that sells payroll tools, was sold.", ("payroll tools", "Brightledger Corp")),
    ("Marlow Foods Inc is developing a vegan pie.", ("vegan pie", "Marlow Foods Inc")),
    ("In 1998 Marlow Foods Inc developed a frozen pie.", ("frozen pie", "Marlow Foods Inc")),
    ("Microsoft's products include fibre routers and modems.", ("modems", "Microsoft")),
    ("Marlow Foods Inc offers a wide range of frozen pies.", ("frozen pies", "Marlow Foods Inc")),
    ("Halden Energy provides drilling and mapping services.", ("drilling and mapping services", "Halden Energy")),
])
def test_a_product_in_its_frame(sentence, expected, analyse_text):
    assert expected in products(analyse_text(sentence))


@pytest.mark.parametrize("sentence", [
    "Marlow Foods Inc made a decision to close the plant.",       # a decision is no product
    "Marlow Foods Inc makes money from licensing.",               # nor is money
    "Tessaly Networks offers services to banks.",                 # a bare generic word
    "Marlow Foods Inc made frozen pizzas until 2019.",            # past tense: not what it does now
    "Marlow Foods Inc does not make frozen pizzas.",              # negated
    "Marlow Foods Inc is building a new factory.",                # where things are made
    "Marlow Foods Inc sold frozen pizzas in 2019.",               # past sales: trade, not its product now
])
def test_no_product_without_one(sentence, analyse_text):
    assert not products(analyse_text(sentence))


def test_selling_a_product_is_trade_not_a_sale_of_the_product(analyse_text):
    analysis = analyse_text("Tessaly Networks, which sells fibre routers, reported higher profits.")
    assert not [r for r in analysis.relations if r.predicate == "sold"]


def test_a_product_of_the_bought_company_is_not_the_buyer_s(analyse_text):
    analysis = analyse_text("Harwick Group has bought Kestrel Tools Inc, a maker of garden shears, for $40 million.")
    assert ("garden shears", "Kestrel Tools Inc") in products(analysis)
    assert not [r for r in analysis.relations if r.subject.text == "Harwick Group" and r.object.text == "garden shears"]


def test_common_noun_products_are_not_organisations(nlp):
    from kg.extract.entities import find_mentions
    mentions = find_mentions(nlp("Oilfield services provider Halden Energy cut its forecast."))
    assert ("Oilfield services", "Product") in {(m.text, m.cls) for m in mentions}


def test_untagged_parties_of_a_deal_are_organisations(nlp):
    from kg.extract.names import _deal_parties
    doc = nlp("Last week Zentrix acquired Pollaro for $3 million.")
    found = {(m.text, m.cls) for m in _deal_parties(doc, [], lambda offset: False)}
    assert found == {("Zentrix", "Organization"), ("Pollaro", "Organization")}
    assert not _deal_parties(nlp("Last week Zentrix did not acquire Pollaro."), [], lambda offset: False)


@pytest.mark.parametrize("sentence,expected", [
    ("Genentech makes Erivedge.", ("Erivedge", "Product")),                 # tagged an organisation by NER
    ("Microsoft makes Windows and sells Xbox consoles.", ("Xbox consoles", "Product")),  # NER's "Xbox" inside the phrase
])
def test_what_an_organisation_makes_is_a_product_whatever_ner_said(sentence, expected, nlp):
    from kg.extract.entities import find_mentions
    found = {(m.text, m.cls) for m in find_mentions(nlp(sentence))}
    assert expected in found and not {name for name, cls in found if cls == "Organization"} & {expected[0], "Xbox"}


def test_a_company_named_as_one_stays_an_organisation_in_a_product_frame(nlp):
    from kg.extract.entities import find_mentions
    found = {(m.text, m.cls) for m in find_mentions(nlp("Marlow Foods Inc sells Kestrel Tools Inc to retailers."))}
    assert ("Kestrel Tools Inc", "Organization") in found


@pytest.mark.parametrize("sentence,name,cls", [
    ("In July 2019, Pfizer acquired Therachon for up to $810 million.", "Therachon", "Organization"),
    ("In July 2019, Pfizer acquired Therachon for up to $810 million.", "Pfizer", "Organization"),
    ("Warren Buffett bought Heinz in 2013.", "Warren Buffett", "Person"),      # a person may buy
    ("Lena Dahl said Buffett bought Heinz. Warren Buffett declined to comment.", "Buffett", "Person"),  # a surname stays one
])
def test_what_is_bought_is_never_a_person(sentence, name, cls, nlp):
    from kg.extract.entities import find_mentions
    classes = {m.cls for m in find_mentions(nlp(sentence)) if m.text == name}
    assert classes == {cls}
