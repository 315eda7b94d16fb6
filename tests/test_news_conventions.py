"""The conventions of news and briefing texts that name people and bodies without a vocabulary:
bylines and author fields, a wire agency's dateline and credits, a body named only by the words
around it ("an analyst at Fastmarkets", "mining company Tau-Ken Samruk"). Each text is made up
here; each assertion fails without the rule it names."""

from __future__ import annotations

import pytest

from kg.cleaning import clean
from kg.model import Extraction
from tests.extracting import extract_text


def extract(text: str, kind: str = "news", language: str = "en") -> Extraction:
    """An English news text by default: most conventions here are those of wire stories."""
    return extract_text(text, language=language, kind=kind)


def keys(extraction: Extraction, kind: str) -> set[str]:
    return {e.key for e in extraction.entities if e.kind == kind}


def facts(extraction: Extraction, predicate: str) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in extraction.relations if r.predicate == predicate}


WIRE_STORY = """Buyers scour Vietnam for tungsten

By Clara Whitfield and Arman Seitkali

LONDON/ALMATY, Nov 13 (Reuters) - European buyers of tungsten are turning to Vietnam.

"Nobody can plan around the licences," said Henrik Aalto, a metals analyst at Fastmarkets in London.

Last week state mining company Tau-Ken Samruk signed an agreement with a U.S. investor.

Outside China, Masan High-Tech Materials operates the Nui Phao mine north of Hanoi.

"Kazakhstan has the geology. What it has not had is a processing chain," said Dana Nurlanova, a mining analyst at Halyk Finance in Almaty.

(Reporting by Clara Whitfield in London and Arman Seitkali in Almaty; Editing by Tomasz Wrenfield)
"""


def test_every_name_on_a_byline_is_a_person_and_an_author() -> None:
    story = extract(WIRE_STORY)
    own = f"document/{story.document.id}"
    assert {"person/whitfield", "person/seitkali"} <= keys(story, "Person")
    authors = {obj for subject, obj in facts(story, "authoredBy") if subject == own}
    assert {"person/whitfield", "person/seitkali"} <= authors


def test_the_wire_agency_of_the_dateline_is_an_author() -> None:
    story = extract(WIRE_STORY)
    assert (f"document/{story.document.id}", "organization/reuters") in facts(story, "authoredBy")
    rules = {r.rule for r in story.relations if r.object == "organization/reuters"}
    assert "dateline" in rules


def test_reporters_are_credited_but_the_editor_is_not() -> None:
    story = extract(WIRE_STORY.replace("By Clara Whitfield and Arman Seitkali", ""))
    authors = {obj for _, obj in facts(story, "authoredBy")}
    assert {"person/whitfield", "person/seitkali"} <= authors
    assert "person/wrenfield" in keys(story, "Person")
    assert "person/wrenfield" not in authors
    assert not any(k.startswith("person/in-") for k in keys(story, "Person"))  # "in London"


def test_bodies_named_by_the_words_around_them() -> None:
    story = extract(WIRE_STORY)
    assert {
        "organization/fastmarkets",
        "organization/tau-ken-samruk",
        "organization/masan-high-tech-materials",
        "organization/halyk-finance",
    } <= keys(story, "Organization")
    assert ("person/aalto", "organization/fastmarkets") in facts(story, "memberOf")


def test_a_mining_analyst_mines_nothing() -> None:
    story = extract(WIRE_STORY)
    assert not {s for s, _ in facts(story, "produces")} & {"organization/halyk-finance"}


def test_an_author_field_names_the_author() -> None:
    briefing = (
        "BRIEFING\n\nEPRS | European Parliamentary Research Service\nAuthor: Marta Ilves\n"
        "Members' Research Service\n\nThe Critical Raw Materials Act entered into force in 2024.\n"
    )
    note = extract(briefing, kind="eu-text")
    assert "organization/european-parliamentary-research-service" in keys(note, "Organization")
    assert (f"document/{note.document.id}", "person/ilves") in facts(note, "authoredBy")


def test_header_fields_and_masthead_lines_keep_their_own_line() -> None:
    text, _ = clean(
        "EPRS | European Parliamentary Research Service\nAuthor: Marta Ilves\nBody text.\n"
    )
    assert "Research Service\nAuthor: Marta Ilves\n" in text


