"""Ukrainian dates without Django's trailing year abbreviation: a sentence ending in a date ("... on {day}.") would
end in a double full stop, and the year needs no abbreviation after a month name."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y H:i"
