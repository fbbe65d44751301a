"""Human-readable renderings for the terminal (JSON goes through :func:`print_json`)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from kzgloss.lookup import Match, term_json


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _term_line(t: dict[str, Any]) -> str:
    parts = [f"  {t['lang']:<8} {t['text']:<42} {t['status'] or 'not in use'}"]
    if t.get("valid_from"):
        parts.append(f"from {t['valid_from']}")
    if t.get("valid_until"):
        parts.append(f"until {t['valid_until']}")
    if t.get("replaced_by"):
        parts.append(f"→ {t['replaced_by']}")
    if t.get("register") and t["register"] != "neutral":
        parts.append(f"({t['register']})")
    return "  ".join(parts)


def render_match(match: Match, *, on: dt.date | None = None) -> str:
    head = (f"{match.concept}  [{match.match} {match.score:.0f}; matched {match.matched_term!r} "
            f"({match.matched_lang})]")
    terms = match.record.terms if match.record else []
    return "\n".join([head] + [_term_line(term_json(t, on=on)) for t in terms]) + "\n"


def render_concept(data: dict[str, Any]) -> str:
    lines = [data["id"] + (f"  ({data['subject']})" if data.get("subject") else "")]
    for lang, text in data.get("definition", {}).items():
        lines.append(f"  definition [{lang}]: {text}")
    for lang, text in data.get("note", {}).items():
        lines.append(f"  note [{lang}]: {text}")
    lines.append("terms:")
    for t in data["terms"]:
        lines.append(_term_line(t))
        for h in t.get("history", []):
            lines.append(f"  {'':8}   {h['date']}: {h['status']}" + (f" → {h['replaced_by']}" if h.get("replaced_by") else ""))
        if t.get("note"):
            lines.append(f"  {'':8}   note: {t['note']}")
    if data.get("citations"):
        lines.append("citations:")
        titles = {s["id"]: s for s in data.get("sources", [])}
        for c in data["citations"]:
            src = titles.get(c["source"], {})
            label = src.get("title", c["source"])
            lines.append(f"  “{c['quote']}” — {label}" + (f", {src['publisher']}" if src.get("publisher") else "")
                         + (f" ({src['date']})" if src.get("date") else ""))
    return "\n".join(lines)
