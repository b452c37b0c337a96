"""Settings package: base.py holds everything; dev, test and production override a few lines."""
