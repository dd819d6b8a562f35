"""Rasa custom actions, run in-process by the backend (rasa_sdk's ActionExecutor)."""
