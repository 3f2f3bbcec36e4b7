"""Qualification beside temperature: a lead's budget, authority, need and timeline, and the stage
(lead, prospect, qualified) they make. Pure: no SQL, no files."""
