"""A question that names a document (by file name, organisation or kind) gets that document's passages first."""
from __future__ import annotations

from policy_qa.records import DocumentInfo
from types import SimpleNamespace

from policy_qa.search.naming import mere_names, name_words, named_documents, named_first, naming_words


def _doc(doc_id, file, organisation="", kind="document"):
    return DocumentInfo(doc_id=doc_id, file=file, title="Samen", kind=kind, date="2023-10", organisation=organisation,
                        description="")


DOCS = [_doc("gl", "vkp_tk2023_gl-pvda.pdf"), _doc("vvd", "vkp_gr2026_amsterdam_vvd.pdf"),
        _doc("brief", "kamerbrief_2011_draagmoederschap.pdf", "Ministerie van Justitie", "brief")]


def test_a_word_of_one_documents_file_name_or_kind_names_it_and_shared_words_name_none():
    names = name_words(DOCS)
    assert named_documents(naming_words("Hoeveel huizen wil GroenLinks-PvdA elk jaar bouwen?", names)) == {"gl"}
    assert named_documents(naming_words("Wat vindt de VVD Amsterdam van loting?", names)) == {"vvd"}
    assert named_documents(naming_words("Wat schrijft het ministerie in de brief?", names)) == {"brief"}
    # both files have 'vkp'; numbers name nothing
    assert named_documents(naming_words("Wat staat er in de vkp over wonen?", names)) == frozenset()
    assert named_documents(naming_words("Hoeveel huizen komen er bij in 2023?", names)) == frozenset()
    assert named_documents(naming_words("Wat is het plan voor Samen?", names)) == frozenset()  # titles are not names


def test_named_passages_move_ahead_within_the_pool_in_fused_order():
    ordered = [(0, .9), (1, .8), (2, .7), (3, .6), (4, .5), (5, .4), (6, .3), (7, .2), (8, .1), (9, .05), (10, .01)]
    doc = {i: "gl" if i in (2, 6, 10) else "vvd" for i in range(11)}.get
    assert [i for i, _ in named_first(ordered, doc, frozenset({"gl"}), 5)] == [2, 6, 0, 1, 3]
    assert named_first(ordered, doc, frozenset(), 3) == ordered[:3]


def test_a_name_the_document_is_about_stays_in_the_search_a_mere_name_does_not():
    """'draagmoederschap' (in its file name and in most of its passages) is the topic; 'pvda' only names."""
    passages = [SimpleNamespace(doc_id="brief", text=f"Draagmoederschap, deel {i}.") for i in range(4)] + \
               [SimpleNamespace(doc_id="gl", text=f"Wij willen betaalbare huizen, punt {i}.") for i in range(20)]
    names = name_words(DOCS, passages)
    naming = naming_words("Wat schrijft de kamerbrief over draagmoederschap, en wat wil PvdA?", names)
    assert naming == {"kamerbrief": "brief", "draagmoederschap": "brief", "pvda": "gl"}
    assert mere_names(naming, names) == {"kamerbrief", "pvda"}


def test_naming_the_document_brings_its_passages_first(retriever):
    """On the real index: 'het manifest' and 'de brief' (their kinds) move that document ahead, on the topic asked."""
    plain = retriever.search("Wat zegt Metaalunie over technisch onderwijs?", 5).hits
    named = retriever.search("Wat zegt het manifest over technisch onderwijs?", 5).hits
    assert plain[0].passage.doc_id == "brief-2025-formatie"
    assert [h.passage.doc_id for h in named[:3]] == ["manifest-tk2023"] * 3
    assert "techniekonderwijs" in named[0].passage.text.lower()
    plain = retriever.search("Wat zegt Metaalunie over innovatie?", 5).hits
    named = retriever.search("Wat staat er in de brief over innovatie?", 5).hits
    assert plain[0].passage.doc_id == "manifest-tk2023"
    assert named[0].passage.doc_id == "brief-2025-formatie" and "innovatie" in named[0].passage.text.lower()


def test_a_hyphenated_name_names_with_all_its_parts():
    """'GroenLinks-PvdA' names the manifesto by 'pvda' (its file name), so 'groenlinks' is a name too and leaves the
    search: left in, it drew the manifesto's introduction ("het eerste programma van GroenLinks en de PvdA") first."""
    passages = [SimpleNamespace(doc_id="gl", text=f"Wij willen betaalbare huizen, punt {i}.") for i in range(20)]
    names = name_words(DOCS, passages)
    naming = naming_words("Hoeveel wil GroenLinks-PvdA aan defensie uitgeven?", names)
    assert naming == {"groenlinks": "gl", "pvda": "gl"}
    assert mere_names(naming, names) == {"groenlinks", "pvda"}
    assert naming_words("Wil GroenLinks meer defensie?", names) == {}  # alone it names no file: it stays a word
