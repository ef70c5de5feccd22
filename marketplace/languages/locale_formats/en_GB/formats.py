"""British English with the 24-hour clock, as shops, bookings and vouchers in Europe are read:
"3 Dec 2026, 16:00" rather than Django's "3 Dec 2026, 4 p.m." (Portuguese and Chinese already
use 24 hours)."""
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
