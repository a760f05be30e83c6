"""Harvesting a partner's catalogue (`rallynov harvest`): a CSV or JSON at a URL, configured per
source in the admin (column and theme mapping, schedule). Every harvested row becomes a draft
sheet in the programme's moderation workflow (nothing is published before the team approves it),
with the source kept on the sheet and the possible duplicates found as for public submissions.

- `models`: HarvestSource (what to fetch and how to read it), HarvestedSheet (where a sheet came from);
- `fetching`: the download, with a timeout and a size cap;
- `parsing`: CSV or JSON into rows, mapped to the import columns;
- `running`: one harvest of one source, in one transaction.
"""
