"""Cleaning: artefacts of PDF and web extraction go, the language stays, and every clean character
maps back to the raw character it came from."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from kg.cleaning import OffsetMap, clean

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))

#: Raw characters a clean character may stand for besides itself.
SUBSTITUTES = {
    '"': set("“”„«»″"),
    "'": set("‘’‚´′"),
    " ": set("\n\t\xa0\u2009\u202f"),
    "\n": set(" \t\xa0"),
    "-": set("•*+‐‑"),
}


def cleaned(raw: str) -> str:
    return clean(raw)[0]


def corpus_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- hyphenation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hebben met interesse kennisge-\nnomen van de brief", "kennisgenomen"),
        ("over de Nationale Grond-\nstoffenstrategie.", "Nationale Grondstoffenstrategie"),
        ("de Nationale Grondstoffenstra-\ntegie en", "Grondstoffenstrategie"),
        ("van de Democratische Repu-\nbliek Congo", "Democratische Republiek Congo"),
        ("samenwerking tussen de EU-\nVS en Japan", "EU-VS"),
        ("de leden van de GroenLinks-PvdA-\nfractie hebben", "GroenLinks-PvdA-fractie"),
        ("de leden van GroenLinks-\nPvdA vinden", "GroenLinks-PvdA"),
        ("in Nederland wordt veel e-\nwaste gesorteerd", "e-waste"),
        ("naar aanleiding van motie-Thijssen/\nKuiken (Kamerstuk", "motie-Thijssen/Kuiken"),
        ("sinds de COVID-\n19 pandemie", "COVID-19"),
        ("het aanbod van grond-\nen hulpstoffen", "grond- en hulpstoffen"),
        ("dat zijn niet-\nbindende afspraken", "niet-bindende"),
        ("Spant de Minister zich in voor de-\nescalatie?", "de-escalatie"),
        ("tussen grondstoffen en internationale IMVO\n-standaarden een", "IMVO-standaarden"),
    ],
)
def test_line_end_hyphens(raw: str, expected: str) -> None:
    assert expected in cleaned(raw)


@pytest.mark.parametrize(
    "word",
    ["GroenLinks-PvdA", "Sociaal-Economische", "e-waste", "EU-lijst", "motie-Thijssen/Kuiken"],
)
def test_real_hyphens_stay(word: str) -> None:
    assert word in cleaned(f"Dit gaat over {word} en meer.")


def test_a_url_broken_across_lines_stays_one_url() -> None:
    raw = (
        "1 Trouw, 6 februari 2025, www.trouw.nl/duurzaamheid-economie/europa-heeft-wel-\n"
        "grondstoffen-voor-halfgeleiders-maar-kan-er-niet-bij-aan-het-\n"
        "begin-van-corona~b5669e8fc/\n"
    )
    url = (
        "www.trouw.nl/duurzaamheid-economie/europa-heeft-wel-grondstoffen-voor-halfgeleiders-"
        "maar-kan-er-niet-bij-aan-het-begin-van-corona~b5669e8fc/"
    )
    assert url in cleaned(raw)


def test_soft_hyphens_join() -> None:
    assert cleaned("kennisge\xad\nnomen en grond\xadstoffen") == "kennisgenomen en grondstoffen"


# --- lines and paragraphs ------------------------------------------------------------------------

WRAPPED = """\
De leden van de VVD-fractie vinden het van groot belang om onze economische
weerbaarheid te vergroten en risicovolle strategische afhankelijkheden te
verminderen. Nederland is op dit moment hiervoor namelijk in grote mate
afhankelijk van andere landen. Dit maakt ons kwetsbaar en is niet goed voor
onze strategische autonomie.

