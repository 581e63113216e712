"""The President's time limits on laws and ordinances as data the workflow uses.

Hiến pháp 2013, Điều 88 khoản 1, and Luật Ban hành văn bản quy phạm pháp luật 2025 (64/2025/QH15), Điều 43
khoản 1 (read from a public copy of the law):
- the President promulgates a law or an ordinance no later than 15 days from the day it is passed;
- for an ordinance the President may ask the National Assembly Standing Committee to reconsider it, sending
  the request no later than 10 days from the day it was passed; the Committee reconsiders it at its nearest
  session; once the Committee passes it again, the President promulgates it no later than 15 days from that
  day; if the President still disagrees, the President submits it to the National Assembly at its nearest
  session.

The law says "ngày": calendar days, counted as the Civil Code counts them (day 1 is the day after the
passing; a last day that is a day off moves to the next working day: chancery.core.workdays), by the clocks
of chancery.casework.

The 2015 law's shorter limit for a text passed by the shortened procedure (5 days, Điều 80 of Law
80/2015/QH13) is not in the 2025 law for laws and ordinances: its 5 days (Điều 43.2) are the Secretary
General's for resolutions.
"""

from __future__ import annotations

from chancery.casework.rules import ClockUnit

LAW = "law"
ORDINANCE = "ordinance"
KINDS = {LAW: "Luật", ORDINANCE: "Pháp lệnh"}
KIND_CHOICES = [(LAW, "Luật"), (ORDINANCE, "Pháp lệnh")]
PASSED_BY = {LAW: "Quốc hội", ORDINANCE: "Ủy ban Thường vụ Quốc hội"}

BASIS = "Hiến pháp 2013, Điều 88; Luật Ban hành văn bản quy phạm pháp luật 2025, Điều 43"

PROMULGATION = "promulgation"
PROMULGATION_AGAIN = "promulgation_again"
RECONSIDERATION = "reconsideration"
COMMENTS = "comments"
# A draft law or ordinance sent for the office's comments: the due date is the one the drafting body's
# letter gives (Luật 64/2025/QH15 leaves the time for comments to the body that asks), at most this far off.
COMMENTS_MAX_DAYS = 90

PROMULGATION_DAYS = 15
RECONSIDERATION_DAYS = 10
UNIT = ClockUnit.CALENDAR