@pytest.mark.parametrize(
    ("text", "language", "present", "absent"),
    [
        (  # a quote's facts stay in the quote; the speaker's description is apart
            '"Europe\'s defence industry depends on Chinese tungsten," said Katharina Brenner, '
            "who follows raw materials at the German engineering association VDMA.",
            "en",
            {("sector/defence", "dependsOn", "material/tungsten")},
            {("sector/defence", "dependsOn", "country/de")},
        ),
        (  # the source of a statement is not its party
            "The United States has had no tungsten mine production since 2015, according to "
            "the USGS, and imports most of the tungsten it uses, much of it from China.",
            "en",
            {("country/us", "importsFrom", "country/cn")},
            {("organization/united-states-geological-survey", "importsFrom", "country/cn")},
        ),
        (  # the perfect passive of mining
            "Tungsten concentrate has been mined for more than a century at Panasqueira in "
            "Portugal.",
            "en",
            {("country/pt", "produces", "material/tungsten")},
            set(),
        ),
        (  # a sector's raw materials named by example
            "More than half concern battery raw materials such as lithium, nickel and cobalt.",
            "en",
            {
                ("material/lithium", "usedIn", "sector/batteries"),
                ("material/nickel", "usedIn", "sector/batteries"),
                ("material/cobalt", "usedIn", "sector/batteries"),
            },
            set(),
        ),
        (  # where a company sits does not make its country the partner
            "The state mining company Tau-Ken Samruk signed an agreement with U.S.-based "
            "Cove Kaz Capital Group.",
            "en",
            {("organization/tau-ken-samruk", "partnerOf", "organization/cove-kaz-capital-group")},
            {("organization/tau-ken-samruk", "partnerOf", "country/us")},
        ),
        (  # converting ore is processing
            "China also dominates the conversion of tungsten ore into ammonium paratungstate.",
            "en",
            {("country/cn", "refines", "material/tungsten")},
            set(),
        ),
        (  # the party whose consumption is supplied imports from the supplier
            "According to the Commission, China supplies 100 % of the EU's heavy rare earth "
            "elements.",
            "en",
            {("organization/eu", "importsFrom", "country/cn")},
            {("organization/european-commission", "importsFrom", "country/cn")},
        ),
        (  # "it" points back to the material of the sentence before
            "Tungsten is used in cutting tools. The European Union lists it as a strategic raw "
            "material under its Critical Raw Materials Act.",
            "en",
            {("policy/critical-raw-materials-act", "concerns", "material/tungsten")},
            set(),
        ),
        (  # the country of a company's site acts too
            "Europe still has capacity: Elkem produces silicon metal in Norway.",
            "en",
            {
                ("organization/elkem", "produces", "material/silicon-metal"),
                ("country/no", "produces", "material/silicon-metal"),
            },
            set(),
        ),
        (  # the body a producer noun names, not the buyer nor its country
            "Before 2022, Airbus bought a large share of its titanium from the Russian producer "
            "VSMPO-AVISMA.",
            "en",
            {("organization/vsmpo-avisma", "produces", "material/titanium")},
            {
                ("organization/airbus", "produces", "material/titanium"),
                ("organization/airbus", "importsFrom", "country/ru"),
            },
        ),
        (  # partners named by example after the partnership
            "The EU has a strategic partnership on raw materials with several countries, such "
            "as Canada, Namibia and Australia.",
            "en",
            {
                ("organization/eu", "partnerOf", "country/ca"),
                ("organization/eu", "partnerOf", "country/na"),
                ("organization/eu", "partnerOf", "country/au"),
            },
            set(),
        ),
        (  # a material after "mijn" in a closed compound is still the material
            "De Democratische Republiek Congo produceert ruim driekwart van het mijnkobalt.",
            "nl",
            {("country/cd", "produces", "material/cobalt")},
            set(),
        ),
        (  # "niet zonder ... kunnen": the subordinate order of "kan niet zonder"
            "Jansma wijst erop dat ook de luchtvaart niet zonder aluminium kan.",
            "nl",
            {("sector/aerospace", "dependsOn", "material/aluminium")},
            set(),
        ),
        (  # a material's output is its production
            "China accounts for roughly 70% of global silicon output.",
            "en",
            {("country/cn", "produces", "material/silicon")},
            set(),
        ),
        (  # products named for their sector: jet engines are aerospace, armour is defence
            "Titanium wordt gebruikt in vliegtuigmotoren en pantsering.",
            "nl",
            {
                ("material/titanium", "usedIn", "sector/aerospace"),
                ("material/titanium", "usedIn", "sector/defence"),
            },
            set(),
        ),
        (  # a job before a full name, and words describing the body after "van"
            '"Peking heeft de meeste alternatieven", zegt grondstoffenanalist Marloes Verhagen '
            "van het Haagse onderzoeksinstituut HCSS.",
            "nl",
            {("person/verhagen", "memberOf", "organization/hcss")},
            set(),
        ),
    ],
)
def test_phrasings(
    text: str,
    language: str,
    present: set[tuple[str, str, str]],
    absent: set[tuple[str, str, str]],
) -> None:
    """A sentence in, the facts a rule must find (and must not find) out."""
    extraction = extract(text, language=language)
    found = {(r.subject, r.predicate, r.object) for r in extraction.relations}
    assert present <= found
    assert not absent & found


