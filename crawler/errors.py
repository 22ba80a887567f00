"""The errors the command line turns into one line and an exit code (2 usage or config, 3 cannot run)."""


class ConfigError(ValueError):
    """A config or usage problem; its text is the one line the user sees (exit 2)."""


class CrawlFailed(RuntimeError):
    """The crawl itself could not run (exit 3)."""


class HistoryUnavailable(RuntimeError):
    """The history database cannot be opened or written; the text is one line without the password (exit 3)."""
