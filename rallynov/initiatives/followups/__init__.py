"""Follow-ups by the holders of an initiative: a holder (a person whose account is linked to one of
the sheet's structures) proposes a dated follow-up with a picture from their space; the team
approves it (it becomes a `FollowUp` on the sheet, in a published revision) or rejects it. The team
is reminded of laureate sheets without follow-up for a year (`stale_laureate_sheets`)."""
