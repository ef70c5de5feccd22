"""British English: Django's formats with the 24-hour clock the product uses for slots and
redemptions (Django's en_GB says "4:30 p.m."); Chinese and Portuguese already use 24 hours."""
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
