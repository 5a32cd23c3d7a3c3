"""Pure text helpers: sentence cuts."""
from __future__ import annotations

from policy_qa.text import split_sentences


def test_a_sentence_is_not_cut_after_an_abbreviation():
    # 'max. 750 uur' used to end a sentence at 'max.', so the answer box quoted half of the figure's sentence.
    line = "Maar ook door meer tijdelijke fossiele oplossingen (max. 750 uur per jaar). Flexibel netgebruik."
    assert split_sentences(line) == ["Maar ook door meer tijdelijke fossiele oplossingen (max. 750 uur per jaar).",
                                     "Flexibel netgebruik."]
    assert split_sentences("Geachte dhr. Buma, dit is een brief. Tweede zin.") == [
        "Geachte dhr. Buma, dit is een brief.", "Tweede zin."]
    assert split_sentences("Het maximum is 750. Daarna stopt het.") == ["Het maximum is 750.", "Daarna stopt het."]
