"""Webhooks: each event of a series' reports posted to its endpoints:
signed JSON (Standard Webhooks) or a Teams card."""