def test_a_press_release_cited_in_a_footnote_is_a_document() -> None:
    note = extract(
        "The Commission selected 47 strategic projects.1\n\n"
        "1 European Commission, press release, 25 March 2025.\n",
        kind="eu-text",
    )
    cited = "document/european-commission-2025-03-25"
    assert cited in keys(note, "Document")
    assert (cited, "organization/european-commission") in facts(note, "authoredBy")
    assert (f"document/{note.document.id}", cited) in facts(note, "cites")


def test_mastheads_with_a_time_and_report_series_name_their_publisher() -> None:
    story = extract(
        "NOS Nieuws • Economie • zaterdag 18 oktober 2025, 07:12\n\n"
        "Door Sanne Oudshoorn, economieredacteur\n\nGuinee zet bauxietmijnen onder druk.\n",
    )
    own = f"document/{story.document.id}"
    assert (own, "organization/nos") in facts(story, "authoredBy")
    assert (own, "person/oudshoorn") in facts(story, "authoredBy")
    brief = extract(
        "Clingendael Policy Brief\nNOVEMBER 2025\n\nLight metals\n\nSummary\n"
        "Debates on critical raw materials focus on lithium.\n",
        kind="other",
    )
    assert (f"document/{brief.document.id}", "organization/clingendael") in facts(
        brief, "authoredBy"
    )


def test_a_debate_report_names_its_speakers_and_numbered_motions() -> None:
    report = extract(
        "Aanwezig zijn drie leden der Kamer, te weten: El Amrani, Kuipers en Vlietstra, en "
        "minister Van Rijswijk van Economische Zaken.\n\n"
        "De heer Vlietstra (VVD):\nVoorzitter. De chemische industrie kan niet zonder vloeispaat.\n\n"
        "De heer El Amrani (GroenLinks-PvdA):\nVoorzitter. Ik verwijs naar de motie-El "
        "Amrani/Akkerman (32 852, nr. 375) over fosfor. De motie-El Amrani/Akkerman wordt "
        "uitgevoerd.\n",
        kind="verslag",
        language="nl",
    )
    assert {"person/vlietstra", "person/el-amrani"} <= keys(report, "Person")
    assert ("person/vlietstra", "party/vvd") in facts(report, "memberOf")
    # the same motion named again without its number is the same document
    assert "document/kst-32852-375" in keys(report, "Document")
    assert not any(k.startswith("document/motie-") for k in keys(report, "Document"))
    # the ministry belongs to the minister named right before it, not to the members listed
    members = {s for s, o in facts(report, "memberOf") if o.startswith("organization/ministry")}
    assert not members & {"person/el-amrani", "person/kuipers", "person/vlietstra"}


