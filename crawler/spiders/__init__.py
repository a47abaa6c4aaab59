"""Spiders decide what to fetch; page objects decide what a page says."""
