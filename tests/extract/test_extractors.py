"""Extractor tables: a sentence in, the (subject, property, object) it states out.

Sentences are the team's own. Known misses are marked xfail with the reason.
"""

from __future__ import annotations

import pytest

from kg.errors import UnknownPluginError
from kg.extract import EXTRACTORS, get_extractors
from kg.schema import event_properties, fact_properties
from kg.vocab import KG

CASES = [
    # investment
    ("Harborview Capital invested $250 million in Lumora Robotics.", ("Harborview Capital", "investedIn", "Lumora Robotics")),
    ("Northgate Partners poured $40 million into Brightmill.", ("Northgate Partners", "investedIn", "Brightmill")),
    ("Last year Meta paid $14 billion for a 49% stake in Scale AI.", ("Meta", "investedIn", "Scale AI")),
    ("Microsoft's investment in OpenAI grew.", ("Microsoft", "investedIn", "OpenAI")),
    # acquisition
    ("Norrland Telecom has acquired Fjordnet for $1.2 billion.", ("Norrland Telecom", "acquired", "Fjordnet")),
    ("LinkedIn was acquired by Microsoft in 2016.", ("Microsoft", "acquired", "LinkedIn")),
    ("Whole Foods was bought by Amazon for $13.7 billion.", ("Amazon", "acquired", "Whole Foods")),
    ("Google bought YouTube for $1.65 billion.", ("Google", "acquired", "YouTube")),
    ("Crestline Energy, which acquired Voltaic Systems last year, is hiring.", ("Crestline Energy", "acquired", "Voltaic Systems")),
    ("Amazon's acquisition of Whole Foods closed in August.", ("Amazon", "acquired", "Whole Foods")),
    # what is bought is an organisation, whatever NER says (the small model tags both as people here)
    ("In July 2019, Pfizer acquired Therachon for up to $810 million.", ("Pfizer", "acquired", "Therachon")),
    # founding
    ("Priya Natarajan founded Lumora Robotics in 2019.", ("Priya Natarajan", "founded", "Lumora Robotics")),
    ("Apple was founded by Steve Jobs in a garage.", ("Steve Jobs", "founded", "Apple")),
    ("Alexandr Wang, the founder of Scale AI, moved to Meta.", ("Alexandr Wang", "founded", "Scale AI")),
    ("Scale AI founder Alexandr Wang moved to Meta.", ("Alexandr Wang", "founded", "Scale AI")),
    # "it" and "its" stand for the organisation named just before them
    ("Greenleaf Group said on Monday that it had bought Orbital Foods.", ("Greenleaf Group", "acquired", "Orbital Foods")),
    ("Harborview Capital invested in Lumora Robotics and hired its founder Priya Natarajan.", ("Priya Natarajan", "founded", "Lumora Robotics")),
    # joining
    ("Maya Chen has joined Veltrix as head of research.", ("Maya Chen", "joined", "Veltrix")),
    ("Meta hired Alexandr Wang to lead a new lab.", ("Alexandr Wang", "joined", "Meta")),
    ("Tomas Novak was hired by Veltrix in May.", ("Tomas Novak", "joined", "Veltrix")),
    # CEO
    ("Jason Droege is the CEO of Scale AI.", ("Jason Droege", "ceoOf", "Scale AI")),
    ("Scale AI CEO Jason Droege wrote to staff.", ("Jason Droege", "ceoOf", "Scale AI")),
    ("Anna Berg, chief executive of Norrland Telecom, spoke on Monday.", ("Anna Berg", "ceoOf", "Norrland Telecom")),
    ("Satya Nadella, Microsoft's chief executive officer, spoke first.", ("Satya Nadella", "ceoOf", "Microsoft")),
    ("Tim Cook serves as chief executive of Apple.", ("Tim Cook", "ceoOf", "Apple")),
    # company structure and deals
    ("Voltaic Systems, a subsidiary of Crestline Energy, reported a loss.", ("Voltaic Systems", "subsidiaryOf", "Crestline Energy")),
    ("Siemens sold Osram to a group of investors.", ("Siemens", "sold", "Osram")),
    ("Greenleaf Group acquired Orbital Foods from Harborview Capital.", ("Harborview Capital", "sold", "Orbital Foods")),
    ("Crestline Energy merged with Voltaic Systems in 2019.", ("Crestline Energy", "mergedWith", "Voltaic Systems")),
    # places
    ("Lumora Robotics, which is based in Boston, makes picking arms.", ("Lumora Robotics", "headquarteredIn", "Boston")),
    ("The plant is in Troy, Michigan, near the river.", ("Troy", "locatedIn", "Michigan")),
    ("He was born in Dover, Del., and moved west.", ("Dover", "locatedIn", "Del.")),
    ("Floods hit Boulder in Colorado on Monday.", ("Boulder", "locatedIn", "Colorado")),
    ("The sisters were raised in Gary in northern Indiana.", ("Gary", "locatedIn", "Indiana")),
    ("Floods closed the road between Aspen and Boulder, Colo., on Monday.", ("Aspen", "locatedIn", "Colo.")),
    ("Storms hit Ohio's Franklin County on Friday.", ("Franklin County", "locatedIn", "Ohio")),
    ("The talks were held in Quito, Ecuador's capital.", ("Quito", "locatedIn", "Ecuador")),
    ("Farmers in Canada's province of Manitoba protested.", ("Manitoba", "locatedIn", "Canada")),
    ("Northgate Army Depot, Ashford, Wash., will close.", ("Northgate Army Depot", "locatedIn", "Ashford")),
    ("LAKEWOOD, Colo. (AP) - Hail damaged cars on Monday.", ("LAKEWOOD", "locatedIn", "Colo.")),
    ("Lena Ortiz grew up on a farm near Ames, Story County, Iowa, in the 1970s.", ("Ames", "locatedIn", "Iowa")),
    ("Thomas Edison was born in Milan, Ohio.", ("Thomas Edison", "bornIn", "Milan")),
    ("Louis Parker, born in Budapest, moved to New York.", ("Louis Parker", "bornIn", "Budapest")),
    ("Marta Kowalski was born in a farmhouse near Lublin.", ("Marta Kowalski", "bornIn", "Lublin")),
    ("Ada Greer was born Ada Gray in Leeds.", ("Ada Gray", "bornIn", "Leeds")),
    ("Portland native Carla Moss won the race.", ("Carla Moss", "bornIn", "Portland")),
    ("Carla Moss, a Portland native, won.", ("Carla Moss", "bornIn", "Portland")),
    # NER reads Fargo as an organisation here; "a native of" says it is a place
    ("Ms. Tran, a Fargo native, sang first.", ("Tran", "bornIn", "Fargo")),
    ("Oregon Gov. Nora Blake signed the bill.", ("Nora Blake", "livesIn", "Oregon")),
    ("Nora Blake, the mayor of Portland, spoke.", ("Nora Blake", "livesIn", "Portland")),
    ("Tomas Reyes, who lives in Fresno, filed the suit.", ("Tomas Reyes", "livesIn", "Fresno")),
    ("Tomas Reyes grew up in Fresno.", ("Tomas Reyes", "livesIn", "Fresno")),
    ("Tomas Reyes is from Fresno.", ("Tomas Reyes", "livesIn", "Fresno")),
    ("Ada Greer, an engineer from Leeds, spoke.", ("Ada Greer", "livesIn", "Leeds")),
    ("Tomas Reyes's hometown of Fresno", ("Tomas Reyes", "livesIn", "Fresno")),
    ("Rita Gomez, 41, of Lakewood, was hurt.", ("Rita Gomez", "livesIn", "Lakewood")),
    # what holds of a town holds of the state written after it
    ("Rita Gomez, 41, of Lakewood, Colo., was hurt.", ("Rita Gomez", "livesIn", "Colo.")),
    ("Denver businessman Paul Hirsch opened a second store.", ("Paul Hirsch", "livesIn", "Denver")),
    ("Paul Hirsch won the race in his native Kansas.", ("Paul Hirsch", "bornIn", "Kansas")),
    ("Dana Cole flew back to her hometown of Fresno.", ("Dana Cole", "livesIn", "Fresno")),
    ("Ruth Adler, the president of Chile, arrived on Monday.", ("Ruth Adler", "livesIn", "Chile")),
    ("Marta Vogel , 52 , of Granite Falls , was treated for smoke.", ("Marta Vogel", "livesIn", "Granite Falls")),
    ("Born in Tulsa, Dana Whitfield moved to Denver in 1990.", ("Dana Whitfield", "bornIn", "Tulsa")),
    ("Dana Whitfield was raised in Tulsa.", ("Dana Whitfield", "livesIn", "Tulsa")),
    ("Madison County Judge Ruth Adler set a hearing.", ("Ruth Adler", "livesIn", "Madison County")),
    ("Chile's chief trade negotiator, Pablo Serra, left Geneva.", ("Pablo Serra", "livesIn", "Chile")),
    ("Wang Ziqiang at the Institute of Mechanics studied cracks.", ("Wang Ziqiang", "worksFor", "Institute of Mechanics")),
    ("Andrew Hall of Miami confirmed the talks on Tuesday.", ("Andrew Hall", "livesIn", "Miami")),
    # an age after a name makes it a person's; a state abbreviation after a town is a place
    ("Greta Lindqvist Moreau , 61 , of Beloit , Wis. , was rescued by a neighbour .", ("Greta Lindqvist Moreau", "livesIn", "Beloit")),
    ("Painter Oskar Brandt is a native of Ely , Minn .", ("Oskar Brandt", "bornIn", "Minn")),
    ("Sculptor Ida Roth , 70 , born in Bremen , died on Sunday .", ("Ida Roth", "bornIn", "Bremen")),
    ("The jury heard from Tom Vale , a welder and a Fresno native , on Monday .", ("Tom Vale", "bornIn", "Fresno")),
    ("The tour passes through Yazoo City , where Ella Grant was born .", ("Ella Grant", "bornIn", "Yazoo City")),
    ("The U.S. ambassador to Chile , Ruth Adler , arrived on Monday .", ("Ruth Adler", "livesIn", "Chile")),
    ("Nadia Kerr is from Akashi in Hyogo Prefecture in western Japan .", ("Nadia Kerr", "livesIn", "Japan")),
    ("The survey was led by Atlanta architect Paul Hirsch .", ("Paul Hirsch", "livesIn", "Atlanta")),
    ("Japan's Sumitomo Mitsui Financial has withdrawn its offer.", ("Sumitomo Mitsui Financial", "headquarteredIn", "Japan")),
    ("The Lakeside Gazette, a daily newspaper in Denver, closed.", ("Lakeside Gazette", "headquarteredIn", "Denver")),
    # NER reads Granite Falls as an organisation; what follows a company's legal name is its town
    ("The rig was leased from Dunmore Drilling Co. of Granite Falls last year.", ("Dunmore Drilling Co.", "headquarteredIn", "Granite Falls")),
    ("Reporters gathered at Harborview Capital's Boston headquarters.", ("Harborview Capital", "headquarteredIn", "Boston")),
    ("Reporters gathered at Harborview Capital headquarters in Boston.", ("Harborview Capital", "headquarteredIn", "Boston")),
    # an organisation named after its home
    ("The vote in the U.S. Senate was close.", ("U.S. Senate", "headquarteredIn", "U.S.")),
    ("Judge Ann Cole of the Supreme Court of Canada ruled on Friday.", ("Supreme Court of Canada", "headquarteredIn", "Canada")),
    # a one-line text (a dateline) has no running text to check its names against
    ("Springfield, Illinois", ("Springfield", "locatedIn", "Illinois")),
    # other jobs
    ("Alexandr Wang is Meta's chief AI officer.", ("Alexandr Wang", "worksFor", "Meta")),
    ("Joe Osborne, a spokesman for Scale AI, declined to comment.", ("Joe Osborne", "worksFor", "Scale AI")),
    ("Veltrix engineer Maya Chen wrote the code.", ("Maya Chen", "worksFor", "Veltrix")),
    ("Lt. Ann Cole of the Oakdale Fire Department said the blaze was out.", ("Ann Cole", "worksFor", "Oakdale Fire Department")),
    ("David Okafor, an ecologist at Lakeview University, led the survey.", ("David Okafor", "worksFor", "Lakeview University")),
    ("Harborview Capital trader Lena Ortiz left early.", ("Lena Ortiz", "worksFor", "Harborview Capital")),
    # a kind of organisation stands for the name it is compounded with
    ("Spokesman Dieter Kranz of the smaller Veltrix company said sales were up.", ("Dieter Kranz", "worksFor", "Veltrix")),
    ("Karen Holt, publisher of the Lakeside Gazette, retired.", ("Karen Holt", "worksFor", "Lakeside Gazette")),
    ("Dana Price was named publisher of the Lakeside Gazette.", ("Dana Price", "worksFor", "Lakeside Gazette")),
    ("Dana Price works for Harborview Capital.", ("Dana Price", "worksFor", "Harborview Capital")),
    ("Dana Price has covered energy for the Lakeside Gazette since 2001.", ("Dana Price", "worksFor", "Lakeside Gazette")),
]