def test_a_press_release_header_names_its_publisher() -> None:
    release = extract(
        "European Commission - Press release\n\nCommission steps up supply of manganese\n\n"
        "Brussels, 18 November 2025\n\nToday the Commission launched a platform.\n",
        kind="eu-text",
    )
    own = f"document/{release.document.id}"
    assert (own, "organization/european-commission") in facts(release, "authoredBy")


def test_bodies_named_by_a_dutch_descriptor_and_their_acronym() -> None:
    story = extract(
        "Het Amsterdamse metaalbedrijf AMG Critical Materials opende een raffinaderij. "
        "'Dat is nodig', zegt Ruud Dekkers, directeur strategie van AMG. Het Havenbedrijf "
        "Rotterdam kijkt mee.\n",
        language="nl",
    )
    assert "organization/amg-critical-materials" in keys(story, "Organization")
    assert "organization/rotterdam" not in keys(story, "Organization")  # a name, not a cue
    assert ("person/dekkers", "organization/amg-critical-materials") in facts(story, "memberOf")


def test_a_role_a_few_words_before_at_names_the_body() -> None:
    story = extract(
        'Bloomberg | Markets | Metals\n\n"Supply cannot fill the gap," said Tom Akintola, head '
        "of battery raw materials at Fastmarkets.\n",
    )
    assert "organization/fastmarkets" in keys(story, "Organization")
    assert ("person/akintola", "organization/fastmarkets") in facts(story, "memberOf")
    assert (f"document/{story.document.id}", "organization/bloomberg") in facts(story, "authoredBy")


@pytest.mark.parametrize("opener", ["Door", "Tekst:", "Auteur:"])
def test_every_byline_opener_makes_an_author(opener: str) -> None:
    """The person patterns and the authoredBy rule read one list of openers: a name found on a
    byline is its author whichever opener stands before it."""
    story = extract(
        f"Antimoon wordt schaars\n\n{opener} Anouk van Bemmel\n\n"
        "China beperkt sinds september 2024 de export van antimoon.\n",
        language="nl",
    )
    assert "person/van-bemmel" in keys(story, "Person")
    assert (f"document/{story.document.id}", "person/van-bemmel") in facts(story, "authoredBy")


@pytest.mark.parametrize(
    ("text", "language", "person"),
    [
        (
            "Executive Vice-President for Prosperity and Industrial Strategy Stéphane Séjourné "
            "said the EU would buy rare earths jointly.",
            "en",
            "person/sejourne",
        ),
        (
            "Commissioner for Trade, Maroš Šefčovič, met the Chinese minister of commerce.",
            "en",
            "person/sefcovic",
        ),
        (
            "Eurocommissaris voor Industriële Strategie Stéphane Séjourné presenteerde het plan.",
            "nl",
            "person/sejourne",
        ),
    ],
)
def test_an_office_with_its_portfolio_names_a_person_not_a_policy(
    text: str, language: str, person: str
) -> None:
    found = extract(text, kind="eu-text", language=language)
    assert person in keys(found, "Person")
    assert not keys(found, "Policy")


ACT = """COMMISSION DELEGATED REGULATION (EU) 2026/9999

(1) The Union depends almost entirely on imports of antimony.

HAS ADOPTED THIS REGULATION:

Done at Brussels, 3 March 2026.

For the Commission
The President
Ursula VON DER LEYEN
"""


def test_an_act_is_signed_for_its_body_by_a_surname_in_capitals() -> None:
    act = extract(ACT, kind="eu-text")
    own = f"document/{act.document.id}"
    assert "person/von-der-leyen" in keys(act, "Person")
    assert "person/ursula" not in keys(act, "Person")
    authors = {obj for subject, obj in facts(act, "authoredBy") if subject == own}
    assert {"organization/european-commission", "person/von-der-leyen"} <= authors
    assert ("person/von-der-leyen", "organization/european-commission") in facts(act, "memberOf")
    assert not keys(act, "Policy") - {"policy/critical-raw-materials-act"}  # no capitals heading


REPORT = """JRC TECHNICAL REPORT

Platinum group metals in the energy transition

Lindqvist, M., van der Vos, P.J.

2025

Russia is the largest producer of palladium.
"""


