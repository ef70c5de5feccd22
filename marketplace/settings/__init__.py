"""Settings: base.py reads the environment; dev.py, test.py and demo.py change only what they need."""
