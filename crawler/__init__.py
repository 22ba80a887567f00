"""mobicrawl: crawl a whole site and audit every page as phones see it."""
__version__ = "0.1.0"
