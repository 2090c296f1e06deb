import { TextPrompt, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { DIRECTION_WORDS } from '../../pipeline/types';
import { activityTime } from '../activity-time';
import { mergeUnderstanding, type Change, type TripDraft } from '../draft';
import { missingSlot, question, type Slot } from '../questions';
import { say } from '../replies/messages';
import { timeInWords } from '../replies/words';
import { understand, MAX_MESSAGE_LENGTH } from '../understand';
import { PAST_GRACE_MINUTES } from '../understand/time';
import { CancelAndHelpDialog } from './cancel-and-help-dialog';

export const TRIP_DIALOG = 'tripDialog';
const TRIP_WATERFALL = 'tripWaterfall';
const SLOT_PROMPT = 'slotPrompt';

/** What the trip dialog starts (and loops) with. */
export interface TripDialogOptions {
  draft: TripDraft;
  /** Said before the next question: corrections of the last answer. */
  notes: string[];
}

/** What the trip dialog ends with: the complete draft and anything to say with the answer. */
export interface TripDialogResult {
  draft: TripDraft;
  notes: string[];
}

/**
 * What to ask next, or undefined when the trip is complete. A trip time that has gone by (the
 * conversation took a while) is dropped, with a note, so it is asked again.
 */
export function nextQuestion({ draft, notes }: TripDialogOptions, now: Date): Slot | undefined {
  if (draft.time && new Date(draft.time).getTime() < now.getTime() - PAST_GRACE_MINUTES * 60_000) {
    delete draft.time;
    notes.push(say.timePassedNow);
  }
  return missingSlot(draft);
}

/**
 * Fills route, direction and time, one question at a time, until the trip is complete. Every
 * answer is read in full, so it may fill several slots at once or correct an earlier one.
 * Ends with a TripDialogResult.
 */
export class TripDialog extends CancelAndHelpDialog {
  /** @param clock "now" for messages without a timestamp */
  constructor(private readonly clock: () => Date = () => new Date()) {
    super(TRIP_DIALOG);
    // Every answer is accepted: the merge step decides what it means (empty, emoji, a stray word).
    this.addDialog(new TextPrompt(SLOT_PROMPT, async () => true));
    this.addDialog(new WaterfallDialog(TRIP_WATERFALL, [this.askStep.bind(this), this.mergeStep.bind(this)]));
    this.initialDialogId = TRIP_WATERFALL;
  }

  private async askStep(step: WaterfallStepContext<TripDialogOptions>): Promise<DialogTurnResult> {
    const { draft, notes } = step.options;
    const slot = nextQuestion(step.options, activityTime(step.context.activity, this.clock));
    if (!slot) return step.endDialog({ draft, notes } satisfies TripDialogResult);
    (step.values as { slot?: string }).slot = slot;
    return step.prompt(SLOT_PROMPT, { prompt: question(slot, draft, notes), retryPrompt: question(slot, draft, []) });
  }

  private async mergeStep(step: WaterfallStepContext<TripDialogOptions>): Promise<DialogTurnResult> {
    const { draft } = step.options;
    const slot = (step.values as { slot?: string }).slot;
    const raw = typeof step.result === 'string' ? step.result : undefined;
    const ref = activityTime(step.context.activity, this.clock);
    const u = understand(raw, ref, {
      expecting: slot as Slot | undefined,
      day: draft.day,
      // A time already given is the one a half-said time changes ("make it 9": on that day).
      trip: draft.time ? { time: new Date(draft.time) } : undefined,
    });
    const merged = mergeUnderstanding(draft, u);
    // Say what changed, so a correction is not taken in silence ("OK, the 506 instead.").
    merged.notes.unshift(...merged.changes.map((c) => changeNote(c, ref)));
    if (u.intent === 'empty') merged.notes.push(say.textOnly);
    else if (u.intent === 'greeting') merged.notes.push(say.hi);
    else if (u.intent === 'thanks') merged.notes.push(say.youAreWelcome);
    else if (u.intent !== 'trip') merged.notes.push(say.notUnderstood);
    else if (u.truncated) merged.notes.push(say.longMessage(MAX_MESSAGE_LENGTH));
    return step.replaceDialog(TRIP_WATERFALL, { draft: merged.draft, notes: merged.notes } satisfies TripDialogOptions);
  }
}

function changeNote(change: Change, ref: Date): string {
  switch (change.slot) {
    case 'route':
      return say.changedRoute(change.route);
    case 'direction':
      return say.changedDirection(DIRECTION_WORDS[change.direction]);
    case 'time':
      return say.changedTime(timeInWords(new Date(change.time), ref));
  }
}