def test_a_reports_author_line_and_series() -> None:
    report = extract(REPORT, kind="other")
    own = f"document/{report.document.id}"
    authors = {obj for subject, obj in facts(report, "authoredBy") if subject == own}
    assert {"person/lindqvist", "person/van-der-vos"} <= authors
    assert "organization/joint-research-centre" in authors


def test_titles_of_eu_leaders_name_their_bodies() -> None:
    summit = extract(
        "Aan de top namen Commissievoorzitter Ursula von der Leyen, de voorzitter van de "
        "Europese Raad António Costa en president Cyril Ramaphosa deel.",
        kind="eu-text",
        language="nl",
    )
    members = facts(summit, "memberOf")
    assert ("person/von-der-leyen", "organization/european-commission") in members
    assert ("person/costa", "organization/european-council") in members
    # the role after her name is Costa's, not hers
    assert ("person/von-der-leyen", "organization/european-council") not in members


def test_a_body_named_after_its_country() -> None:
    story = extract(
        '"A ban would have shut most of our members," said Teresa Villaruel, executive '
        "director of the Chamber of Mines of the Philippines."
    )
    assert "organization/chamber-of-mines-of-the-philippines" in keys(story, "Organization")
    assert (
        "person/villaruel",
        "organization/chamber-of-mines-of-the-philippines",
    ) in facts(story, "memberOf")


PRESS_ROOM = """European Parliament
Press Room

Eastern DRC: Parliament wants raw materials deal suspended

Press Releases  PLENARY SESSION  AFET  DEVE
13-02-2025 - 12:41

The DRC is the world's largest tantalum producer.

Contacts

Lena SCHUURMAN
Press Officer
(+32) 2 28 41921
"""


def test_a_press_room_release_and_its_contact() -> None:
    release = extract(PRESS_ROOM, kind="eu-text")
    own = f"document/{release.document.id}"
    assert (own, "organization/european-parliament") in facts(release, "authoredBy")
    assert keys(release, "Person") == {"person/schuurman"}  # no "PLENARY SESSION", no "Officer"


def test_a_capital_as_a_place_is_no_state() -> None:
    story = extract(WIRE_STORY)
    assert "country/gb" not in keys(story, "Country")  # "LONDON/ALMATY", "in London"
    acting = extract("Peking beperkt de export van gallium.", language="nl")
    assert "country/cn" in keys(acting, "Country")


def test_a_dutch_foundation_is_a_body() -> None:
    assert "organization/stichting-open" in keys(
        extract(
            "Het ministerie verkent met Stichting OPEN hoe magneten eruit kunnen.",
            language="nl",
            kind="kamerbrief",
        ),
        "Organization",
    )


def test_a_legal_form_closes_a_company_name_and_stays_out_of_its_key() -> None:
    listed = extract(
        "The projects include a lithium mine of Beira Lítio S.A. in Portugal and a furnace of "
        "Silicio Galaico S.L. in Spain, and a CircuLIB GmbH plant in Germany."
    )
    assert {
        "organization/beira-litio",
        "organization/silicio-galaico",
        "organization/circulib",
    } <= keys(listed, "Organization")
    assert not keys(listed, "Person")  # "S.A. in Portugal" is no initial and surname
    assert {"country/pt", "country/es"} <= keys(listed, "Country")


def test_a_ticker_marks_a_company_and_its_exchange_does_nothing() -> None:
    story = extract(
        "Kalahari Battery Minerals (JSE: KBX) has signed an offtake agreement with Polish cell "
        "maker Voltacell. In Gabon, Eramet (Euronext: ERA) mines manganese."
    )
    assert {"organization/kalahari-battery-minerals", "organization/voltacell"} <= keys(
        story, "Organization"
    )
    assert not keys(story, "Person")  # "Battery Minerals (JSE: KBX)" is no name and party
    assert ("organization/kalahari-battery-minerals", "organization/voltacell") in facts(
        story, "partnerOf"
    )
    producers = {s for s, _ in facts(story, "produces")}
    assert "organization/eramet" in producers and "organization/euronext" not in producers


def test_a_quote_after_said_and_a_colon_is_no_field_line() -> None:
    text, _ = clean(
        "Executive Vice-President for Prosperity and Industrial Strategy Stéphane\n"
        'Séjourné said: "Batteries need lithium."\n'
    )
    assert "Stéphane Séjourné said" in text


