"""Replaces the stock phonenumbers hook, which collects every submodule: the app parses and formats
numbers, so the geocoding, carrier and time-zone tables (~45 MB of source) stay out."""

from PyInstaller.utils.hooks import collect_submodules

_UNUSED = (
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
)

hiddenimports = collect_submodules("phonenumbers", filter=lambda name: not name.startswith(_UNUSED))
