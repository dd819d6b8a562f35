"""The Rasa project: its data, domain and the add-ons Rasa loads from here (bot/addons)."""
