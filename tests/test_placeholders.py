"""Placeholders: what counts as one, masking for scores, and the compatibility rule."""

import pytest

from kzgloss.placeholders import compatible, find, mask, styles_for_flags


@pytest.mark.parametrize("text, expected", [
    ("Delete selected %(verbose_name_plural)s", ["%(verbose_name_plural)s"]),
    ("%s by %d at %.2f%%", ["%s", "%d", "%.2f"]),
    ("Showing {0} of {total} ({1:.1%})", ["{0}", "{total}", "{1:.1%}"]),
    ("Literal {{braces}} and 100%% sure", []),
    ("100 % sure, 50 %s", ["%s"]),
    ("{} items in {}", ["{}", "{}"]),
    ("Hello {user.name}!", ["{user.name}"]),
    ("%1$s and %2$d", ["%1$s", "%2$d"]),
    ("No placeholders at all.", []),
])
def test_find(text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("source, translation, ok", [
    ("Delete %(name)s?", "Удалить %(name)s?", True),
    ("%(count)s of %(total)s", "%(total)s ішінен %(count)s", True),
    ("Delete %(name)s?", "Удалить?", False),
    ("Delete %(name)s?", "Удалить %(nom)s?", False),
    ("%s by %d", "%s — %d", True),
    ("%s by %d", "%d by %s", False),
    ("{0} of {1}", "{1} ішінен {0}", True),
    ("{} of {}", "{} из {}", True),
    ("Page {0}", "Страница {1}", False),
    ("Done", "Готово {0}", False),
])
def test_compatible(source, translation, ok):
    assert compatible(source, translation) is ok


def test_styles_follow_the_entry_flags():
    # In a python-brace-format entry, "%d" is plain text, so losing it is fine.
    assert compatible("{n} at 5%d", "{n} в 5", styles_for_flags(["python-brace-format"]))
    assert not compatible("{n} at 5%d", "{n} в 5", styles_for_flags(["python-format"]) + ("brace",))
    assert styles_for_flags(["no-python-format"]) == ("brace",)


def test_mask_makes_each_placeholder_one_character():
    masked = mask("Delete selected %(verbose_name_plural)s and {0}")
    assert len(masked) == len("Delete selected X and Y")
    assert mask("%(a)s") != mask("%(b)s")
    assert mask("No placeholders") == "No placeholders"
