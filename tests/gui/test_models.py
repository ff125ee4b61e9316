"""Every model passes qtmodeltester, and holds what the FAQ says."""

from __future__ import annotations

from PySide6.QtCore import Qt

from zmdhelp.gui.models import (
    ENTRY_ID_ROLE,
    HTML_ROLE,
    KIND_ROLE,
    CategoryTreeModel,
    EntryListModel,
    ResultsModel,
    mark_spans,
)

from zmdhelp.search.engine import Hit

from .conftest import StubEngine


def test_tree_model_is_consistent_and_counts_entries(qtmodeltester, faq):
    model = CategoryTreeModel(faq)
    qtmodeltester.check(model)
    assert model.rowCount() == len(faq.categories) == 2
    total = 0
    for row in range(model.rowCount()):
        cat = model.index(row, 0)
        name = faq.categories[row].name
        n = len(faq.in_category(name))
        total += n
        assert cat.data() == f"{name}（{n}）"
        assert cat.data(KIND_ROLE) == "category"
        # every question appears exactly once under its category
        ids = []
        for t in range(model.rowCount(cat)):
            topic = model.index(t, 0, cat)
            if topic.data(KIND_ROLE) == "entry":
                ids.append(topic.data(ENTRY_ID_ROLE))
            for q in range(model.rowCount(topic)):
                ids.append(model.index(q, 0, topic).data(ENTRY_ID_ROLE))
        assert sorted(ids) == sorted(e.id for e in faq.in_category(name))
    assert total == len(faq)


def test_tree_index_of_finds_each_entry(faq):
    model = CategoryTreeModel(faq)
    for e in faq:
        assert model.index_of(e.id).data(ENTRY_ID_ROLE) == e.id
    assert not model.index_of("no-such-id").isValid()


def test_results_model(qtmodeltester, faq):
    model = ResultsModel()
    qtmodeltester.check(model)
    hits = StubEngine(faq).search("证书")
    model.set_hits(hits)
    qtmodeltester.check(model)
    assert model.rowCount() == len(hits) > 1
    assert model.index(1, 0).data(ENTRY_ID_ROLE) == hits[1].id
    assert model.row_of(hits[1].id) == 1
    model.set_hits([])
    assert model.rowCount() == 0


def test_results_html_highlights_spans_and_escapes():
    hit = Hit("a", "问<题>证书", ("类",), 1.0, "证书a&b", ((0, 2),), ((4, 6),))
    model = ResultsModel()
    model.set_hits([hit])
    html = model.index(0, 0).data(HTML_ROLE)
    assert "问&lt;题&gt;<span" in html and ">证书</span>" in html
    assert "a&amp;b" in html


def test_mark_spans_ignores_bad_and_overlapping_spans():
    out = mark_spans("abcdef", [(1, 3), (2, 4), (10, 12)])
    assert out.count("<span") == 2  # (1,3) and the rest of (2,4) = (3,4); (10,12) is outside
    assert out.startswith("a<span") and out.endswith("</span>ef")


def test_entry_list_model(qtmodeltester, faq):
    model = EntryListModel()
    qtmodeltester.check(model)
    model.set_entries(list(faq)[:3], ["（2 次）", "", ""])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == f"{faq.entries[0].question}　（2 次）"
    assert model.index(1, 0).data(Qt.ItemDataRole.DisplayRole) == faq.entries[1].question
    assert model.entry_ids() == [e.id for e in faq.entries[:3]]

