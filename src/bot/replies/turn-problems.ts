/** What the rider is told when a turn could not be completed; the host (src/host) sends these. */
import { botWords } from './catalogue';

/** The turn failed on our side; the conversation starts fresh. */
export const TURN_FAILED_TEXT = botWords().turn.failed;

/** Their message crossed with another one and lost the race for the conversation's state (eTag). */
export const CONFLICT_TEXT = botWords().turn.conflict;