_NER_MISS = pytest.mark.xfail(strict=True, reason="en_core_web_sm tags no entity for the target name")
KNOWN_MISSES = [
    pytest.param("Toyota bought a 5% stake in Uber in 2018.", ("Toyota", "investedIn", "Uber"), marks=_NER_MISS),
    pytest.param("Instagram was acquired by Facebook in 2012.", ("Facebook", "acquired", "Instagram"), marks=_NER_MISS),
    pytest.param("Microsoft's investment in OpenAI surprised rivals.", ("Microsoft", "investedIn", "OpenAI"),
                 marks=pytest.mark.xfail(strict=True, reason="parsed with OpenAI as a modifier of 'rivals'")),
]

NOT_STATED = [
    # negation and hedges are not plain facts
    "Google did not buy Yahoo.",
    "Microsoft plans to acquire Activision next year.",
    "Meta denied that it would invest in Scale AI.",
    # a list of places is not a place in a place
    "Delegates came from Peru, Chile and Bolivia.",
    "Floods hit Iowa, Nebraska and Kansas.",
    # where someone lived once, or never, is not where they live
    "Tomas Reyes does not live in Fresno.",
    "Former Portland mayor Nora Blake spoke.",
    "Tom Vale, the seventh president of Chile, was a lawyer.",
    # "her" is nobody's when the sentence names two people before it
    "Dana Cole told Paul Hirsch about her hometown of Fresno.",
    # an investor is not an employee (the rules know; the relation classifier does not yet)
    pytest.param("Harborview Capital investor Dana Price spoke on Monday.",
                 marks=pytest.mark.xfail(strict=True, reason="the relation classifier reads 'Y investor X' as a job")),
    # a former job is not a current one
    "Former Veltrix engineer Maya Chen spoke at the event.",
]


