"""What a reminder or a digest says to one person.

Everything that depends on the recipient is chosen by the visibility selectors
of each app, evaluated as that recipient, so an email never names an object its
reader could not open. What does not depend on the recipient (who decides what
today, what changed in the period) is read once per run (``context.RunContext``);
what the rules ask of each recipient, once per chunk (``compiled.Viewer``).

The number of SQL queries per recipient is bounded (about ten at most, fewer
for people with no role), whatever the amount of content: each section is one
query (``sections``), and a section that cannot apply to the person is not asked.
"""
