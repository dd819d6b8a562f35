"""Handover: cases for a human, routing, the SLA calendar, the outbox and the officer API.

Entry point for the composition root: `handover.service.build_handover`.
"""
