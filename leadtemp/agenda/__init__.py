"""The Today agenda: what to do now, in the seeds' priority order (hot leads waiting for an answer,
steps due, warm and hot leads whose follow-up cadence ran out, cold leads due a nurture step), and
when a lead will cool if nothing happens. Pure: no SQL, no files, no Qt."""
