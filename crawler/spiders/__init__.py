"""Spiders of the crawler project (`SPIDER_MODULES`)."""