TRADE_STORY = """MINING WEEKLY
Home › Battery metals › Manganese

Miners court battery makers

By: Thandeka Mokoena
Creamer Media Senior Writer
Published 21st August 2025

JOHANNESBURG (miningweekly.com) – South Africa mines manganese.

EDITED BY: Lisa Swanepoel
Creamer Media Editor
"""


def test_a_trade_paper_masthead_byline_and_the_jobs_under_them() -> None:
    story = extract(TRADE_STORY)
    own = f"document/{story.document.id}"
    authors = {o for s, o in facts(story, "authoredBy") if s == own}
    assert authors == {"organization/mining-weekly", "person/mokoena"}  # the editor is none
    assert {
        ("person/mokoena", "organization/creamer-media"),
        ("person/swanepoel", "organization/creamer-media"),
    } <= facts(story, "memberOf")


@pytest.mark.parametrize(
    ("heading", "publisher"),
    [
        ("European Commission - Questions and answers", "organization/european-commission"),
        ("Bruegel | Policy Brief", "organization/bruegel"),
    ],
)
def test_a_publishers_series_heading(heading: str, publisher: str) -> None:
    text = extract(f"{heading}\n\nChina produces most of the world's magnesium.\n", "eu-text")
    assert (f"document/{text.document.id}", publisher) in facts(text, "authoredBy")


def test_the_minister_who_answers_and_not_the_members_who_asked() -> None:
    answers = extract(
        "Vragen van de leden Lamberts (CDA) en Rietveld (BBB) aan de minister van Economische "
        "Zaken over helium.\n\nAntwoord van minister Hekman (Economische Zaken), mede namens de "
        "minister van Volksgezondheid, Welzijn en Sport.\n",
        kind="antwoorden",
        language="nl",
    )
    own = f"document/{answers.document.id}"
    assert {o for s, o in facts(answers, "authoredBy") if s == own} == {"person/hekman"}
    assert ("person/hekman", "organization/ministry-of-economic-affairs") in facts(
        answers, "memberOf"
    )
    mixed = extract(
        "Antwoorden van de minister van Economische Zaken op vragen van de leden Hirsch en "
        "Thijssen (GroenLinks-PvdA) over het artikel.\n",
        kind="antwoorden",
        language="nl",
    )
    assert not facts(mixed, "authoredBy")


def test_a_line_of_names_under_a_title_and_the_roles_that_place_them() -> None:
    brief = extract(
        "Light metals, heavy exposure\n\nMarta Ilves and Henrik Solberg\n\nMarta Ilves is a "
        "Research Fellow at Bruegel. Henrik Solberg is a Senior Research Fellow at the Norwegian "
        "Institute of International Affairs (NUPI).\n\nChina produces most magnesium.\n",
        kind="other",
    )
    own = f"document/{brief.document.id}"
    assert {o for s, o in facts(brief, "authoredBy") if s == own} == {
        "person/ilves",
        "person/solberg",
    }
    assert {
        ("person/ilves", "organization/bruegel"),
        ("person/solberg", "organization/norwegian-institute-of-international-affairs"),
    } <= facts(brief, "memberOf")


def test_a_news_text_whose_first_line_names_nothing() -> None:
    story = extract("Prices rise again\n\nBy: Thandeka Mokoena\nSenior Writer\n\nCopper rose.\n")
    assert "person/mokoena" in keys(story, "Person")
    assert not {o for _, o in facts(story, "authoredBy")} - {"person/mokoena"}


def test_bodies_named_as_the_owners_of_sites() -> None:
    listed = extract(
        "The projects include a primary magnesium plant of Magnésium de Maurienne in France, "
        "a high-purity manganese sulphate plant of ManganTech CZ in Czechia and a graphite "
        "mine in Brazil promoted by Jequitinhonha Grafite."
    )
    assert {
        "organization/magnesium-de-maurienne",
        "organization/mangantech-cz",
        "organization/jequitinhonha-grafite",
    } <= keys(listed, "Organization")


