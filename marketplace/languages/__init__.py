"""The languages people read: choosing one, remembering it, writing to each person in theirs, and
content (deals, options, stores) given in several languages."""
