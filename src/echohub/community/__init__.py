"""Discussion between sessions: topics, threads, replies, moderation and notifications."""
