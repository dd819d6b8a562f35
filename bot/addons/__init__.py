"""Code that Rasa loads from the project (its own environment, Python 3.10): nothing here imports the backend's
third-party packages, only the standard library and the backend's dependency-free helpers."""
