/** What the rider is told when a turn could not be completed; the host (src/host) sends these. */

/** The turn failed on our side; the conversation starts fresh. */
export const TURN_FAILED_TEXT = 'Sorry, something went wrong on my side. Please try again, perhaps in other words.';

/** Their message crossed with another one and lost the race for the conversation's state (eTag). */
export const CONFLICT_TEXT = 'Your last two messages crossed on my side, so I could not take that one in. Please send it again.';
