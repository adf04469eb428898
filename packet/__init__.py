"""Packet: turn a pile of evidence into one filing-ready PDF for prosecutorial-discretion requests."""

__version__ = "0.1.0"
APP_NAME = "Packet"