def triples(analysis):
    return {(r.subject.text, r.predicate, r.object.text if r.object else None) for r in analysis.relations}


@pytest.mark.parametrize("sentence,expected", CASES + KNOWN_MISSES)
def test_extracts_the_stated_fact(analyse_text, sentence, expected):
    assert expected in triples(analyse_text(sentence))


@pytest.mark.parametrize("sentence", NOT_STATED)
def test_asserts_nothing_that_is_not_stated(analyse_text, sentence):
    # ceoOf is never read from a title other than CEO ("chief AI officer" is a job, not the CEO).
    assert triples(analyse_text(sentence)) == set()


@pytest.mark.parametrize("sentence,extractor", [
    ("Dana Price worked at Harborview Capital until 2019.", "employment"),
    ("Dana Price no longer works for Harborview Capital.", "employment"),
    ("Dana Price does not work for Harborview Capital.", "employment"),
    # a name, an age and a town: the town is a home, not an employer, whatever NER read it as
    ("Marta Vogel , 52 , of Granite Falls , was treated for smoke.", "employment"),
    # a list of places that goes on is not a place in a place
    ("The device is sold in Asia, Brazil, and other markets.", "location"),
    ("The firm sold units to Corvina, Sigma, Brightmill and Orbital Foods.", "location"),
    # where a company is incorporated is seldom where it is based
    ("Harborview Capital, a Delaware corporation, filed the report.", "location"),
])
def test_one_rule_asserts_nothing_that_is_not_stated(nlp, sentence, extractor):
    # one rule extractor alone (the relation classifier still reads the past jobs as jobs)
    from kg.extract import analyse
    from kg.models import Article
    from kg.nlp import parse

    article = Article(sentence, None, "t", "t")
    doc, _ = next(parse(nlp, [article]))
    assert not analyse(doc, article, get_extractors([extractor])).relations


