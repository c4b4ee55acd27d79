"""The live session: the facilitator's console and the participant's live page, in real time."""