Deze leden willen graag weten hoe het kabinet hier invulling aan gaat geven
en op welke termijn dit zal gebeuren.
"""


def test_hard_wrapped_lines_unwrap_and_paragraphs_stay() -> None:
    text = cleaned(WRAPPED)
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 2
    assert "\n" not in paragraphs[0]
    assert "economische weerbaarheid te vergroten" in paragraphs[0]
    assert paragraphs[1].endswith("zal gebeuren.")


def test_list_items_and_headings_keep_their_line() -> None:
    raw = (
        "Vraag 1\nBent u bekend met het artikel over de levering van kritieke grondstoffen\n"
        "uit China?\n\nDe vijf handelingsperspectieven zijn:\n- circulariteit en innovatie;\n"
        "- Europese mijnbouw en raffinage;\n- diversificatie.\n"
    )
    text = cleaned(raw)
    assert text.startswith("Vraag 1\nBent u bekend")
    assert "grondstoffen uit China?" in text
    assert "zijn:\n- circulariteit en innovatie;\n- Europese mijnbouw" in text


def test_markdown_bullets_become_dashes() -> None:
    assert cleaned("Lijst:\n\n* gallium\n* germanium\n+ grafiet") == (
        "Lijst:\n\n- gallium\n- germanium\n- grafiet"
    )


def test_lines_that_are_paragraphs_stay_lines() -> None:
    """News text with one paragraph per line (file 003) is not run together."""
    question = "Die aardmetalen zitten wereldwijd verspreid. Waarom heeft China zoveel macht?"
    answer = "STOOP. " + "China heeft de grootste mijnen en raffinaderijen van de wereld. " * 4
    text = cleaned(f"{question}\n{answer.strip()}\n{question}\n")
    assert text.count("\n") == 2


def test_crlf_and_lone_cr_are_newlines() -> None:
    assert cleaned("Eerste alinea.\r\n\r\nTweede alinea.\r\rDerde\ralinea.") == (
        "Eerste alinea.\n\nTweede alinea.\n\nDerde alinea."
    )


# --- page furniture ------------------------------------------------------------------------------


def test_page_numbers_go_and_a_sentence_cut_by_a_page_break_is_rejoined() -> None:
    raw = (
        "Deze leden hebben al vaker bepleit dat het kabinet moet werken aan en \n"
        "investeren in de randvoorwaarden en de kennis die daarvoor nodig is \n\n4\n\n\n\n"
        "voor wat verantwoorde diepzeemijnbouw kan zijn.\n"
    )
    assert cleaned(raw) == (
        "Deze leden hebben al vaker bepleit dat het kabinet moet werken aan en investeren in de "
        "randvoorwaarden en de kennis die daarvoor nodig is voor wat verantwoorde "
        "diepzeemijnbouw kan zijn."
    )


@pytest.mark.parametrize("furniture", ["12", "- 12 -", "Page 2 of 2", "pagina 3 van 10", "3/10"])
def test_page_number_lines_go(furniture: str) -> None:
    text = cleaned(f"Een alinea die eindigt.\n\n   {furniture}\n\nEen nieuwe alinea.")
    assert text == "Een alinea die eindigt.\n\nEen nieuwe alinea."


def test_a_question_number_above_its_question_stays() -> None:
    text = cleaned("Vragen van het lid Jansen.\n\n1\nBent u bekend met het bericht?\n")
    assert text == "Vragen van het lid Jansen.\n\n1\nBent u bekend met het bericht?"


def test_no_page_number_left_in_the_corpus() -> None:
    for path in CORPUS_FILES:
        lines = cleaned(corpus_text(path)).split("\n")
        assert not [line for line in lines if line.strip().isdigit()], path.name


# --- footnote markers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("aan banden heeft gelegd?[1]\n", "aan banden heeft gelegd?"),
        ("samen met Japan.<sup>1</sup> Daarnaast", "samen met Japan. Daarnaast"),
        ("kritieke grondstoffen.3 De leden", "kritieke grondstoffen. De leden"),
        ("in het artikel van Trouw1 staat", "in het artikel van Trouw staat"),
        ("van de Nationale Grondstoffenstrategie (NGS)2 en het", "(NGS) en het"),
        ("maar kan er niet bij'1?", "maar kan er niet bij'?"),
        ("Observatorium4, voorraadvorming5, verwerking6, en begin", "Observatorium, voorraad"),
        ("ambitieuzer dan een Europese1? Zo ja", "ambitieuzer dan een Europese? Zo ja"),
        ("de grondstoffen¹ van", "de grondstoffen van"),
        ("zie voetnoot [12] en [3, 4] hier", "zie voetnoot en hier"),
    ],
)
def test_footnote_markers_go(raw: str, expected: str) -> None:
    assert expected in cleaned(raw)


@pytest.mark.parametrize(
    "kept",
    [
        "de doelen voor 2030 zijn",
        "Kamerstuk 32 852, nr. 259",
        "de COVID-19 pandemie",
        "om CO2 op te slaan",
        "CO2-opslag",
        "een oppervlakte van 30 km2 groot",
        "van 1,2 miljard euro",
        "www.nrc.nl/nieuws/2025/04/18/in-handelsoorlog-springt-strijd-om-aardmetalen-eruit-a4890516",
        "ec.europa.eu/commission/presscorner/detail/da/statement_26_323",
        "zie art. 3 en nr. 5 hier",
        "de G7 en de H2O molecule",
        "(Kamerstuk 21501-32, nr. 1582)",
        "36 200 XII, nr. 56",
    ],
)
def test_numbers_that_belong_to_the_text_stay(kept: str) -> None:
    assert kept in cleaned(f"Tekst met {kept} erin.")


def test_footnote_bodies_stay_as_their_own_paragraphs() -> None:
    text = cleaned(corpus_text(CORPUS / "001_fa683727ed91ca3a.txt"))
    assert "\n2 Kamerstuk 32 852, nr. 224 en Kamerstuk 312 852, nr. 291\n3 Kamerstuk" in text
    assert "\n\n1 Trouw, 6 februari 2025, www.trouw.nl/" in text


# --- markup, quotes, spaces ----------------------------------------------------------------------


def test_markdown_remnants_go() -> None:
    raw = (
        "### **Critical Minerals Ministerial (CMM)**\n\n"
        "Op 4 februari organiseerde de VS een *Critical Minerals Ministerial* (CMM).\n\n"
        "---\n\n"
        "<sup>1</sup>\n\n"
        "[https://ec.europa.eu/presscorner/statement\\_26\\_323]"
        "(https://ec.europa.eu/presscorner/statement_26_323)\n\n"
        "Zie [de brief](https://www.rijksoverheid.nl/brief) en __dit__ \\* dat.\n\n"
        "## Reactie"
    )
    assert cleaned(raw) == (
        "Critical Minerals Ministerial (CMM)\n\n"
        "Op 4 februari organiseerde de VS een Critical Minerals Ministerial (CMM).\n\n"
        "https://ec.europa.eu/presscorner/statement_26_323\n\n"
        "Zie de brief (https://www.rijksoverheid.nl/brief) en dit * dat.\n\n"
        "Reactie"
    )


def test_html_remnants_go() -> None:
    raw = "<p>Gallium &amp; germanium</p><script>alert(1)</script><p>Ze zijn <b>kritiek</b>.</p>"
    assert cleaned(raw) == "Gallium & germanium\n\nZe zijn kritiek."


def test_quotes_and_spaces_are_unified() -> None:
    raw = "Het artikel „Europa\u00a0heeft” en ‘win-win’\u2009partnerschappen, China’s   rol."
    assert cleaned(raw) == "Het artikel \"Europa heeft\" en 'win-win' partnerschappen, China's rol."


def test_clean_is_idempotent_on_the_corpus() -> None:
    for path in CORPUS_FILES:
        text = cleaned(corpus_text(path))
        assert cleaned(text) == text, path.name


# --- the offset map ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_every_clean_character_maps_to_its_raw_character(path: Path) -> None:
    raw = corpus_text(path)
    text, offsets = clean(raw)
    assert len(offsets) == len(text)
    assert offsets.raw_length == len(raw)
    indices = list(offsets.indices)
    assert all(a < b for a, b in itertools.pairwise(indices))
    for position, char in enumerate(text):
        source = raw[indices[position]]
        assert char == source or source in SUBSTITUTES.get(char, ()), (position, char, source)


def comparable(text: str) -> str:
    """Text without whitespace and with typographic quotes straightened."""
    table = str.maketrans({**dict.fromkeys("“”„«»", '"'), **dict.fromkeys("‘’", "'")})
    return "".join(text.translate(table).split())


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_random_clean_spans_map_back_to_the_same_raw_text(path: Path) -> None:
    raw = corpus_text(path)
    text, offsets = clean(raw)
    mapped = set(offsets.indices)
    rng = random.Random(path.name)
    checked = attempts = 0
    while checked < 300 and attempts < 20_000:
        attempts += 1
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randint(1, 150))
        raw_start, raw_end = offsets.raw_span(start, end)
        dropped = [raw[i] for i in range(raw_start, raw_end) if i not in mapped]
        if any(not char.isspace() for char in dropped):
            continue  # a joined hyphen, a footnote marker or markup lies inside the span
        assert comparable(raw[raw_start:raw_end]) == comparable(text[start:end])
        checked += 1
    assert checked == 300


def test_raw_span_edges() -> None:
    raw = "  kennisge-\nnomen [1] van"
    text, offsets = clean(raw)
    assert text == "kennisgenomen van"
    assert offsets.raw_span(0, len("kennisgenomen")) == (2, raw.index(" [1]"))
    assert offsets.raw_span(0, 0) == (2, 2)
    assert offsets.raw_span(len(text), len(text)) == (len(raw), len(raw))
    with pytest.raises(IndexError):
        offsets.raw_span(3, len(text) + 1)
    with pytest.raises(IndexError):
        offsets.raw_span(5, 4)


def test_an_inserted_space_maps_to_the_line_break_it_replaces() -> None:
    raw = "economische\nweerbaarheid"
    text, offsets = clean(raw)
    assert text == "economische weerbaarheid"
    assert raw[offsets.raw_index(text.index(" "))] == "\n"


def test_shifted_map() -> None:
    _, offsets = clean("abc")
    moved = offsets.shifted(10, 13)
    assert isinstance(moved, OffsetMap)
    assert moved.raw_span(0, 3) == (10, 13)


def test_text_that_is_not_hard_wrapped_keeps_its_line_breaks() -> None:
    raw = "Postbus 20401\n2500 EK Den Haag\nkennisge-\nnomen"
    assert clean(raw, hard_wrapped=False)[0] == raw
