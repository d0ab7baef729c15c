"""core.querysets.CountedByParts: a count added up from disjoint parts."""

import pytest
from django.db.models import Q

from core.models import Email
from core.querysets import CountedByParts

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails() -> None:
    for number, (status, language) in enumerate(
        (status, language) for status in ("pending", "sent", "failed") for language in ("fr", "en")
    ):
        Email.objects.create(
            key=f"k{number}",
            to="someone@example.org",
            language=language,
            subject="s",
            body_text="t",
            message_id=f"<{number}@labsite>",
            status=status,
        )


def counted() -> CountedByParts[Email]:
    return CountedByParts(Email).counted_by_parts(Q(language="fr"), Q(language="en"))


def test_the_count_is_the_sum_of_the_parts_filtered_as_the_queryset(emails, django_assert_num_queries):
    rows = counted().filter(status__in=["pending", "sent"])
    with django_assert_num_queries(1) as captured:
        assert rows.count() == 4
    assert captured.captured_queries[0]["sql"].count(") part)") == 2  # two parts counted
    # The parts survive later filters and clones, and count only what the queryset lists.
    assert rows.filter(status="sent").count() == 2
    assert rows.exclude(language="fr").count() == 2
    assert rows.order_by("-id").filter(to="someone@example.org").count() == 4


def test_a_count_the_parts_cannot_answer_is_counted_plainly(emails, django_assert_num_queries):
    rows = counted()
    assert rows.none().count() == 0
    for plain in (rows[:3], rows.distinct(), rows.annotate(sent=Q(status="sent")), rows.order_by("pk")[1:]):
        with django_assert_num_queries(1) as captured:
            plain.count()
        assert ") part)" not in captured.captured_queries[0]["sql"]
    assert rows[:3].count() == 3
    listed = list(rows)
    with django_assert_num_queries(0):  # already read: counted from its rows
        assert rows.count() == len(listed) == 6


def test_a_queryset_without_parts_counts_as_usual(emails, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        assert CountedByParts(Email).count() == 6
    assert ") part)" not in captured.captured_queries[0]["sql"]


def test_a_part_that_can_hold_no_row_counts_none(emails):
    rows = CountedByParts(Email).counted_by_parts(Q(pk__in=[]), Q(language="en"))
    assert rows.count() == 3
    assert CountedByParts(Email).counted_by_parts(Q(pk__in=[]), Q(pk__in=[])).count() == 0
