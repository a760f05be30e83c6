"""Views of the studies part, by audience: `public`, `answering` (respondents), `analysis` and
`staff` (the programme team). Thin: permission → form → domain → redirect or render."""
