"""The citizen chat gateway: POST /api/chat, relayed to the dialogue engine (Rasa)."""