def test_investment_records_amount_currency_and_stake(analyse_text):
    analysis = analyse_text("In 2024 Harborview Capital paid $14.3 billion for a 49 percent stake in Lumora Robotics.")
    (relation,) = [r for r in analysis.relations if r.predicate == "investedIn"]
    qualifiers = relation.evidence.qualifiers
    assert (str(qualifiers["amount"]), qualifiers["currency"], str(qualifiers["stakePercent"])) == ("14300000000", "USD", "49")
    assert qualifiers["amountText"] == "$14.3 billion"


def test_curly_possessive_is_a_possessive(analyse_text):
    assert ("Microsoft", "investedIn", "OpenAI") in triples(analyse_text("Microsoft\u2019s investment in OpenAI grew."))


def test_evidence_points_at_the_sentence_in_the_article(analyse_text):
    text = "Veltrix news\n\nMaya Chen has joined Veltrix. Tomas Novak was hired by Veltrix in May."
    analysis = analyse_text(text)
    assert analysis.relations
    for relation in analysis.relations:
        evidence = relation.evidence
        assert analysis.article.text[evidence.start:evidence.end] == evidence.sentence
        assert relation.subject.text in evidence.sentence and relation.object.text in evidence.sentence
        assert 0 <= evidence.confidence <= 1
        assert evidence.extractor == "joining.v1"


