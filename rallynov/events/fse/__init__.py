"""FSE+ participant data: the characteristics that the common output indicators of Regulation (EU)
2021/1057, Annex I, need, asked at registration when an event is co-financed by the European
Social Fund Plus, and the indicators computed from them (`indicators.fse_indicators`).

Two records per participant, each with its own consent: `ParticipantProfile` (gender, age band,
labour-market status, education level) and `ParticipantSensitiveProfile` (disability, minority —
special categories of art. 9 RGPD — and the other sensitive characteristics of the annex), read
only by the funders' reporting role and superusers, kept for the shortest time the funder allows.
"""
