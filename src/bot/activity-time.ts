import type { Activity } from 'botbuilder';

/**
 * The moment the rider sent the message: "in 20 minutes" counts from here, never from the
 * server's clock or zone. Channels send an ISO string; the test adapter a Date; some nothing.
 */
export function activityTime(activity: Partial<Activity>, fallback: () => Date = () => new Date()): Date {
  const raw: unknown = activity.timestamp ?? activity.localTimestamp;
  const t = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : undefined;
  return t && !Number.isNaN(t.getTime()) ? t : fallback();
}

/** The rider's IANA time zone if the channel says (Emulator/Web Chat localTimezone, Teams clientInfo). */
export function riderZone(activity: Partial<Activity>): string | undefined {
  if (typeof activity.localTimezone === 'string' && activity.localTimezone) return activity.localTimezone;
  const info = activity.entities?.find((e) => e.type === 'clientInfo') as { timezone?: unknown } | undefined;
  return typeof info?.timezone === 'string' && info.timezone ? info.timezone : undefined;
}