def test_a_heading_never_merges_with_the_next_line(analyse_text):
    # Without line-aware segmentation "Deals" would join the sentence below it.
    analysis = analyse_text("Deals\nGoogle bought YouTube for $1.65 billion.")
    (relation,) = analysis.relations
    assert relation.evidence.sentence == "Google bought YouTube for $1.65 billion."


@pytest.mark.parametrize("extractor", list(EXTRACTORS.values()), ids=list(EXTRACTORS))
def test_every_extractor_yields_only_ontology_properties(extractor):
    known = {str(p) for p in fact_properties() | event_properties()}  # facts, or an entity's event (laidOff)
    assert extractor.predicates and all(str(KG[p]) in known for p in extractor.predicates)


def test_unknown_extractor_lists_the_known_ones():
    with pytest.raises(UnknownPluginError, match="investment"):
        get_extractors(["nope"])


def test_chosen_extractors_only(analyse_text, nlp):
    from kg.extract import analyse
    from kg.models import Article
    from kg.nlp import parse

    article = Article("Google bought YouTube. Meta hired Alexandr Wang.", None, "t", "t")
    doc, _ = next(parse(nlp, [article]))
    analysis = analyse(doc, article, get_extractors(["joining"]))
    assert {r.predicate for r in analysis.relations} == {"joined"}


def test_a_job_named_after_a_place_says_nothing_of_home(analyse_text):
    # "Dallas" describes the nightclub, not where its owner lives
    assert not any(predicate == "livesIn" for _, predicate, _ in triples(analyse_text("Paul Hirsch, a Dallas nightclub owner, spoke.")))
