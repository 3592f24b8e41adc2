"""The access log without query strings.

uvicorn logs every request line as sent, and a GraphQL GET carries the whole operation in its
URL (``/graphql?query=...&variables=...``): a mutation sent by GET is refused (405), but its
inline ``password: "..."`` would still reach the log. The path is kept; the query string is
replaced by ``?...``.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


class HideQueryStrings(logging.Filter):
    """Rewrites uvicorn's access record ``(client, method, path, http version, status)``."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            path, mark, _ = args[2].partition("?")
            if mark:
                record.args = (args[0], args[1], path + "?...", *args[3:])
        return True


def hide_query_strings(logger_name: str = ACCESS_LOGGER) -> None:
    """Install :class:`HideQueryStrings` on the access logger (once per process)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, HideQueryStrings) for f in logger.filters):
        logger.addFilter(HideQueryStrings())