def test_the_body_a_news_text_visits_speaks_in_the_quote_after_it() -> None:
    story = extract(
        "TenneT heeft veel koper nodig. Bij TKF in Haaksbergen, dat kabels maakt, zijn de "
        "zorgen groter. 'Wij kopen ons koper grotendeels bij Aurubis in Hamburg', zegt "
        "inkoopdirecteur Ellen Brinkman.",
        language="nl",
    )
    assert "organization/tkf" in keys(story, "Organization")
    assert facts(story, "importsFrom") == {("organization/tkf", "organization/aurubis")}
    assert ("person/brinkman", "organization/tkf") in facts(story, "memberOf")


def test_a_source_named_with_what_it_is() -> None:
    story = extract(
        "Before 2022, Airbus bought a large share of its titanium from the Russian producer "
        "VSMPO-AVISMA. Philips koopt het gas in bij industriële gasbedrijven als Linde."
    )
    assert {
        ("organization/airbus", "organization/vsmpo-avisma"),
        ("organization/philips", "organization/linde"),
    } <= facts(story, "importsFrom")


def test_names_that_are_none_and_contacts_that_are() -> None:
    text = extract(
        "The government said in May it would stop exports. Data come from the Raw Materials "
        "Information System (RMIS).\n\nPress contacts:\nLea Zuber (+32 2 29 56185)\n"
        "Pieter-Jan Moens (+32 2 29 81347)\n"
    )
    assert keys(text, "Person") == {"person/zuber", "person/moens"}
    dutch = extract(
        "De leden wijzen erop dat volgens de Europese Commissie 98 procent uit Turkije komt.",
        language="nl",
    )
    assert not keys(dutch, "Person")


def test_an_article_cited_with_its_title_before_its_date() -> None:
    notes = extract(
        "Notes\n³ Financial Times, 'Magnesium shortage threatens Europe's aluminium industry', "
        "19 October 2021.\nReuters (2025), 'Nornickel sees palladium deficit narrowing', "
        "7 February 2025.\n",
        kind="other",
    )
    assert {
        "document/financial-times-2021-10-19",
        "document/reuters-2025-02-07",
    } <= keys(notes, "Document")
    assert {
        ("document/financial-times-2021-10-19", "material/magnesium"),
        ("document/reuters-2025-02-07", "material/palladium"),
    } <= facts(notes, "concerns")


def test_a_helper_credited_for_additional_reporting_is_no_author() -> None:
    story = extract(
        WIRE_STORY.replace(
            "; Editing by", "; additional reporting by Lena Vogt in Berlin; Editing by"
        ).replace("By Clara Whitfield and Arman Seitkali", "")
    )
    authors = {obj for _, obj in facts(story, "authoredBy")}
    assert "person/vogt" in keys(story, "Person")
    assert "person/vogt" not in authors
    assert "person/whitfield" in authors


@pytest.mark.parametrize(
    ("text", "language", "photographer"),
    [
        (
            "Remagnet groeit\n\nDoor Eline Vos\n\nBeeld Sander Wiersma\n\nHet bedrijf groeit.",
            "nl",
            "person/wiersma",
        ),
        (
            "Bags of cobalt wait in Lubumbashi. REUTERS/Patient Ilunga\n\nPrices rose.",
            "en",
            "person/ilunga",
        ),
    ],
)
def test_a_photographers_credit_names_a_person_who_wrote_nothing(
    text: str, language: str, photographer: str
) -> None:
    story = extract(text, language=language)
    assert photographer in keys(story, "Person")
    assert photographer not in {obj for _, obj in facts(story, "authoredBy")}


@pytest.mark.parametrize(
    ("text", "person", "body"),
    [
        (
            '"We store what we cannot export," ERG spokesperson Patrice Kabongo said.',
            "person/kabongo",
            "organization/eurasian-resources-group",
        ),
        (
            "Glencore chief executive Gary Nagle said the quota was too low.",
            "person/nagle",
            "organization/glencore",
        ),
    ],
)
def test_a_body_and_a_job_before_a_name_say_where_the_person_works(
    text: str, person: str, body: str
) -> None:
    assert (person, body) in facts(extract(text), "memberOf")
