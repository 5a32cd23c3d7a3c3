"""Letter boilerplate is recognised so that answers skip it; real sentences pass unchanged."""
from __future__ import annotations

from policy_qa.ingest.boilerplate import answer_text, boilerplate_kind


def test_letterhead_contact_closing_and_toc_are_boilerplate():
    assert boilerplate_kind("Einsteinbaan 1 3439 NJ Nieuwegein Postbus 2600") == "address"
    assert boilerplate_kind("> Retouradres Postbus 20301 2500 EH Den Haag Aan de Voorzitter") == "address"
    assert boilerplate_kind("Directie Justitieel Jeugdbeleid Schedeldoekshaven 100 2511 EX Den Haag") == "address"
    assert boilerplate_kind("Met vriendelijke groet, Mark Helder Voorzitter Koninklijke Metaalunie") == "closing"
    assert boilerplate_kind("kunt u contact opnemen met zanten@metaalunie.nl of 06 - 532 899 37") == "contact"
    assert boilerplate_kind("Tel. 030 - 605 33 44") == "contact"
    assert boilerplate_kind("3. Breng de MKB-maakindustrie in positie .......... 7") == "toc"
    assert boilerplate_kind("Pagina 2 van 4") == "running"
    assert boilerplate_kind("Geachte heer Buma,") == "salutation"


def test_a_salutation_is_cut_off_the_sentence_it_opens():
    s = "Geachte heer Buma, Koninklijke Metaalunie, vertegenwoordiger van ruim 15.000 ondernemers, is blij."
    assert answer_text(s) == "Koninklijke Metaalunie, vertegenwoordiger van ruim 15.000 ondernemers, is blij."


def test_positions_and_background_are_not_boilerplate():
    for s in ("Ontkoppel energie-investeringen tijdelijk van stikstofregels om onnodige vertraging te voorkomen.",
              "De ruim 15.000 leden van Metaalunie bieden werk aan zo’n 180.000 werknemers.",
              "Op 22 november 2023 vinden de Tweede Kamerverkiezingen plaats.",
              "Uiterlijk in 2030 is de trend van achteruitgang van de biodiversiteit gekeerd.",
              "In 2040 is er geen netto CO2-uitstoot meer in de industrie.",
              "Voorgesteld 6 juli 2021 De Kamer, gehoord de beraadslaging, constaterende dat"):
        assert boilerplate_kind(s) is None and answer_text(s) == s
