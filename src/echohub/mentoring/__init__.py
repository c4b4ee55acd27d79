"""One-to-one mentoring between sessions (MMAP-style): mentors, questions, service targets."""
