"""The public questionnaire "Wat kan ik krijgen?": every subsidy scheme's verdict for one worker and course."""
