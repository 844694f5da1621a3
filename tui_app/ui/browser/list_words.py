"""What the browser says about its list: the query line, the count, and the words of an
empty or failed list (with the keys that change it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

from tui_app.core.browse_query import BrowseQuery
from tui_app.core.order_pages import OrderPages
from tui_app.ui.formatting import count_phrase, safe

if TYPE_CHECKING:
    from tui_app.ui.problems import Problem

# A binding id -> the key that runs it now, as shown (the user may have rebound it).
KeyOf = Callable[[str], str]


def query_line(query: BrowseQuery) -> Text:
    """``search "shop" (sent as *shop*) · status REQ · sorted by …``."""
    if query.order_id is not None:
        return Text(f"Order {query.order_id}, looked up by its number")
    parts: list[str] = []
    if query.search.strip():
        if "*" in query.search:
            parts.append(f"search {query.pattern}")
        else:
            parts.append(f'search "{query.search.strip()}" (sent as {query.pattern})')
    if query.statuses:
        parts.append("status " + ", ".join(query.ordered_statuses))
    if query.expiring:
        parts.append("expiring within 30 days")
    view = " · ".join(parts) if parts else "All orders"
    return Text(safe(f"{view} · sorted by {query.describe_sort()}"))


def count_words(query: BrowseQuery, pages: OrderPages, account_total: int | None) -> str:
    """``37 of 10,000 orders`` when filtered and the account's total is known."""
    total = pages.total
    if total is None:
        return "" if pages.failed else "loading…"
    if query.is_filtered and account_total is not None:
        return f"{total:,} of {count_phrase(account_total)}"
    if query.is_filtered:
        return f"{count_phrase(total)} match"
    return count_phrase(total)


def empty_text(query: BrowseQuery, missing: str | None, key_of: KeyOf) -> Text:
    """Why the list is empty, and the keys that widen it."""
    words = query.filter_words()
    if not words:
        return Text("This account has no SSL orders yet.")
    if missing:
        text = Text(safe(missing), style="bold")
        text.append("\n\n")
    else:
        text = Text("No orders match ", style="bold")
        text.append(safe("; ".join(words)), style="bold")
        text.append(".\n\n")
    hints = []
    if query.pattern or query.order_id is not None:
        hints.append(f"{key_of('browser.search')} changes the search (an empty search shows all)")
    if query.statuses:
        hints.append(
            f"{key_of('browser.status')} changes the status filter "
            f"({key_of('status-filter.all')} in it clears it)"
        )
    if query.expiring:
        hints.append(f"{key_of('browser.expiring')} shows orders whatever their expiry")
    text.append("Keys: " + "; ".join(hints) + ".")
    return text


def problem_text(problem: Problem) -> Text:
    """A list that could not load: what failed, while doing what, and the key that retries."""
    text = Text()
    text.append(problem.title + "\n", style="bold")
    text.append(f"{problem.detail}\n(while {problem.where})\n\n")
    text.append(problem.hint, style="bold")
    return text
