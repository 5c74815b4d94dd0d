-- Closing an event (issue 18, "creates, fills, plans and closes"): once the day is over the
-- organiser closes it, and registrations, shortlists, plans and the way of meeting stop
-- changing; outcomes (offers, hires come weeks later), exports and a worker's withdrawal of
-- consent go on. NULL: open. Reopening clears it.
ALTER TABLE events ADD COLUMN closed_at timestamptz;
